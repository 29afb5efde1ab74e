import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MemoryStore, type StoreSnapshot } from './store';

const FORMAT = 'local-forge-kvs/1';
const WRITE_DELAY_MS = 50;

/**
 * The in-memory store, saved to one JSON file: written atomically, on close(), and after a change at most every
 * 50 ms or ten times as long as the last write took, whichever is longer (a store of a 100,000-row job is tens of
 * MB: writing it every 50 ms would take all the time).
 */
export class FileStore extends MemoryStore {
  private timer: NodeJS.Timeout | undefined;
  private lastWriteMs = 0;

  constructor(
    private readonly path: string,
    now?: () => number,
  ) {
    super(now);
    if (existsSync(path)) this.load(readSnapshot(path));
  }

  override async close(): Promise<void> {
    this.flush();
    await super.close();
  }

  /** Writes now if anything changed since the last write. */
  flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    const started = performance.now();
    writeFileSync(temp, JSON.stringify({ format: FORMAT, namespaces: this.snapshot() }));
    renameSync(temp, this.path);
    this.lastWriteMs = performance.now() - started;
  }

  protected override changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), Math.max(WRITE_DELAY_MS, 10 * this.lastWriteMs));
    this.timer.unref();
  }
}

function readSnapshot(path: string): StoreSnapshot {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(
      `The KVS file ${path} is not valid JSON (${(err as Error).message}): fix it or delete it to start empty.`,
      { cause: err },
    );
  }
  const file = parsed as { format?: unknown; namespaces?: unknown };
  if (file?.format !== FORMAT || typeof file.namespaces !== 'object' || file.namespaces === null) {
    throw new Error(
      `The KVS file ${path} is not a local runtime store (format '${FORMAT}' expected): delete it to start empty.`,
    );
  }
  return file.namespaces as StoreSnapshot;
}
