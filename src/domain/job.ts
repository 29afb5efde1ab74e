import type { Mapping } from './mapping/mapping';
import type { ChunkKind, JobKind, RowOperation } from './operations';
import { isFinal, type JobStatus } from './jobStatus';
export { FINAL_JOB_STATUSES, isFinal, transition, type JobStatus } from './jobStatus';
export { jobLedger, jobProgress, ledgerAddsUp, tallyOf, type JobLedger, type JobProgress } from './jobCounts';

/**
 * The durable shape of a bulk job, shared by the engine, the store and the admin page.
 *
 * A job is stored in parts so that no stored value grows with the job (Forge KVS values hold at most 240 KiB):
 * - the job record: status, owner, counts and a tally of its chunks, a few hundred bytes whatever the job's size;
 * - its chunk lines, a compact line per chunk (state, task id, poll times), 100 to a page;
 * - its chunks: each request body as planned, written once;
 * - its failures: per chunk, the rows CSM refused, in parts of bounded size.
 */
/**
 * PENDING: not sent. SUBMITTING: a send may have reached CSM (resend with the same key).
 * OPEN: CSM has a task for it. DONE: every row has an outcome. SKIPPED: never sent (job cancelled).
 */
export type ChunkState = 'PENDING' | 'SUBMITTING' | 'OPEN' | 'DONE' | 'SKIPPED';

export interface ChunkLine {
  state: ChunkState;
  phase: number;
  size: number;
  taskId?: string;
  submittedAt?: number;
  nextPollAt?: number;
  polls?: number;
  succeeded?: number;
  failed?: number;
  /** Of the failed rows, those that may pass if sent again as they are (absent on lines stored before: all of them). */
  retryable?: number;
  /** How many stored parts hold this chunk's failures (see the failure store). */
  failureParts?: number;
  /** Rows left out because the organization already holds what they say (never sent; see ChunkRecord.compared). */
  unchanged?: number;
  /** An undo's rows held back because their organization changed after the job (never sent; ChunkRecord.held). */
  held?: number;
  /** How many stored parts hold what the chunk's organizations held before it was sent (as on the chunk). */
  beforeParts?: number;
  /** Rows of the chunk that create an organization (none existed when it was compared), as on the chunk. */
  creates?: number;
  /**
   * Of its rows that succeeded, those that created an organization (the ledger's `created`; the others `updated`),
   * and how many stored parts hold them with their ids (see CreatedOrganization).
   */
  created?: number;
  createdParts?: number;
  /** A deletions chunk of a job of several kinds (a merges job): its succeeded rows are the ledger's `deleted`. */
  deletes?: true;
  /** A memberships chunk that removes customers (its succeeded rows are the ledger's `removed`, else `added`). */
  removes?: true;
  /** How the outcome was decided: from the task's failures, by reading the organizations back, or a refused request. */
  decidedBy?: 'task' | 'readBack' | 'compare';
  /** The task's final status as CSM gave it (or EXPIRED, REJECTED). */
  taskStatus?: string;
  /**
   * On an OPEN line: CSM said its task ended (FINISHED, FAILED, or EXPIRED when gone), seen by a driver of another job
   * (jobs/engine/idleJobTasks.ts) whose rows need a read-back to be decided, left to this job's own driver. The task
   * no longer holds one of the site's slots (JobTally.ended); the line stays OPEN until its rows are decided.
   */
  taskEnded?: string;
}

/** What a chunk's line says of its rows, from the chunk as stored (after it was compared, and rows moved in or out). */
export function lineRowsOf(
  chunk: ChunkRecord,
): Pick<ChunkLine, 'size' | 'unchanged' | 'held' | 'beforeParts' | 'creates'> {
  const unchanged = chunk.unchanged?.length ?? 0;
  const held = chunk.held ?? 0;
  return {
    size: chunk.operationIndexes.length + unchanged + held,
    unchanged: unchanged || undefined,
    held: held || undefined,
    beforeParts: chunk.beforeParts,
    creates: chunk.creates,
  };
}

