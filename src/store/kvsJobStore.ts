import { kvs, WhereConditions } from '@forge/kvs';
import { batchDelete, batchSet, inBatches, queryAll } from './kvsBatch';
import type { ChunkRecord, JobRecord } from '../domain/job';
import { DEFAULT_SETTINGS, type JobStore, type Lease, type SiteSettings, type TaskTimeEstimate } from './jobStore';
import { ACTIVE_PREFIX, activeKey, cancelKey, LEGACY_ACTIVE_JOBS_KEY, chunkKey, JOB_PREFIX, jobKey, leaseKey, SETTINGS_KEY, TASK_TIME_KEY, uploadPartKey, uploadPrefix } from './keys';

export const kvsJobStore: JobStore = {
  async createJob(job: JobRecord, chunks: ChunkRecord[]) {
    // Chunks first: a job record is only visible once everything it refers to exists.
    await batchSet(chunks.map((chunk) => ({ key: chunkKey(job.id, chunk.index), value: chunk })), `the job's ${chunks.length} chunks`);
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
    await batchDelete((await queryAll<string>(uploadPrefix(uploadId))).map((entry) => entry.key));
  },
};
