// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/**
 * The layers of ../shared/design/architecture.md, kept by the linter rather than by review:
 * - src/domain is pure: no @forge package, no Node built-in, nothing from the other layers;
 * - src never imports local/ (never deployed);
 * - each Forge package is imported in its one boundary folder only.
 */
const FORGE_BOUNDARIES = {
  '@forge/api': ['src/csm', 'src/sources', 'src/platform'],
  '@forge/kvs': ['src/store'],
  '@forge/events': ['src/queue'],
  '@forge/resolver': ['src/resolvers'],
  '@forge/react': ['src/frontend'],
  '@forge/bridge': ['src/frontend'],
};
const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const LOCAL = {
  group: ['**/local/**', '../local', '../../local'],
  message: 'src/ is deployed; local/ is not: src never imports it.',
};

/** no-restricted-imports for files under `folder`: every Forge package outside its boundary, and local/. */
function layerRule(folder, extra = {}) {
  const paths = Object.entries(FORGE_BOUNDARIES)
    .filter(([, allowed]) => !allowed.includes(folder))
    .map(([name, allowed]) => ({
      name,
      message: `${name} is imported only in ${allowed.join(', ')} (the platform boundary).`,
    }));
  return ['error', { paths: [...paths, ...(extra.paths ?? [])], patterns: [LOCAL, ...(extra.patterns ?? [])] }];
}

const srcFolders = [
  'src/csm',
  'src/sources',
  'src/platform',
  'src/store',
  'src/queue',
  'src/resolvers',
  'src/frontend',
  'src/jobs',
  'src/triggers',
];

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
  { files: ['src/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': layerRule('src') } },
  ...srcFolders.map((folder) => ({
    files: [`${folder}/**/*.{ts,tsx}`],
    rules: { 'no-restricted-imports': layerRule(folder) },
  })),
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': layerRule('src/domain', {
        paths: NODE_BUILTINS.map((name) => ({
          name,
          message: 'src/domain is pure: it runs in the browser too. No Node built-ins.',
        })),
        patterns: [
          {
            group: [
              '../csm/**',
              '../store/**',
              '../jobs/**',
              '../resolvers/**',
              '../frontend/**',
              '../queue/**',
              '../sources/**',
              '../platform/**',
              '../triggers/**',
            ],
            message: 'src/domain is the lowest layer: it imports nothing from the layers above it.',
          },
        ],
      }),
    },
  },
  {
    files: ['src/frontend/**/*.tsx', 'src/frontend/**/*.ts', 'local/playground/browser/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.jest } },
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