/**
 * An organization a job's row created, found by the name the row gave it right after its task ended (CSM's task
 * answers no ids): from then on it is known by id, so that deleting what a job created deletes exactly it, even
 * after it is renamed and another organization takes its old name. `id` is absent if it could not be found then.
 */
export interface CreatedOrganization {
  index: number;
  row: number;
  name: string;
  id?: string;
}

/** Chunk lines are stored this many to a value: a page of the longest lines stays far below 240 KiB. */
export const LINES_PER_PAGE = 100;

export interface RowFailure {
  index: number;
  row: number;
  /** The organization the row was about, as the file named it. */
  id?: string;
  name?: string;
  error: string;
  /**
   * Whether the row may pass if sent again as it is: CSM refused it for a passing reason (busy, rate-limited, timed
   * out, an answer lost, a task that expired or failed without saying why), not for what it holds. (Failures stored
   * before this was recorded are read as retryable: domain/records.ts, FAILURE_PART.)
   */
  retryable: boolean;
  /**
   * What the row sends, for a row taken out of its chunk before it was sent (an undo's row held back because its
   * organization changed after the job): a retry sends this, the failed-rows file writes it.
   */
  operation?: RowOperation;
}

/**
 * One planned request of a job: what is sent, and which rows it carries. Written when the job is planned, and once
 * more, before it is first sent, when it is compared with the site (`compared`): the rows that would change nothing
 * are taken out, and what the others replace is stored for an undo. Never changed once it may have been sent.
 */
export interface ChunkRecord {
  index: number;
  phase: number;
  kind: ChunkKind;
  body: unknown;
  operationIndexes: number[];
  rows: number[];
  /** Compared with the site: the rows left are those that change something (or every row, for a send-all job). */
  compared?: boolean;
  /** The operations taken out as unchanged. */
  unchanged?: number[];
  /** How many stored parts hold what the chunk's organizations held before it was sent (see ReplacedRecords). */
  beforeParts?: number;
  /** How many of its rows create an organization (none had the name when it was compared). */
  creates?: number;
  /** The chunk its rows to send were moved into, to fill that one request (this one then sends nothing). */
  movedTo?: number;
  /**
   * The chunks whose rows to send were moved into this one (each `movedTo` this): what those rows replaced is stored
   * under them, so deciding this chunk's rows reads their replaced values too.
   */
  movedFrom?: number[];
  /**
   * An undo's rows held back, not sent: their organizations changed after the job (changedSinceJob). They end as
   * failed rows (retrying them restores them anyway), stored in `heldParts` parts of the failure store until the
   * chunk ends, when its task's failures join them.
   */
  held?: number;
  heldParts?: number;
}

export interface RequestCounts {
  write: number;
  statusPolls: number;
  reads: number;
  retries: number;
}

/** Counts over a job's chunk lines, kept in the job record so that a view never reads the lines. */
export interface JobTally {
  chunks: number;
  pending: number;
  /** SUBMITTING or OPEN: rows not yet decided, and tasks the job holds (or may hold) against the site's cap. */
  open: number;
  /**
   * Of the open lines, those whose task CSM said ended (ChunkLine.taskEnded), their rows still to be decided: they hold
   * no slot. The site's slots count `open - ended`; everything else (a cancel, the page) counts `open`.
   */
  ended?: number;
  done: number;
  skipped: number;
  /** Operations in chunks that were sent (not PENDING or SKIPPED). */
  sent: number;
  /** Operations in chunks a cancel skipped: never sent. */
  notSent: number;
  succeeded: number;
  failed: number;
  /** Of the failed rows, those a retry sends again (see RowFailure.retryable). */
  retryable: number;
  /** Rows not sent because the organization already held what they say. */
  unchanged: number;
  /** An undo's rows not sent because their organization changed after the job (counted in `failed` too). */
  held?: number;
  /** Chunks that were given a task: the requests the job needed. */
  tasks: number;
  /** Rows that create an organization, as compared before they were sent (an undo leaves those). */
  creates?: number;
  /** Rows that succeeded and created an organization (the ledger's `created`; see ChunkLine.created). */
  created?: number;
  /** A merges job's rows that succeeded in deleting (ChunkLine.deletes). */
  deleted?: number;
  /** A memberships job's rows that succeeded in removing a customer (ChunkLine.removes; the ledger's `removed`). */
  removed?: number;
  /** The latest send among the open chunks, for the time-left estimate. */
  lastOpenSubmittedAt?: number;
}

