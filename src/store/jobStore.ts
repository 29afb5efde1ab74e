import type { ChunkRecord, JobRecord } from '../domain/job';

export interface Lease {
  token: string;
  holder: 'background' | 'page';
  expiresAt: number;
}

export interface SiteSettings {
  taskCap: number;
}

export const DEFAULT_SETTINGS: SiteSettings = { taskCap: 5 };

/** Typed persistence of jobs; the engine is written against this interface. */
export interface TaskTimeEstimate {
  meanMs: number;
  minMs: number;
}

export interface JobStore {
  createJob(job: JobRecord, chunks: ChunkRecord[]): Promise<void>;
  getJob(jobId: string): Promise<JobRecord | undefined>;
  putJob(job: JobRecord): Promise<void>;
  getChunk(jobId: string, index: number): Promise<ChunkRecord | undefined>;
  getChunks(jobId: string, indexes: number[]): Promise<ChunkRecord[]>;
  putChunk(jobId: string, chunk: ChunkRecord): Promise<void>;
  listJobs(limit: number, cursor?: string): Promise<{ jobs: JobRecord[]; cursor?: string }>;
  activeJobIds(): Promise<string[]>;
  setJobActive(jobId: string, active: boolean): Promise<void>;
  getLease(jobId: string): Promise<Lease | undefined>;
  putLease(jobId: string, lease: Lease): Promise<void>;
  deleteLease(jobId: string): Promise<void>;
  /** A cancel is its own key so a running driver's job write can never overwrite it. */
  requestCancel(jobId: string): Promise<void>;
  cancelRequested(jobId: string): Promise<boolean>;
  /** How long this site's bulk tasks took in the last finished job (mean and shortest): a new job polls around it from its first task. */
  taskTimeEstimate(): Promise<TaskTimeEstimate | undefined>;
  putTaskTimeEstimate(estimate: TaskTimeEstimate): Promise<void>;
  getSettings(): Promise<SiteSettings>;
  putSettings(settings: SiteSettings): Promise<void>;
  putUploadPart(uploadId: string, part: number, text: string): Promise<void>;
  readUpload(uploadId: string): Promise<string[]>;
  deleteUpload(uploadId: string): Promise<void>;
}
