// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import jest from 'eslint-plugin-jest';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './local/checks/layerRule.mjs';

/*
 * The layers of ../shared/design/architecture.md, kept by the linter rather than by review: `layers/imports`
 * (local/checks/layerRule.mjs, its table LAYERS) resolves each import against the importing file's path, so the
 * rules hold at any depth:
 * - src/domain imports no other layer, no @forge package and no Node built-in;
 * - each boundary (src/csm, src/store, src/queue, src/sources, src/platform) imports only the domain (and src/clock.ts);
 * - src/jobs, the engine, imports the domain, the boundaries and the resolver contract (whose answers its views
 *   produce), never a Forge package directly;
 * - src/frontend, the page, imports only the domain and the resolver contract (src/resolvers/contract/: each
 *   resolver's payload schema and answer type), nothing else of the backend, not even with `import type`;
 * - each Forge package is imported in its one boundary folder only; src never imports outside src/ (local/ is not
 *   deployed).
 * test/checks/layers.test.ts holds a probe file that breaks each rule.
 */

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'test-results/', '.local/', 'static/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its error and its ordering (a write that may land after the
    // next one). One program for src/, local/ and test/: tsconfig.check.json, the one `npm run typecheck` builds.
    files: ['{src,local,test}/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // UI Kit calls an event handler and drops what it returns: the page's async handlers catch their own errors.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { layers: layersPlugin },
    rules: {
      'layers/imports': 'error',
      // A job's status has one writer, the gate (src/domain/jobStatus.ts: transition), which refuses moves it does not allow.
      'no-restricted-syntax': [
        'error',
        {
          selector: "AssignmentExpression[left.type='MemberExpression'][left.property.name='status']",
          message: "Change a job's status with transition(job, to, at) from src/domain/jobStatus.ts, the one gate.",
        },
      ],
      // A file is one responsibility, a function one step: what outgrows these is split, not exempted.
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  { files: ['src/domain/jobStatus.ts'], rules: { 'no-restricted-syntax': 'off' } },
  {
    files: ['src/frontend/**/*.tsx', 'src/frontend/**/*.ts', 'local/playground/browser/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  { files: ['test/**/*.{ts,tsx}'], ...jest.configs['flat/recommended'] },
  {
    files: ['test/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.jest } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      // A test that asserts nothing cannot fail; expect400 (test/emulator) is an assertion of its own.
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect400'] }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
