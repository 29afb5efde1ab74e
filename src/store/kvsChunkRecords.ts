import { kvs } from '@forge/kvs';
import type { ChunkRecord } from '../domain/job';
import { BATCH_MAX_ITEMS, batchGet, batchSet } from './kvsBatch';
import type { ChunkRecords } from './jobStore';
import { chunkKey, leaseKey } from './keys';
import { heldBy } from './kvsJobControl';
import { LeaseLostError } from './leaseLost';
import { isConditionRefused } from './storageErrors';

export const kvsChunkRecords: ChunkRecords = {
  async putAll(jobId, chunks) {
    await batchSet(
      chunks.map((chunk) => ({ key: chunkKey(jobId, chunk.index), value: chunk })),
      `the job's ${chunks.length} requests`,
    );
  },
  async replace(jobId, chunks, leaseToken) {
    if (chunks.length > BATCH_MAX_ITEMS - 1)
      throw new Error(`A transaction holds at most ${BATCH_MAX_ITEMS - 1} chunks.`);
    let transaction = kvs.transact().check(leaseKey(jobId), heldBy(leaseToken));
    for (const chunk of chunks) transaction = transaction.set(chunkKey(jobId, chunk.index), chunk);
    try {
      await transaction.execute();
    } catch (error) {
      if (isConditionRefused(error)) throw new LeaseLostError(jobId);
      throw error;
    }
  },
  async get(jobId, index) {
    return kvs.get<ChunkRecord>(chunkKey(jobId, index));
  },
  async getMany(jobId, indexes) {
    const found = await batchGet<ChunkRecord>(indexes.map((index) => chunkKey(jobId, index)));
    return [...found.values()].sort((a, b) => a.index - b.index);
  },
};
