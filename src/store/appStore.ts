import type { RecycledOrganization } from '../domain/deletions';
import type { SiteSettings, TaskTimeEstimate } from '../domain/siteRecords';
import type { LearnedCap } from '../domain/taskCap';
export { DEFAULT_SETTINGS, type SiteSettings, type TaskTimeEstimate } from '../domain/siteRecords';
import type { ReplacedValues } from '../domain/replaced';
import type { ChunkLine, ChunkRecord, CreatedOrganization, JobRecord, RowFailure } from '../domain/job';
import type { SkippedRow, SkippedRows } from '../domain/import/skippedRows';
import type { LookupRecord } from '../domain/lookup';
import type { MappingRecords } from './kvsMappingRecords';

/**
 * Typed persistence of jobs, split by what is stored; the engine is written against these interfaces
 * and production wires them to Forge KVS (see index.ts).
 */
export interface AppStore {
  jobs: JobRecords;
  chunks: ChunkRecords;
  failures: FailureRecords;
  /** What each chunk's organizations held before it was sent: what an undo puts back. */
  replaced: ReplacedRecords;
  /** The organizations each chunk's rows created, by id: what deleting them deletes (never a name). */
  created: CreatedRecords;
  recycled: RecycledRecords;
  /** The rows a job left out for errors in the file, as the file had them, for the skipped-rows file. */
  skipped: SkippedRecords;
  /** The organizations each unfinished job changes, to find two jobs racing on the same ones. */
  organizations: OrganizationRecords;
  control: JobControl;
  site: SiteRecords;
  uploads: UploadRecords;
  /** A preview's lookup of a whole file on the site, run in the background (jobs/preview/lookup.ts). */
  lookups: LookupRecords;
  /** Mappings saved by name for the exports admins bring every month (domain/mapping). */
  mappings: MappingRecords;
}

export interface LookupRecords {
  get(lookupId: string): Promise<LookupRecord | undefined>;
  put(lookup: LookupRecord): Promise<void>;
  /** When the page last asked about it: a key of its own, so that asking never races the lookup's progress. */
  markSeen(lookupId: string, at: number): Promise<void>;
  seenAt(lookupId: string): Promise<number | undefined>;
  delete(lookupId: string): Promise<void>;
  /** Lookups started before `before` (ms). */
  startedBefore(before: number): Promise<string[]>;
  /** The lookups still running. */
  running(): Promise<LookupRecord[]>;
}

/** A page of chunk lines: lines page×LINES_PER_PAGE onwards. */
export interface LinePage {
  page: number;
  lines: ChunkLine[];
}

/** Job records, their chunk lines and the marks of unfinished jobs. */
export interface JobRecords {
  /** Stores a new job: its line pages, then the record with its active mark (the record is what makes it visible). */
  create(job: JobRecord, lines: ChunkLine[]): Promise<void>;
  get(jobId: string): Promise<JobRecord | undefined>;
  lines(job: JobRecord): Promise<ChunkLine[]>;
  /**
   * Writes the given line pages, then the record; `active: false` clears the job's active mark with it. With
   * `leaseToken`, the write happens only while that token holds the job's lease (else a LeaseLostError).
   */
  save(job: JobRecord, pages: LinePage[], options?: { active?: boolean; leaseToken?: string }): Promise<void>;
  list(limit: number, cursor?: string): Promise<{ jobs: JobRecord[]; cursor?: string }>;
  activeIds(): Promise<string[]>;
  setActive(jobId: string, active: boolean): Promise<void>;
  /**
   * Claims the follow-up (`retry`, `resume` or `undo`) of a job for the job `followUpId`, unless another was claimed first:
   * returns the id that holds the claim.
   */
  claimFollowUp(
    jobId: string,
    purpose: 'retry' | 'resume' | 'undo' | 'deleteCreated' | 'deleteRemoved' | 'restore',
    followUpId: string,
  ): Promise<string>;
}

/**
 * The planned requests of jobs: written when the job is created, rewritten once compared with the site before they
 * are first sent (see ChunkRecord), read when sent and when failures are shown.
 */
export interface ChunkRecords {
  putAll(jobId: string, chunks: ChunkRecord[]): Promise<void>;
  get(jobId: string, index: number): Promise<ChunkRecord | undefined>;
  getMany(jobId: string, indexes: number[]): Promise<ChunkRecord[]>;
  /**
   * Rewrites up to 24 chunks (rows moved from some to another; parts of held rows count too) in one transaction: all of them, or none; and only
   * while `leaseToken` holds the job's lease (else a LeaseLostError): a driver that lost the job changes nothing.
   * `held`: an undo's rows one of them holds back, stored in the same transaction in parts of their own (the chunk
   * written says how many: `heldParts`). Returns the chunks as written.
   */
  replace(
    jobId: string,
    chunks: ChunkRecord[],
    leaseToken: string,
    held?: { index: number; rows: RowFailure[] },
  ): Promise<ChunkRecord[]>;
  /** The rows a chunk holds back (see `replace`). */
  readHeld(jobId: string, index: number, parts: number): Promise<RowFailure[]>;
}

