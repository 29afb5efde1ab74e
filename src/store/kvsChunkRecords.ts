import { kvs } from '@forge/kvs';
import type { ChunkRecord } from '../domain/job';
import { batchGet, batchSet } from './kvsBatch';
import type { ChunkRecords } from './jobStore';
import { chunkKey } from './keys';

export const kvsChunkRecords: ChunkRecords = {
  async putAll(jobId, chunks) {
    await batchSet(
      chunks.map((chunk) => ({ key: chunkKey(jobId, chunk.index), value: chunk })),
      `the job's ${chunks.length} requests`,
    );
  },
  async get(jobId, index) {
    return kvs.get<ChunkRecord>(chunkKey(jobId, index));
  },
  async getMany(jobId, indexes) {
    const found = await batchGet<ChunkRecord>(indexes.map((index) => chunkKey(jobId, index)));
    return [...found.values()].sort((a, b) => a.index - b.index);
  },
};
