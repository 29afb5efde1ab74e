import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LOCK_FILE, lockStateDir, StateDirLockedError } from '../../local/cli/stateLock';

/** The pid of a process that has ended. */
async function endedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  expect(() => process.kill(child.pid!, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  return child.pid!;
}

describe('the state directory lock (DIR/bulk.lock)', () => {
  let dir: string;
  let lockFile: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bulk-lock-'));
    lockFile = path.join(dir, LOCK_FILE);
  });

  it('holds pid, command and start; a second taker is refused while it is held; release removes it', () => {
    const lock = lockStateDir(dir, 'apply');
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toEqual({
      pid: process.pid,
      command: 'apply',
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(() => lockStateDir(dir, 'undo')).toThrow(StateDirLockedError);
    expect(() => lockStateDir(dir, 'undo')).toThrow(
      new RegExp(`in use by bulk apply \\(pid ${process.pid}, .*wait for it to end, or pass --state-dir OTHER_DIR`),
    );
    lock.release();
    expect(existsSync(lockFile)).toBe(false);
    lockStateDir(dir, 'undo').release();
  });

  it('refuses a lock of a live process, and leaves it as it is', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const text = JSON.stringify({ pid: sleeper.pid, command: 'sync', startedAt: '2025-01-01T00:00:00.000Z' });
      writeFileSync(lockFile, text);
      expect(() => lockStateDir(dir, 'apply')).toThrow(`in use by bulk sync (pid ${sleeper.pid}`);
      expect(readFileSync(lockFile, 'utf8')).toBe(text);
    } finally {
      sleeper.kill();
    }
  });

  it('takes over a lock whose process has ended, and one left unreadable long ago', async () => {
    writeFileSync(lockFile, JSON.stringify({ pid: await endedPid(), command: 'apply', startedAt: 'then' }));
    lockStateDir(dir, 'export').release();
    expect(existsSync(lockFile)).toBe(false);

    writeFileSync(lockFile, '');
    expect(() => lockStateDir(dir, 'export')).toThrow('in use by another bulk command');
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(lockFile, longAgo, longAgo);
    lockStateDir(dir, 'export').release();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('release removes only its own lock', () => {
    const lock = lockStateDir(dir, 'apply');
    const other = JSON.stringify({ pid: process.pid + 1, command: 'apply', startedAt: 'later' });
    writeFileSync(lockFile, other);
    lock.release();
    expect(readFileSync(lockFile, 'utf8')).toBe(other);
  });
});
