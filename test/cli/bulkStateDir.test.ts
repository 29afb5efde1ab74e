import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bulk, fiveRegionsChanged, PROFILES, ROOT, summaryOf, writes, tempDir } from './bulkProcess';
import { startEmulator, type CsmEmulator } from '../../local/emulator';

describe('bulk: the state directory (.local/ by default) and its lock', () => {
  let dir: string;
  let children: ChildProcess[];
  beforeEach(() => {
    dir = tempDir('bulk-state-dir-');
    children = [];
  });
  afterEach(() => {
    for (const child of children) child.kill();
  });

  it('apply with no --state-dir keeps its job in .local/: undo JOB_ID in a later run finds it and restores; export reads the same organizations', async () => {
    const inDir = { cwd: dir };
    expect((await bulk(['apply', PROFILES, '--json'], undefined, inDir)).code).toBe(0);
    const before = path.join(dir, 'before.csv');
    expect((await bulk(['export', '--out', before], undefined, inDir)).code).toBe(0);
    expect(readFileSync(before, 'utf8')).toContain('Wayne Enterprises');

    const applied = await bulk(['apply', fiveRegionsChanged(dir).file, '--json'], undefined, inDir);
    const job = summaryOf(applied.stdout);
    expect(job).toMatchObject({ status: 'SUCCEEDED', succeeded: 5, unchanged: 15 });
    const changed = path.join(dir, 'changed-export.csv');
    expect((await bulk(['export', '--out', changed], undefined, inDir)).code).toBe(0);
    expect(readFileSync(changed, 'utf8')).not.toBe(readFileSync(before, 'utf8'));

    const undone = await bulk(['undo', job.jobId, '--json'], undefined, inDir);
    expect({ code: undone.code, stderr: undone.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(summaryOf(undone.stdout)).toMatchObject({ status: 'SUCCEEDED', succeeded: 5 });
    const after = path.join(dir, 'after.csv');
    expect((await bulk(['export', '--out', after], undefined, inDir)).code).toBe(0);
    expect(readFileSync(after, 'utf8')).toBe(readFileSync(before, 'utf8'));

    // Every run removed its lock.
    expect(existsSync(path.join(dir, '.local/kvs.json'))).toBe(true);
    expect(existsSync(path.join(dir, '.local/bulk.lock'))).toBe(false);
  });

  it('a state dir locked by a live process is refused: exit 3, one line naming it, nothing written', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(sleeper);
    const state = path.join(dir, '.local');
    mkdirSync(state);
    const lock = JSON.stringify({ pid: sleeper.pid, command: 'apply', startedAt: new Date().toISOString() });
    writeFileSync(path.join(state, 'bulk.lock'), lock);
    const refusal = new RegExp(
      `^The state directory .* is in use by bulk apply \\(pid ${sleeper.pid}, .*\\): wait for it to end, or pass --state-dir OTHER_DIR\\.`,
    );

    const applied = await bulk(['apply', PROFILES, '--kind', 'profiles', '--json'], undefined, { cwd: dir });
    expect(applied.code).toBe(3);
    expect(applied.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(refusal)]);
    expect(applied.stdout).toBe('');
    const exported = await bulk(['export', '--state-dir', state]);
    expect(exported.code).toBe(3);
    expect(exported.stderr).toMatch(refusal);

    expect(existsSync(path.join(state, 'kvs.json'))).toBe(false);
    expect(existsSync(path.join(state, 'emulator.json'))).toBe(false);
    expect(readFileSync(path.join(state, 'bulk.lock'), 'utf8')).toBe(lock);
  });

  describe('against a standalone emulator', () => {
    let emulator: CsmEmulator;
    beforeEach(async () => {
      emulator = await startEmulator({ taskMs: 50 });
    });
    afterEach(async () => emulator.close());

    it('a lock left by a process that has ended is taken over, and the command runs', async () => {
      const ended = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
      await once(ended, 'exit');
      const state = path.join(dir, 'state');
      mkdirSync(state);
      writeFileSync(
        path.join(state, 'bulk.lock'),
        JSON.stringify({ pid: ended.pid, command: 'apply', startedAt: '2025-01-01T00:00:00.000Z' }),
      );
      const applied = await bulk(['apply', PROFILES, '--csm-url', emulator.url, '--state-dir', state, '--json']);
      expect(applied.code).toBe(0);
      expect(summaryOf(applied.stdout)).toMatchObject({ status: 'SUCCEEDED', succeeded: 20 });
      expect(writes(emulator)).toBe(1);
      expect(existsSync(path.join(state, 'kvs.json'))).toBe(true);
      expect(existsSync(path.join(state, 'bulk.lock'))).toBe(false);
    });

    it('the lock goes when a run ends with rows failed or the input invalid', async () => {
      const state = path.join(dir, 'state');
      const file = path.join(dir, 'ghost.csv');
      writeFileSync(file, ['Organization Name,Operation,Region', 'Ghost,UPDATE,EMEA'].join('\n'));
      const failed = await bulk(['apply', file, '--csm-url', emulator.url, '--state-dir', state, '--json']);
      expect(failed.code).toBe(1);
      expect(existsSync(path.join(state, 'bulk.lock'))).toBe(false);
      const invalid = path.join(ROOT, 'examples/invalid-profiles.csv');
      expect((await bulk(['apply', invalid, '--csm-url', emulator.url, '--state-dir', state])).code).toBe(2);
      expect(existsSync(path.join(state, 'bulk.lock'))).toBe(false);
    });
  });
});
