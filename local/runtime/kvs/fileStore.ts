import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MemoryStore, type StoredEntry, type StoreSnapshot } from './store';

const FORMAT = 'local-forge-kvs/1';
const WRITE_DELAY_MS = 50;

/**
 * The in-memory store, saved to one JSON file: written atomically, on close(), and after a change at most every
 * 50 ms or ten times as long as the last write took, whichever is longer (a store of a 100,000-row job is tens of
 * MB: writing it every 50 ms would take all the time).
 *
 * Between two writes of the file, sync() makes the changes made since durable by appending just them to a log beside
 * it (PATH.log), which the next load replays and the next write of the file removes. On Forge a storage write is
 * durable when it answers; the local runtime syncs before every call that changes the product (productFetch.ts), so
 * that a process killed right after such a call has not lost what the app stored before making it.
 */
export class FileStore extends MemoryStore {
  private timer: NodeJS.Timeout | undefined;
  private lastWriteMs = 0;
  private readonly logPath: string;
  /** The last log record appended (or replayed); the file names the last one it holds. */
  private logSeq = 0;
  /** Entries changed since the last append or write, by namespace and key. */
  private readonly unlogged = new Map<string, [namespace: string, key: string]>();

  constructor(
    private readonly path: string,
    now?: () => number,
  ) {
    super(now);
    this.logPath = `${path}.log`;
    if (existsSync(path)) {
      const file = readSnapshot(path);
      this.load(file.namespaces);
      this.logSeq = file.logSeq;
    }
    this.replayLog();
  }

  override put(namespace: string, key: string, entry: StoredEntry): void {
    super.put(namespace, key, entry);
    this.unlogged.set(`${namespace}\u0000${key}`, [namespace, key]);
  }

  override remove(namespace: string, key: string): void {
    super.remove(namespace, key);
    this.unlogged.set(`${namespace}\u0000${key}`, [namespace, key]);
  }

  override async close(): Promise<void> {
    this.flush();
    await super.close();
  }

  /** Appends the entries changed since the last append or write to the log: cheap, a few KB for a job's save. */
  sync(): void {
    if (this.unlogged.size === 0) return;
    // No file yet: it is written whole (small, the store is new), so that a store is never a log alone, which a
    // command that looks for the file (bulk resume, bulk jobs) would not find.
    if (!existsSync(this.path)) return this.flush();
    const changes = [...this.unlogged.values()].map(
      ([namespace, key]) => [namespace, key, this.namespaces.get(namespace)?.get(key) ?? null] as const,
    );
    this.unlogged.clear();
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.logPath, `${JSON.stringify({ seq: this.logSeq + 1, changes })}\n`);
    this.logSeq += 1;
  }

  /** Writes now if anything changed since the last write; the log it covers goes. */
  flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    const started = performance.now();
    this.unlogged.clear();
    writeFileSync(temp, JSON.stringify({ format: FORMAT, logSeq: this.logSeq, namespaces: this.liveEntries() }));
    renameSync(temp, this.path);
    // Killed before this, the log's records are all at or below the file's logSeq: a load skips them.
    rmSync(this.logPath, { force: true });
    this.lastWriteMs = performance.now() - started;
  }

  protected override changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), Math.max(WRITE_DELAY_MS, 10 * this.lastWriteMs));
    this.timer.unref();
  }

  /** Applies the log's records newer than the file, in order; a last line cut short by a kill is left out. */
  private replayLog(): void {
    if (!existsSync(this.logPath)) return;
    const fileSeq = this.logSeq;
    for (const line of readFileSync(this.logPath, 'utf8').split('\n')) {
      let record: { seq: number; changes: [string, string, StoredEntry | null][] };
      try {
        record = JSON.parse(line);
      } catch {
        break;
      }
      if (record.seq <= this.logSeq) continue;
      for (const [namespace, key, entry] of record.changes) {
        if (entry) this.put(namespace, key, entry);
        else this.remove(namespace, key);
      }
      this.logSeq = record.seq;
    }
    // Nothing newer than the file: the log is left over from a write the process did not get to remove it after.
    if (this.logSeq === fileSeq) rmSync(this.logPath, { force: true });
  }
}

function readSnapshot(path: string): { namespaces: StoreSnapshot; logSeq: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(
      `The KVS file ${path} is not valid JSON (${(err as Error).message}): fix it or delete it to start empty.`,
      { cause: err },
    );
  }
  const file = parsed as { format?: unknown; namespaces?: unknown; logSeq?: unknown };
  if (file?.format !== FORMAT || typeof file.namespaces !== 'object' || file.namespaces === null) {
    throw new Error(
      `The KVS file ${path} is not a local runtime store (format '${FORMAT}' expected): delete it to start empty.`,
    );
  }
  return { namespaces: file.namespaces as StoreSnapshot, logSeq: typeof file.logSeq === 'number' ? file.logSeq : 0 };
}
