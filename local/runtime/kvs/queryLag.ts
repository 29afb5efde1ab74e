import type { KvsStore, StoreSnapshot, StoredEntry } from './store';

/**
 * [docs] KVS `query` is eventually consistent ("may be slightly out of date"), while `get`, `set`, `delete`,
 * batches and transactions are strongly consistent (storage-reference/kvs-api). This store keeps, for a moment
 * after each write, what the key held before it, so that a query can see the store as it was `lagMs` ago: a key
 * written within the moment is absent (or still has its old value), a key deleted within it still shows.
 *
 * Every read and write goes to the store underneath as it is; only `entriesSeenByQuery` looks back.
 */
export const DEFAULT_QUERY_LAG_MS = 1000;

interface Change {
  at: number;
  /** What the key held before this write: undefined when it was absent. */
  previous: StoredEntry | undefined;
}

export class QueryLagStore implements KvsStore {
  private readonly changes = new Map<string, Map<string, Change[]>>();
  private writesSincePrune = 0;

  constructor(
    private readonly inner: KvsStore,
    private readonly now: () => number,
    private readonly lagMs: number,
  ) {}

  get(namespace: string, key: string): StoredEntry | undefined {
    return this.inner.get(namespace, key);
  }

  put(namespace: string, key: string, entry: StoredEntry): void {
    this.remember(namespace, key);
    this.inner.put(namespace, key, entry);
  }

  remove(namespace: string, key: string): void {
    if (this.inner.get(namespace, key) === undefined) return;
    this.remember(namespace, key);
    this.inner.remove(namespace, key);
  }

  entries(namespace: string): Array<[string, StoredEntry]> {
    return this.inner.entries(namespace);
  }

  /** The namespace's entries as a query sees them: as they were `lagMs` ago, sorted by key. */
  entriesSeenByQuery(namespace: string): Array<[string, StoredEntry]> {
    const current = this.inner.entries(namespace);
    const recent = this.changes.get(namespace);
    if (this.lagMs <= 0 || !recent || recent.size === 0) return current;
    const seenAt = this.now() - this.lagMs;
    const seen = new Map(current);
    for (const [key, changes] of recent) {
      const live = changes.filter((change) => change.at > seenAt);
      if (live.length === 0) {
        recent.delete(key);
        continue;
      }
      if (live.length < changes.length) recent.set(key, live);
      // The first write the query may not see yet: the key holds, for the query, what it held before that write.
      const before = live[0].previous;
      if (before === undefined) seen.delete(key);
      else seen.set(key, before);
    }
    return [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  snapshot(): StoreSnapshot {
    return this.inner.snapshot();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private remember(namespace: string, key: string): void {
    if (this.lagMs <= 0) return;
    if ((this.writesSincePrune += 1) >= 1000) this.prune();
    let keys = this.changes.get(namespace);
    if (!keys) this.changes.set(namespace, (keys = new Map()));
    const list = keys.get(key) ?? [];
    list.push({ at: this.now(), previous: this.inner.get(namespace, key) });
    keys.set(key, list);
  }

  /** Forgets writes every query sees by now, so a long run keeps only the last moment's old values. */
  private prune(): void {
    this.writesSincePrune = 0;
    const seenAt = this.now() - this.lagMs;
    for (const keys of this.changes.values())
      for (const [key, changes] of keys) if (changes[changes.length - 1].at <= seenAt) keys.delete(key);
  }
}
