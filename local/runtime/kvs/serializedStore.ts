import { MemoryStore, type KvsStore, type StoreSnapshot, type StoredEntry } from './store';

/**
 * The in-memory store with every value kept as its JSON in a Buffer, outside V8's heap, and read back only when
 * asked for. On Forge what an app stores is not in its function's memory: with this store the runtime's memory meter
 * (memory.ts) counts what an invocation holds, not what all invocations stored before it (a 100,000-row job stores
 * hundreds of MB of parsed objects in the plain store).
 */
export class SerializedStore implements KvsStore {
  private readonly inner: MemoryStore;

  constructor(now?: () => number) {
    this.inner = new MemoryStore(now);
  }

  get(namespace: string, key: string): StoredEntry | undefined {
    const entry = this.inner.get(namespace, key);
    return entry && thawed(entry);
  }

  put(namespace: string, key: string, entry: StoredEntry): void {
    this.inner.put(namespace, key, { ...entry, value: Buffer.from(JSON.stringify(entry.value) ?? 'null') });
  }

  remove(namespace: string, key: string): void {
    this.inner.remove(namespace, key);
  }

  /** The entries with their values read only when a caller looks at them (a query looks at a page of them). */
  entries(namespace: string): Array<[string, StoredEntry]> {
    return this.inner.entries(namespace).map(([key, entry]) => [key, lazily(entry)]);
  }

  snapshot(): StoreSnapshot {
    const snapshot = this.inner.snapshot();
    for (const entries of Object.values(snapshot))
      for (const [key, entry] of Object.entries(entries)) entries[key] = thawed(entry);
    return snapshot;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

const decoder = new TextDecoder();
/** A value as stored: a Buffer, or a Uint8Array once the inner store's snapshot cloned it. */
const read = (value: unknown): unknown => JSON.parse(decoder.decode(value as Uint8Array));

function thawed(entry: StoredEntry): StoredEntry {
  return { ...entry, value: read(entry.value) };
}

function lazily(entry: StoredEntry): StoredEntry {
  const { value, ...rest } = entry;
  return {
    ...rest,
    get value() {
      return read(value);
    },
  };
}
