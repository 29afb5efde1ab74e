/**
 * Where the embedded KVS keeps its entries. Namespaces keep plain keys, secrets and each
 * custom entity apart, as Forge does: `kvs`, `secret`, `entity:<name>`.
 */
export interface StoredEntry {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  /** ISO time after which the entry is gone (set with a ttl). */
  expireTime?: string;
}

export type StoreSnapshot = Record<string, Record<string, StoredEntry>>;

export interface KvsStore {
  get(namespace: string, key: string): StoredEntry | undefined;
  put(namespace: string, key: string, entry: StoredEntry): void;
  remove(namespace: string, key: string): void;
  /** Live entries of a namespace, sorted by key. */
  entries(namespace: string): Array<[string, StoredEntry]>;
  snapshot(): StoreSnapshot;
  close(): Promise<void>;
}

export const KVS_NAMESPACE = 'kvs';
export const SECRET_NAMESPACE = 'secret';
export const entityNamespace = (entityName: string) => `entity:${entityName}`;

export class MemoryStore implements KvsStore {
  protected readonly namespaces = new Map<string, Map<string, StoredEntry>>();
  private closed = false;

  constructor(private readonly now: () => number = Date.now) {}

  get(namespace: string, key: string): StoredEntry | undefined {
    this.assertOpen();
    const entry = this.namespaces.get(namespace)?.get(key);
    if (entry && this.expired(entry)) {
      this.namespaces.get(namespace)?.delete(key);
      this.changed();
      return undefined;
    }
    return entry;
  }

  put(namespace: string, key: string, entry: StoredEntry): void {
    this.assertOpen();
    let entries = this.namespaces.get(namespace);
    if (!entries) this.namespaces.set(namespace, (entries = new Map()));
    entries.set(key, entry);
    this.changed();
  }

  remove(namespace: string, key: string): void {
    this.assertOpen();
    if (this.namespaces.get(namespace)?.delete(key)) this.changed();
  }

  entries(namespace: string): Array<[string, StoredEntry]> {
    this.assertOpen();
    const entries = this.namespaces.get(namespace);
    if (!entries) return [];
    return [...entries].filter(([, entry]) => !this.expired(entry)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  snapshot(): StoreSnapshot {
    return structuredClone(this.liveEntries());
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  protected load(snapshot: StoreSnapshot): void {
    for (const [namespace, entries] of Object.entries(snapshot)) {
      this.namespaces.set(namespace, new Map(Object.entries(entries)));
    }
  }

  /**
   * The live entries by namespace, not copied: the stored values themselves, for a store that only serializes them
   * (a copy of a job's store, tens of MB, would cost more than writing it).
   */
  protected liveEntries(): StoreSnapshot {
    const snapshot: StoreSnapshot = {};
    for (const [namespace, entries] of this.namespaces) {
      snapshot[namespace] = Object.fromEntries([...entries].filter(([, e]) => !this.expired(e)));
    }
    return snapshot;
  }

  /** A hook for stores that persist. */
  protected changed(): void {}

  private expired(entry: StoredEntry): boolean {
    return entry.expireTime !== undefined && Date.parse(entry.expireTime) <= this.now();
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new Error(
        'The local runtime was closed: its KVS store no longer accepts calls (a function kept running after close()).',
      );
    }
  }
}
