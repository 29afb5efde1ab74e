import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { checkBundle } from '../../local/checks/bundle';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The app's tsconfig.json without the DOM library and the Node.js types: the fixtures' line of code uses neither,
 * and ts-loader parsed their 85,000 lines of declarations at each build as forge deploy (3 of this file's 7.5
 * CPU-s). What the builds fail on (noEmit, a type error, an import that does not resolve) does not depend on them.
 */
function leanTsconfig(): string {
  const file = path.join(ROOT, 'tsconfig.json');
  const { config, error } = ts.parseConfigFileTextToJson(file, readFileSync(file, 'utf8'));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const lib = (config.compilerOptions.lib as string[]).filter((name) => name.toUpperCase() !== 'DOM');
  config.compilerOptions = { ...config.compilerOptions, lib, types: [] };
  return JSON.stringify(config, null, 2);
}

/** An app folder (node_modules linked, not copied) with the app's tsconfig.json (lean), edited, and the given files. */
function appFolder(editTsconfig: (tsconfig: string) => string, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'csm-bundle-'));
  writeFileSync(path.join(dir, 'tsconfig.json'), editTsconfig(leanTsconfig()));
  cpSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The smallest app forge deploy bundles: one function module. */
const MANIFEST = [
  'modules:',
  '  function:',
  '    - key: run',
  '      handler: index.run',
  'app:',
  '  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000',
  '  runtime:',
  '    name: nodejs22.x',
].join('\n');

const withNoEmit = (tsconfig: string) =>
  tsconfig.replace('"compilerOptions": {', '"compilerOptions": {\n    "noEmit": true,');

// Real webpack builds. npm test bundles the whole app in its checks lane (fast); here small apps that break it.
describe('the offline bundle check (@forge/bundler, as forge deploy)', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  // forge deploy's ts-loader stops at noEmit; the fast check, which transpiles only, reads it from tsconfig.json.
  it.each([
    ['as forge deploy', false],
    ['fast', true],
  ])(
    '%s: fails, naming noEmit, when tsconfig.json keeps ts-loader from emitting',
    async (_mode, fast) => {
      dir = appFolder(withNoEmit, { 'manifest.yml': MANIFEST, 'src/index.ts': 'export const run = () => 1;\n' });
      const result = await checkBundle(dir, { fast });
      expect(result.ok).toBe(false);
      expect(result.problems.join('\n')).toMatch(/TypeScript emitted no output[\s\S]*fix: .*"noEmit": true/);
    },
    120_000,
  );

  it('as forge deploy: fails on a type error, as ts-loader type-checks while it bundles', async () => {
    dir = appFolder((tsconfig) => tsconfig, {
      'manifest.yml': MANIFEST,
      'src/index.ts': 'export const run = (): number => "one";\n',
    });
    const result = await checkBundle(dir);
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(/not assignable to type 'number'[\s\S]*fix: ts-loader type checks/);
  }, 120_000);

  it('fast: fails on an import that does not resolve, and bundles without type checks', async () => {
    dir = appFolder((tsconfig) => tsconfig, {
      'manifest.yml': MANIFEST,
      'src/index.ts': "import { gone } from './gone';\nexport const run = (): number => gone;\n",
    });
    const broken = await checkBundle(dir, { fast: true });
    expect(broken.problems.join('\n')).toMatch(/Module not found[\s\S]*fix: an import does not resolve/);
    writeFileSync(path.join(dir, 'src/index.ts'), 'export const run = (): number => "one";\n');
    expect(await checkBundle(dir, { fast: true })).toMatchObject({ ok: true, entries: [{ name: 'index', ok: true }] });
  }, 120_000);
});
