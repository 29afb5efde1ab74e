import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleCache } from '../../local/playground/bundleCache';

/** The page bundle an earlier playground start built is taken only while the files it was built from are as they were. */
describe('the playground bundle cache', () => {
  let root: string;
  const key = () => `bundle cache test ${root}`;
  const inputs = ['src/a.ts', 'src/deep/b.ts'];
  const past = Date.now() - 60_000;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'bundle-cache-'));
    mkdirSync(path.join(root, 'src/deep'), { recursive: true });
    for (const input of inputs) writeFileSync(path.join(root, input), `// ${input}\n`);
    for (const at of [...inputs, 'src/deep', 'src']) utimesSync(path.join(root, at), new Date(past), new Date(past));
  });
  afterEach(() => {
    rmSync(bundleCache(key(), root).file, { force: true });
    rmSync(root, { recursive: true, force: true });
  });

  it('answers the bundle kept while its files are unchanged, and nothing once one changed', () => {
    bundleCache<string>(key(), root).write(inputs, 'built', Date.now());
    expect(bundleCache<string>(key(), root).read()).toBe('built');
    expect(bundleCache<string>(`${key()} other options`, root).read()).toBeUndefined();
    writeFileSync(path.join(root, 'src/deep/b.ts'), '// b, edited\n');
    expect(bundleCache<string>(key(), root).read()).toBeUndefined();
  });

  it('answers nothing once a file was added beside one it was built from (an import may now resolve to it)', () => {
    bundleCache<string>(key(), root).write(inputs, 'built', Date.now());
    writeFileSync(path.join(root, 'src/deep/b.tsx'), '// shadows b.ts\n');
    expect(bundleCache<string>(key(), root).read()).toBeUndefined();
  });

  it('keeps nothing when a file changed while the build read the files', () => {
    const startedAt = Date.now();
    writeFileSync(path.join(root, 'src/a.ts'), '// a, saved during the build\n');
    bundleCache<string>(key(), root).write(inputs, 'built', startedAt);
    expect(bundleCache<string>(key(), root).read()).toBeUndefined();
  });
});
