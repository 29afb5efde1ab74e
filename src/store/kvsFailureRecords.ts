import { kvs } from '@forge/kvs';
import { boundedMessage, type RowFailure } from '../domain/job';
import { utf8ByteLength } from '../domain/text/utf8';
import { batchGet, batchSet } from './kvsBatch';
import type { FailureRecords } from './jobStore';
import { failurePartKey } from './keys';

/**
 * A part holds failures up to this many bytes of JSON: a chunk of 1,000 detail operations that all failed with
 * long messages still fits, in several parts, within KVS's 240 KiB per value.
 */
export const FAILURE_PART_MAX_BYTES = 200_000;

export function failureParts(failures: readonly RowFailure[]): RowFailure[][] {
  const parts: RowFailure[][] = [];
  let current: RowFailure[] = [];
  let bytes = 2;
  for (const failure of failures) {
    const bounded = { ...failure, error: boundedMessage(failure.error) ?? '' };
    const size = utf8ByteLength(JSON.stringify(bounded)) + 1;
    if (current.length > 0 && bytes + size > FAILURE_PART_MAX_BYTES) {
      parts.push(current);
      current = [];
      bytes = 2;
    }
    current.push(bounded);
    bytes += size;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

export const kvsFailureRecords: FailureRecords = {
  async put(jobId, index, failures) {
    const parts = failureParts(failures);
    if (parts.length === 1) await kvs.set(failurePartKey(jobId, index, 0), parts[0]);
    else if (parts.length > 1)
      await batchSet(
        parts.map((value, part) => ({ key: failurePartKey(jobId, index, part), value })),
        'the failed rows',
      );
    return parts.length;
  },
  async read(jobId, chunks) {
    const keys = chunks.flatMap(({ index, parts }) =>
      Array.from({ length: parts }, (_, part) => failurePartKey(jobId, index, part)),
    );
    const found = await batchGet<RowFailure[]>(keys);
    return keys.flatMap((key) => found.get(key) ?? []);
  },
};
