import { kvs, WhereConditions } from '@forge/kvs';
import type { ChunkRecord, JobRecord } from '../domain/job';
import { DEFAULT_SETTINGS, type JobStore, type Lease, type SiteSettings, type TaskTimeEstimate } from './jobStore';
import { ACTIVE_PREFIX, activeKey, cancelKey, LEGACY_ACTIVE_JOBS_KEY, chunkKey, JOB_PREFIX, jobKey, leaseKey, SETTINGS_KEY, TASK_TIME_KEY, uploadPartKey, uploadPrefix } from './keys';

/** KVS batch calls take at most 25 items. */
const BATCH = 25;

async function inBatches<T>(items: T[], write: (batch: T[]) => Promise<void>) {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += BATCH) batches.push(items.slice(start, start + BATCH));
  // A few batches at a time: fast for 500 chunks, gentle on the per-install request rate.
  for (let start = 0; start < batches.length; start += 4) await Promise.all(batches.slice(start, start + 4).map(write));
}

async function batchSet(items: { key: string; value: unknown }[]) {
  await inBatches(items, async (batch) => {
    const result = await kvs.batchSet(batch);
    if (result.failedKeys.length > 0) {
      const first = result.failedKeys[0];
      throw new Error(`Could not save ${result.failedKeys.length} storage entries (first ${first.key}: ${first.error.message}).`);
    }
  });
}

async function queryAll<T>(prefix: string): Promise<{ key: string; value: T }[]> {
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

export const kvsJobStore: JobStore = {
  async createJob(job: JobRecord, chunks: ChunkRecord[]) {
    // Chunks first: a job record is only visible once everything it refers to exists.
    await batchSet(chunks.map((chunk) => ({ key: chunkKey(job.id, chunk.index), value: chunk })));
    // The job and its active mark together: a crash between them would leave a job the watchdog never sees.
    await kvs.transact().set(jobKey(job.id), job).set(activeKey(job.id), true).execute();
  },
  async getJob(jobId) {
    return kvs.get<JobRecord>(jobKey(jobId));
  },
  async putJob(job) {
    await kvs.set(jobKey(job.id), job);
  },
  async getChunk(jobId, index) {
    return kvs.get<ChunkRecord>(chunkKey(jobId, index));
  },
  async getChunks(jobId, indexes) {
    const chunks: ChunkRecord[] = [];
    await inBatches(indexes, async (batch) => {
      const result = await kvs.batchGet<ChunkRecord>(batch.map((index) => ({ key: chunkKey(jobId, index) })));
      for (const item of result.successfulKeys) chunks.push(item.value);
    });
    return chunks.sort((a, b) => a.index - b.index);
  },
  async putChunk(jobId, chunk) {
    await kvs.set(chunkKey(jobId, chunk.index), chunk);
  },
  async listJobs(limit, cursor) {
    let query = kvs.query().where('key', WhereConditions.beginsWith(JOB_PREFIX)).limit(Math.min(limit, 100));
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<JobRecord>();
    return { jobs: page.results.map((entry) => entry.value), cursor: page.nextCursor };
  },
  async activeJobIds() {
    const ids = (await queryAll<boolean>(ACTIVE_PREFIX)).map((entry) => entry.key.slice(ACTIVE_PREFIX.length));
    // Jobs started by a version that kept one list are still in it until they end.
    const listed = (await kvs.get<string[]>(LEGACY_ACTIVE_JOBS_KEY)) ?? [];
    return [...new Set([...ids, ...listed])];
  },
  async setJobActive(jobId, active) {
    if (active) {
      await kvs.set(activeKey(jobId), true);
      return;
    }
    await kvs.delete(activeKey(jobId));
    const listed = await kvs.get<string[]>(LEGACY_ACTIVE_JOBS_KEY);
    if (listed?.includes(jobId)) {
      const rest = listed.filter((id) => id !== jobId);
      if (rest.length > 0) await kvs.set(LEGACY_ACTIVE_JOBS_KEY, rest);
      else await kvs.delete(LEGACY_ACTIVE_JOBS_KEY);
    }
  },
  async getLease(jobId) {
    return kvs.get<Lease>(leaseKey(jobId));
  },
  async putLease(jobId, lease) {
    await kvs.set(leaseKey(jobId), lease);
  },
  async deleteLease(jobId) {
    await kvs.delete(leaseKey(jobId));
  },
  async requestCancel(jobId) {
    await kvs.set(cancelKey(jobId), true);
  },
  async cancelRequested(jobId) {
    return (await kvs.get<boolean>(cancelKey(jobId))) === true;
  },
  async taskTimeEstimate() {
    const stored = await kvs.get<TaskTimeEstimate | number>(TASK_TIME_KEY);
    // Earlier versions stored the mean alone.
    return typeof stored === 'number' ? { meanMs: stored, minMs: stored } : stored;
  },
  async putTaskTimeEstimate({ meanMs, minMs }) {
    await kvs.set(TASK_TIME_KEY, { meanMs: Math.round(meanMs), minMs: Math.round(minMs) });
  },
  async getSettings() {
    return { ...DEFAULT_SETTINGS, ...((await kvs.get<SiteSettings>(SETTINGS_KEY)) ?? {}) };
  },
  async putSettings(settings) {
    await kvs.set(SETTINGS_KEY, settings);
  },
  async putUploadPart(uploadId, part, text) {
    await kvs.set(uploadPartKey(uploadId, part), text);
  },
  async readUpload(uploadId) {
    const parts = await queryAll<string>(uploadPrefix(uploadId));
    return parts.sort((a, b) => a.key.localeCompare(b.key)).map((entry) => entry.value);
  },
  async deleteUpload(uploadId) {
    const parts = await queryAll<string>(uploadPrefix(uploadId));
    await inBatches(parts, async (batch) => {
      await kvs.batchDelete(batch.map((entry) => ({ key: entry.key })));
    });
  },
};