export interface OrganizationRecords {
  /** Stores the keys (`id:42`, `name:acme`) a job's rows name. */
  put(jobId: string, keys: readonly string[]): Promise<void>;
  read(jobId: string): Promise<Set<string>>;
  delete(jobId: string): Promise<void>;
}

/** The rows CSM refused, per chunk, stored in parts of bounded size. */
export interface FailureRecords {
  /** Stores a chunk's failures; returns how many parts they took. */
  put(jobId: string, index: number, failures: RowFailure[]): Promise<number>;
  /** The failures of the given chunks, in the order given (each chunk's in row order). */
  read(jobId: string, chunks: { index: number; parts: number }[]): Promise<RowFailure[]>;
}

/** What the organizations of each chunk held before it was sent, in parts of bounded size. */
export interface ReplacedRecords {
  /** Stores a chunk's replaced values; returns how many parts they took. */
  put(jobId: string, index: number, replaced: ReplacedValues[]): Promise<number>;
  read(jobId: string, chunks: { index: number; parts: number }[]): Promise<ReplacedValues[]>;
}

export interface SkippedRecords {
  /** Stores a job's skipped rows under the file's headers; returns how many parts the rows took. */
  put(jobId: string, skipped: SkippedRows): Promise<number>;
  headers(jobId: string): Promise<string[]>;
  /** One part of the rows (the job record says how many: JobRecord.skippedParts). */
  part(jobId: string, part: number): Promise<SkippedRow[]>;
}

export interface CreatedRecords {
  /** Stores the organizations a chunk created; returns how many parts they took. */
  put(jobId: string, index: number, created: CreatedOrganization[]): Promise<number>;
  read(jobId: string, chunks: { index: number; parts: number }[]): Promise<CreatedOrganization[]>;
}

export interface RecycledRecords {
  /** Stores what a deletions chunk's organizations held; returns how many parts it took. */
  put(jobId: string, index: number, recycled: RecycledOrganization[]): Promise<number>;
  read(jobId: string, chunks: { index: number; parts: number }[]): Promise<RecycledOrganization[]>;
}

export interface Lease {
  token: string;
  holder: 'background' | 'page';
  expiresAt: number;
}

/** Who drives a job (its lease) and whether an admin asked to cancel it: keys of their own, never in the job record. */
export interface JobControl {
  getLease(jobId: string): Promise<Lease | undefined>;
  /**
   * Takes the lease if it is free, expired by `now`, already this token's, or `replacing`'s (a driver of the same
   * runner chain that could not give it back); false when another driver holds it.
   */
  acquireLease(jobId: string, lease: Lease, now: number, replacing?: string): Promise<boolean>;
  /** Extends the lease if it is still this token's; false when another driver took it over. */
  renewLease(jobId: string, lease: Lease): Promise<boolean>;
  /** Gives the lease back, if it is still this token's. */
  releaseLease(jobId: string, token: string): Promise<void>;
  /** A cancel is its own key so a running driver's job write can never overwrite it. */
  requestCancel(jobId: string): Promise<void>;
  cancelRequested(jobId: string): Promise<boolean>;
}

/** What the app keeps per site: settings, and how long its bulk tasks took. */
export interface SiteRecords {
  getSettings(): Promise<SiteSettings>;
  putSettings(settings: SiteSettings): Promise<void>;
  /** The site's task cap as learnt from CSM's answers (a new site's: the first cap, nothing refused). */
  learnedCap(): Promise<LearnedCap>;
  putLearnedCap(learned: LearnedCap): Promise<void>;
  /** How long this site's bulk tasks took in the last finished job (mean and shortest): a new job polls around it from its first task. */
  taskTimeEstimate(): Promise<TaskTimeEstimate | undefined>;
  putTaskTimeEstimate(estimate: TaskTimeEstimate): Promise<void>;
  /** When (ms) this user was last found a Jira admin by a call to Jira; undefined when never (or not an admin). */
  adminCheckedAt(accountId: string): Promise<number | undefined>;
  putAdminCheck(accountId: string, checkedAt: number | undefined): Promise<void>;
  /** Until when (ms) a quota 429 met by any runner holds the site's background calls; undefined when none was met. */
  quotaPausedUntil(): Promise<number | undefined>;
  putQuotaPause(until: number): Promise<void>;
}

/** Files the admin page sends in parts, kept until a preview or a job reads them. */
export interface UploadRecords {
  getMeta(uploadId: string): Promise<UploadMeta | undefined>;
  /** Stores the meta if the upload has none yet; returns the meta the upload has now. */
  claimMeta(uploadId: string, meta: UploadMeta): Promise<UploadMeta>;
  putPart(uploadId: string, part: number, text: string): Promise<void>;
  /** Parts 0 to count-1 as stored, by number, read by key (a part never sent is absent). */
  readParts(uploadId: string, count: number): Promise<Map<number, string>>;
  delete(uploadId: string): Promise<void>;
  /** Uploads started before `before` (ms): abandoned, or kept by a failed start. */
  startedBefore(before: number): Promise<string[]>;
}

/** Who sent a file, in how many parts, and the hash of the whole text: checked before the file is used. */
export interface UploadMeta {
  owner: string;
  parts: number;
  hash: string;
  createdAt: number;
}
