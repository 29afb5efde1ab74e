import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../local/runtime/kvs/fileStore';

const entry = (value: unknown) => ({ value, createdAt: 1, updatedAt: 1 });

/**
 * A process killed between two writes of the store's file (SIGKILL: no close, no timer) keeps what it synced: the
 * local runtime syncs before each call that changes CSM, as a Forge storage write is durable when it answers.
 */
describe('the file store: what a killed process had synced survives', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'file-store-log-'));
    path = join(dir, 'kvs.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a change synced is read back by the next process; one not synced yet is not', async () => {
    const killed = new FileStore(path);
    killed.put('kvs', 'chunk-1', entry('SUBMITTING'));
    killed.put('kvs', 'gone', entry('x'));
    killed.sync();
    // The first sync of a new store writes its file: a store is never a log alone.
    expect(readdirSync(dir)).toEqual(['kvs.json']);
    killed.remove('kvs', 'gone');
    killed.put('kvs', 'chunk-1', entry('OPEN'));
    killed.sync();
    killed.put('kvs', 'chunk-2', entry('SUBMITTING'));
    // Killed here: neither close() nor the write timer runs.

    const next = new FileStore(path);
    expect(next.get('kvs', 'chunk-1')?.value).toBe('OPEN');
    expect(next.get('kvs', 'gone')).toBeUndefined();
    expect(next.get('kvs', 'chunk-2')).toBeUndefined();
    // Its own write of the file takes the log in, and removes it.
    await next.close();
    expect(readdirSync(dir)).toEqual(['kvs.json']);
    expect(new FileStore(path).get('kvs', 'chunk-1')?.value).toBe('OPEN');
    // This test's process lives on: the "killed" store's write timer is stopped before the directory goes.
    await killed.close();
  });

  it('a log the file already holds is not replayed over newer values, and a line cut short by a kill is left out', async () => {
    const store = new FileStore(path);
    store.put('kvs', 'k', entry('first'));
    store.sync();
    store.put('kvs', 'k', entry('old'));
    store.sync();
    const log = `${path}.log`;
    expect(existsSync(log)).toBe(true);
    store.put('kvs', 'k', entry('new'));
    await store.close();
    expect(existsSync(log)).toBe(false);
    // As if killed after writing the file and before removing the log it covers, and mid-append of another record.
    appendFileSync(log, `${JSON.stringify({ seq: 1, changes: [['kvs', 'k', entry('old')]] })}\n{"seq":2,"chan`);
    const next = new FileStore(path);
    expect(next.get('kvs', 'k')?.value).toBe('new');
    expect(existsSync(log)).toBe(false);
  });
});
