import { kvs } from '@forge/kvs';
import { readRecord, type RecordType } from '../domain/records';
import { utf8ByteLength } from '../domain/text/utf8';
import { batchGet, batchSet } from './kvsBatch';

/** A part holds this many bytes of JSON at most: whatever a chunk's list holds, each part fits KVS's 240 KiB. */
export const PART_MAX_BYTES = 200_000;

/** Cuts a list into parts of at most PART_MAX_BYTES of JSON each (an item larger than that gets a part alone). */
export function partsOf<T>(items: readonly T[]): T[][] {
  const parts: T[][] = [];
  let current: T[] = [];
  let bytes = 2;
  for (const item of items) {
    const size = utf8ByteLength(JSON.stringify(item)) + 1;
    if (current.length > 0 && bytes + size > PART_MAX_BYTES) {
      parts.push(current);
      current = [];
      bytes = 2;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/**
 * A list per job chunk, stored in parts of bounded size under `keyOf(jobId, chunk, part)`: the failed rows, and
 * what the rows replaced. `put` returns how many parts it took, which the reader passes back.
 */
export function kvsPartedLists<T>(
  keyOf: (jobId: string, index: number, part: number) => string,
  what: string,
  prepare: (item: T) => T = (item) => item,
  /** The shape of a part, checked (and an older one upgraded) when read back. */
  type?: RecordType<T[]>,
) {
  return {
    async put(jobId: string, index: number, items: T[]): Promise<number> {
      const parts = partsOf(items.map(prepare));
      if (parts.length === 1) await kvs.set(keyOf(jobId, index, 0), parts[0]);
      else if (parts.length > 1)
        await batchSet(
          parts.map((value, part) => ({ key: keyOf(jobId, index, part), value })),
          what,
        );
      return parts.length;
    },
    async read(jobId: string, chunks: { index: number; parts: number }[]): Promise<T[]> {
      const keys = chunks.flatMap(({ index, parts }) =>
        Array.from({ length: parts }, (_, part) => keyOf(jobId, index, part)),
      );
      const found = await batchGet<unknown>(keys, what);
      return keys.flatMap((key) => {
        const part = found.get(key);
        if (part === undefined) return [];
        return type ? readRecord(type, key, part) : (part as T[]);
      });
    },
  };
}
