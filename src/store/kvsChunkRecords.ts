import { kvs } from '@forge/kvs';
import type { RowFailure } from '../domain/job';
import { CHUNK_RECORD, FAILURE_PART, readRecord } from '../domain/records';
import { BATCH_MAX_ITEMS, batchGet, batchSet } from './kvsBatch';
import type { ChunkRecords } from './appStore';
import { chunkKey, heldPartKey, leaseKey } from './keys';
import { boundFailure } from './kvsFailureRecords';
import { kvsPartedLists, partsOf } from './kvsParts';
import { heldBy } from './kvsJobControl';
import { LeaseLostError } from './leaseLost';
import { isConditionRefused } from './storageErrors';

/** An undo's rows a chunk holds back, in parts written with the chunk (see ChunkRecords.replace). */
const heldRows = kvsPartedLists<RowFailure>(heldPartKey, 'the held rows', undefined, FAILURE_PART);

export const kvsChunkRecords: ChunkRecords = {
  async putAll(jobId, chunks) {
    await batchSet(
      chunks.map((chunk) => ({ key: chunkKey(jobId, chunk.index), value: chunk })),
      `the job's ${chunks.length} requests`,
    );
  },
  async replace(jobId, chunks, leaseToken, held) {
    const heldParts = held ? partsOf(held.rows.map(boundFailure)) : [];
    if (chunks.length + heldParts.length > BATCH_MAX_ITEMS - 1)
      throw new Error(`A transaction holds at most ${BATCH_MAX_ITEMS - 1} chunks and parts of held rows.`);
    const written = chunks.map((chunk) =>
      held && chunk.index === held.index ? { ...chunk, heldParts: heldParts.length } : chunk,
    );
    let transaction = kvs.transact().check(leaseKey(jobId), heldBy(leaseToken));
    for (const chunk of written) transaction = transaction.set(chunkKey(jobId, chunk.index), chunk);
    heldParts.forEach((part, number) => {
      transaction = transaction.set(heldPartKey(jobId, held!.index, number), part);
    });
    try {
      await transaction.execute();
    } catch (error) {
      if (isConditionRefused(error)) throw new LeaseLostError(jobId);
      throw error;
    }
    return written;
  },
  async readHeld(jobId, index, parts) {
    return heldRows.read(jobId, [{ index, parts }]);
  },
  async get(jobId, index) {
    const key = chunkKey(jobId, index);
    const stored = await kvs.get<unknown>(key);
    return stored === undefined ? undefined : readRecord(CHUNK_RECORD, key, stored);
  },
  async getMany(jobId, indexes) {
    const found = await batchGet<unknown>(
      indexes.map((index) => chunkKey(jobId, index)),
      "the job's planned requests",
    );
    return [...found.entries()]
      .map(([key, stored]) => readRecord(CHUNK_RECORD, key, stored))
      .sort((a, b) => a.index - b.index);
  },
};
