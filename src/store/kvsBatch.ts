import { kvs, WhereConditions } from '@forge/kvs';
import { utf8ByteLength } from '../domain/text/utf8';

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

/** Stores every item, or throws naming the first that could not be stored and `what` it belongs to. */
export async function batchSet(items: { key: string; value: unknown }[], what = 'storage entries'): Promise<void> {
  await eachBatch(byteBatches(items, entryBytes), async (batch) => {
    const result = await kvs.batchSet(batch);
    if (result.failedKeys.length > 0) {
      const first = result.failedKeys[0];
      throw new Error(
        `Could not save ${what}: ${result.failedKeys.length} of them failed (first ${first.key}: ${first.error.message}).`,
      );
    }
  });
}

export async function batchGet<T>(keys: string[]): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  await eachBatch(
    byteBatches(keys, () => 1),
    async (batch) => {
      const result = await kvs.batchGet<T>(batch.map((key) => ({ key })));
      for (const item of result.successfulKeys) found.set(item.key, item.value);
    },
  );
  return found;
}

export async function batchDelete(keys: string[]): Promise<void> {
  await eachBatch(
    byteBatches(keys, () => 1),
    async (batch) => {
      await kvs.batchDelete(batch.map((key) => ({ key })));
    },
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