export interface JobRecord {
  id: string;
  kind: JobKind;
  status: JobStatus;
  ownerAccountId: string;
  fileName?: string;
  /** The mapping the file was read through (a CRM export): its failed-rows file is written in the file's own headers. */
  mapping?: Mapping;
  /** The job whose failed rows this one sends again, and the job that sent this one's failed rows again. */
  retryOf?: string;
  retriedBy?: string;
  /** The cancelled job whose unsent rows this one sends, and the job that sent this one's unsent rows. */
  resumeOf?: string;
  resumedBy?: string;
  /** The job whose changes this one puts back, and the job that put this one's back. */
  undoOf?: string;
  undoneBy?: string;
  /** The job whose created organizations this one deletes (a deletions job), and the job that deleted them. */
  deleteOf?: string;
  deletedBy?: string;
  /** The deletions job whose organizations this one created again from the recycle bin, and the job that did. */
  restoreOf?: string;
  restoredBy?: string;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
  rows: number;
  operations: number;
  skippedRows: number;
  /** How many stored parts hold the rows skipped for errors in the file (see SkippedRecords); absent: none stored. */
  skippedParts?: number;
  /** How many tasks the job keeps open at most: the pinned cap, or the learnt one, which moves as CSM answers. */
  taskCap: number;
  /** The admin pinned the cap (Settings): the job keeps it, learning nothing. */
  capPinned?: boolean;
  /** A background runner stopped with nothing due before this (ms): a delayed event wakes the next one then. */
  resumeAt?: number;
  /** Send every row, even those the site already holds (otherwise they are compared and left out). */
  sendAll?: boolean;
  /** The requests the file was planned in: what sending every row as planned would take (tasksSaved compares). */
  plannedTasks?: number;
  /** Chunks from this index on are spare details requests (see spareDetailChunks). */
  spareFrom?: number;
  tally: JobTally;
  requests: RequestCounts;
  /**
   * Durations of finished tasks, for the time-left estimate and poll timing; `minMs` is the shortest seen (seeded,
   * like the rest, from the site's last job; poll timing never uses less than half the mean); `sumSqMs` the sum of
   * their squares, for the spread (absent in records from before it was kept).
   */
  taskTime: { count: number; totalMs: number; minMs?: number; sumSqMs?: number };
  waitingReason?: string;
  lastError?: string;
  heartbeatAt?: number;
}

/** A job with its chunk lines, as the engine drives it. */
export interface LoadedJob extends JobRecord {
  chunks: ChunkLine[];
}

/** Messages kept in a job record are cut to this length, so a long answer from CSM cannot grow the record. */
export const MAX_JOB_MESSAGE_CHARS = 1_000;

export function boundedMessage(message: string | undefined): string | undefined {
  if (message === undefined || message.length <= MAX_JOB_MESSAGE_CHARS) return message;
  return `${message.slice(0, MAX_JOB_MESSAGE_CHARS - 1)}…`;
}

/** The final status once no chunk is left to send or to wait for. */
export function finalStatus(tally: JobTally): JobStatus {
  if (tally.skipped > 0) return 'CANCELLED';
  if (tally.failed === 0) return 'SUCCEEDED';
  return tally.succeeded > 0 ? 'PARTIAL' : 'FAILED';
}

/** Estimated milliseconds left, from the task times seen so far and the slots available. */
export function estimateRemainingMs(job: JobRecord, now: number): number | undefined {
  if (isFinal(job.status) || job.taskTime.count === 0) return undefined;
  const meanTaskMs = job.taskTime.totalMs / job.taskTime.count;
  const { pending, lastOpenSubmittedAt } = job.tally;
  const openLeft = lastOpenSubmittedAt === undefined ? 0 : lastOpenSubmittedAt + meanTaskMs - now;
  return Math.max(0, openLeft) + Math.ceil(pending / Math.max(1, job.taskCap)) * meanTaskMs;
}
