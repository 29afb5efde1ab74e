import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkBundle } from '../../local/checks/bundle';

const ROOT = path.resolve(__dirname, '../..');

/** A copy of the app (node_modules linked, not copied) whose tsconfig.json a test may break. */
function appCopy(editTsconfig: (tsconfig: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'csm-bundle-'));
  cpSync(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
  for (const file of ['manifest.yml', 'package.json']) cpSync(path.join(ROOT, file), path.join(dir, file));
  writeFileSync(path.join(dir, 'tsconfig.json'), editTsconfig(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

// Real webpack builds. npm test bundles the whole app in check:bundle; here a broken copy builds one entry only.
describe('the offline bundle check (@forge/bundler, as forge deploy)', () => {
  it('fails, naming noEmit, when tsconfig.json keeps ts-loader from emitting', async () => {
    const dir = appCopy((tsconfig) =>
      tsconfig.replace('"compilerOptions": {', '"compilerOptions": {\n    "noEmit": true,'),
    );
    try {
      const result = await checkBundle(dir, { only: ['index'] });
      expect(result.ok).toBe(false);
      expect(result.entries).toEqual([expect.objectContaining({ name: 'index', kind: 'functions', ok: false })]);
      expect(result.problems.join('\n')).toMatch(/TypeScript emitted no output[\s\S]*fix: .*"noEmit": true/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
