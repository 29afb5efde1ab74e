import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * One bulk command at a time in a state directory. Its store (DIR/kvs.json) and an embedded emulator's
 * organizations (DIR/emulator.json) are each one file that a process reads once and then rewrites whole: two
 * commands sharing them would each overwrite what the other wrote. So a command first creates DIR/bulk.lock
 * (`wx`: only one process can), holding `{ pid, command, startedAt }`, and removes it when it ends.
 */
export const LOCK_FILE = 'bulk.lock';

interface LockInfo {
  pid: number;
  command: string;
  startedAt: string;
}

/** Another live process holds the state directory. */
export class StateDirLockedError extends Error {}

export interface StateLock {
  readonly path: string;
  release(): void;
}

/** The locks this process holds, by file. */
const held = new Map<string, LockInfo>();

/** A lock just created is empty until its creator writes it: an empty or unreadable one this young is held. */
const UNREADABLE_HELD_MS = 5_000;

/** Takes DIR/bulk.lock for `command`, taking over one whose process has ended; throws StateDirLockedError if held. */
export function lockStateDir(dir: string, command: string): StateLock {
  const file = path.join(dir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, command, startedAt: new Date().toISOString() };
  if (!create(file, mine)) {
    const holder = holderOf(file);
    if (holder.state === 'held') throw lockedError(dir, file, holder.info);
    // Gone since, or left by a process that has ended: removed (only if it is still that same file) and taken.
    if (holder.state === 'stale') removeIfUnchanged(file, holder.text);
    if (!create(file, mine)) {
      // Another command took it first.
      const now = holderOf(file);
      throw lockedError(dir, file, now.state === 'held' ? now.info : undefined);
    }
  }
  held.set(file, mine);
  const release = () => {
    process.off('exit', release);
    if (held.get(file) === mine) held.delete(file);
    try {
      const now = parse(readFileSync(file, 'utf8'));
      if (now?.pid === mine.pid && now.startedAt === mine.startedAt) unlinkSync(file);
    } catch {
      // Gone already: nothing to release.
    }
  };
  // Ended by process.exit (a second Ctrl-C, a crash handler): the lock still goes.
  process.on('exit', release);
  return { path: file, release };
}

function create(file: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(info)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

type Holder = { state: 'held'; info?: LockInfo } | { state: 'stale'; text: string } | { state: 'gone' };

function holderOf(file: string): Holder {
  let text: string;
  let ageMs: number;
  try {
    text = readFileSync(file, 'utf8');
    ageMs = Date.now() - statSync(file).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'gone' };
    throw error;
  }
  const info = parse(text);
  if (!info) return ageMs < UNREADABLE_HELD_MS ? { state: 'held' } : { state: 'stale', text };
  // Our own pid but not a lock we hold: left by an earlier process that had the same pid.
  const ours = info.pid === process.pid;
  if (ours ? held.get(file)?.startedAt === info.startedAt : alive(info.pid)) return { state: 'held', info };
  return { state: 'stale', text };
}

function parse(text: string): LockInfo | undefined {
  try {
    const info = JSON.parse(text) as Partial<LockInfo> | null;
    if (typeof info?.pid === 'number' && Number.isInteger(info.pid) && info.pid > 0)
      return { pid: info.pid, command: String(info.command ?? 'bulk'), startedAt: String(info.startedAt ?? '') };
  } catch {
    // Not (yet) a lock: the caller decides by its age.
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function removeIfUnchanged(file: string, text: string) {
  try {
    if (readFileSync(file, 'utf8') === text) unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function lockedError(dir: string, file: string, info: LockInfo | undefined): StateDirLockedError {
  const who = info
    ? `bulk ${info.command} (pid ${info.pid}${info.startedAt ? `, started ${info.startedAt}` : ''})`
    : 'another bulk command';
  const unsure = info ? ` If pid ${info.pid} is no bulk command, delete ${file}.` : '';
  return new StateDirLockedError(
    `The state directory ${dir} is in use by ${who}: wait for it to end, or pass --state-dir OTHER_DIR.${unsure}`,
  );
}
