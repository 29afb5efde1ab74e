import { kvs, WhereConditions, type BatchItemError } from '@forge/kvs';
import { systemClock, type Clock } from '../clock';
import { utf8ByteLength } from '../domain/text/utf8';
import { StorageUnavailable } from './storageErrors';

/**
 * Forge KVS batch calls and transactions take at most 25 items and 4 MB of request
 * (storage-reference: batch operations, transactions). Batches here are cut by both, with room to spare
 * for the request's own framing: 25 chunk records of 200 KB each would be 5 MB.
 */
export const BATCH_MAX_ITEMS = 25;
export const BATCH_MAX_BYTES = 3_500_000;

/** Groups items into batches of at most 25 items and BATCH_MAX_BYTES of JSON. */
export function byteBatches<T>(items: readonly T[], bytesOf: (item: T) => number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = bytesOf(item);
    if (current.length > 0 && (current.length >= BATCH_MAX_ITEMS || bytes + size > BATCH_MAX_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export const entryBytes = (entry: { key: string; value?: unknown }) =>
  utf8ByteLength(entry.key) + (entry.value === undefined ? 0 : utf8ByteLength(JSON.stringify(entry.value))) + 16;

/** Runs `work` over the batches a few at a time: fast for 2,000 records, gentle on the per-install request rate. */
async function eachBatch<T>(batches: T[][], work: (batch: T[]) => Promise<void>): Promise<void> {
  for (let start = 0; start < batches.length; start += 4) await Promise.all(batches.slice(start, start + 4).map(work));
}

/**
 * Batches are best-effort (storage-reference/batchops): each item may fail alone and comes back in `failedKeys`.
 * A failed key is not an absent one: it is tried again, after 100 ms, 400 ms and 1.6 s, and then the call fails
 * with the admin's words (StorageUnavailable). `KEY_NOT_FOUND` is an answer, not a failure: the key is absent.
 */
export const BATCH_RETRY_DELAYS_MS = [100, 400, 1600];

/** How batch retries wait: the system's clock unless a test or a driver gives its own. */
let retryClock: Pick<Clock, 'sleep'> = systemClock;
export function setStorageRetryClock(clock: Pick<Clock, 'sleep'>): void {
  retryClock = clock;
}

/** Waits between tries of a storage read, on the retry clock. */
export const storageRetryWait = (ms: number) => retryClock.sleep(ms);

const notFound = (item: BatchItemError) => item.error.code === 'KEY_NOT_FOUND';

/** Runs `call` on `keys`, then again on the keys it failed (not for being absent), a bounded number of times. */
async function withRetries<K extends { key: string }>(
  items: K[],
  call: (items: K[]) => Promise<BatchItemError[]>,
  what: string,
  doing: 'save' | 'read' | 'delete',
): Promise<void> {
  let pending = items;
  for (let attempt = 0; ; attempt += 1) {
    const failed = (await call(pending)).filter((item) => !notFound(item));
    if (failed.length === 0) return;
    const delay = BATCH_RETRY_DELAYS_MS[attempt];
    if (delay === undefined) throw new StorageUnavailable(doing, what, failed.length, failed[0]);
    await retryClock.sleep(delay);
    const again = new Set(failed.map((item) => item.key));
    pending = pending.filter((item) => again.has(item.key));
  }
}

/** Stores every item, or throws naming how many of `what` could not be stored. */
export async function batchSet(items: { key: string; value: unknown }[], what = 'storage entries'): Promise<void> {
  await eachBatch(byteBatches(items, entryBytes), (batch) =>
    withRetries(batch, async (pending) => (await kvs.batchSet(pending)).failedKeys, what, 'save'),
  );
}

/** The values of the keys that exist; a key that failed to read is read again, then the call fails. */
export async function batchGet<T>(keys: string[], what = 'stored records'): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  await eachBatch(
    byteBatches(keys, () => 1),
    (batch) =>
      withRetries(
        batch.map((key) => ({ key })),
        async (pending) => {
          const result = await kvs.batchGet<T>(pending);
          for (const item of result.successfulKeys) found.set(item.key, item.value);
          return result.failedKeys;
        },
        what,
        'read',
      ),
  );
  return found;
}

export async function batchDelete(keys: string[], what = 'stored records'): Promise<void> {
  if (keys.length === 0) return;
  await eachBatch(
    byteBatches(keys, () => 1),
    (batch) =>
      withRetries(
        batch.map((key) => ({ key })),
        async (pending) => (await kvs.batchDelete(pending)).failedKeys,
        what,
        'delete',
      ),
  );
}

/** Every entry whose key starts with `prefix`, all pages. */
export async function queryAll<T>(prefix: string): Promise<{ key: string; value: T }[]> {
  const found: { key: string; value: T }[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<T>();
    found.push(...page.results);
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}
