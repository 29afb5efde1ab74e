import { kvs, WhereConditions } from '@forge/kvs';

/** KVS batch calls take at most 25 items. */
const BATCH = 25;

/** Runs `write` over batches of at most 25 items, a few at a time: fast for 500 chunks, gentle on the per-install request rate. */
export async function inBatches<T>(items: T[], write: (batch: T[]) => Promise<void>): Promise<void> {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += BATCH) batches.push(items.slice(start, start + BATCH));
  for (let start = 0; start < batches.length; start += 4) await Promise.all(batches.slice(start, start + 4).map(write));
}

/** Stores every item, or throws naming the first that could not be stored and `what` it belongs to. */
export async function batchSet(items: { key: string; value: unknown }[], what = 'storage entries'): Promise<void> {
  await inBatches(items, async (batch) => {
    const result = await kvs.batchSet(batch);
    if (result.failedKeys.length > 0) {
      const first = result.failedKeys[0];
      throw new Error(`Could not save ${what}: ${result.failedKeys.length} of them failed (first ${first.key}: ${first.error.message}).`);
    }
  });
}

export async function batchDelete(keys: string[]): Promise<void> {
  await inBatches(keys, async (batch) => {
    await kvs.batchDelete(batch.map((key) => ({ key })));
  });
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
