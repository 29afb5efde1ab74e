import { kvs } from '@forge/kvs';
import type { OrganizationBefore } from '../domain/before';
import { utf8ByteLength } from '../domain/text/utf8';
import { batchGet, batchSet } from './kvsBatch';
import type { BeforeRecords } from './jobStore';
import { beforePartKey } from './keys';

/** A part holds this many bytes of JSON at most: a chunk of 1,000 detail values fits, in parts, within 240 KiB. */
export const BEFORE_PART_MAX_BYTES = 200_000;

export function beforeParts(befores: readonly OrganizationBefore[]): OrganizationBefore[][] {
  const parts: OrganizationBefore[][] = [];
  let current: OrganizationBefore[] = [];
  let bytes = 2;
  for (const before of befores) {
    const size = utf8ByteLength(JSON.stringify(before)) + 1;
    if (current.length > 0 && bytes + size > BEFORE_PART_MAX_BYTES) {
      parts.push(current);
      current = [];
      bytes = 2;
    }
    current.push(before);
    bytes += size;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

export const kvsBeforeRecords: BeforeRecords = {
  async put(jobId, index, befores) {
    const parts = beforeParts(befores);
    if (parts.length === 1) await kvs.set(beforePartKey(jobId, index, 0), parts[0]);
    else if (parts.length > 1)
      await batchSet(
        parts.map((value, part) => ({ key: beforePartKey(jobId, index, part), value })),
        'what the organizations held before',
      );
    return parts.length;
  },
  async read(jobId, chunks) {
    const keys = chunks.flatMap(({ index, parts }) =>
      Array.from({ length: parts }, (_, part) => beforePartKey(jobId, index, part)),
    );
    const found = await batchGet<OrganizationBefore[]>(keys);
    return keys.flatMap((key) => found.get(key) ?? []);
  },
};
