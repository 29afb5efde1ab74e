/**
 * The one summary every bulk command that sends (or would send) rows ends with: apply, resume, retry, undo and sync
 * print it (applyText.ts report), as one JSON object with --json, and take their exit code from it.
 */
import type { ChangeCounts } from '../../src/domain/preview';
import { isSingleCallKind, type JobKind } from '../../src/domain/operations';
import type { RemovedFromSource, SyncRun } from '../../src/domain/sync';
import type { JobAnswer } from '../../src/resolvers/contract';
import type { SkippedRow } from './skippedRows';

/** The JSON summary of `bulk apply` (architecture.md: stable). */
export interface ApplySummary {
  jobId: string | null;
  kind: JobKind;
  status: 'SUCCEEDED' | 'PARTIAL' | 'FAILED' | 'INVALID' | 'DRY_RUN' | 'CANCELLED';
  rows: number;
  operations: number;
  /** The requests the file was planned in, and the tasks the job needed (rows unchanged or packed need fewer). */
  chunks: number;
  /**
   * A dry run's estimate of the job's time on this site: its planned requests in waves of the cap, each the site's
   * task time in its last finished job (absent before a first job finished there).
   */
  estimatedMs?: number;
  tasks: number;
  /**
   * chunks − tasks: requests not needed because rows changed nothing or went in fewer, fuller requests. Given only
   * for a job that sent every row: the requests a cancel left unsent were not saved, they are still to send.
   */
  tasksSaved?: number;
  succeeded: number;
  failed: number;
  /** Rows a cancel left unsent (`bulk resume JOB_ID` sends them). */
  notSent: number;
  /** Rows not sent because the site already held what they say (`--send-all` sends them anyway). */
  unchanged: number;
  /**
   * The job's ledger (src/domain/job.ts, JobLedger), present once a job ran: each row is in exactly one of
   * created, updated, deleted, added, removed, unchanged, failed, skipped, notSent, and they add up to `rows`;
   * `succeeded` is created + updated + deleted + added + removed.
   */
  created?: number;
  updated?: number;
  deleted?: number;
  /** A memberships job's changes (a MOVE row is two: an addition and a removal); 0 for any other job. */
  added?: number;
  removed?: number;
  /** Rows left out for errors in the file (--skip-invalid). */
  skipped?: number;
  /** --skip-invalid: those rows, each with its problems (`--failed-rows` writes them too, as the file held them). */
  skippedRows?: SkippedRow[];
  /** `--dry-run`: what the rows would do to the site as it is now, every row looked up. */
  changes?: ChangeCounts;
  /**
   * `bulk undo`: organizations changed again after the job, not put back (among `failed`, each saying what it holds
   * now): `bulk retry UNDO_JOB_ID` restores them anyway.
   */
  changedSince?: number;
  errors: { row: number | null; column?: string; message: string }[];
  failures: { row: number; id?: string; name?: string; error: string }[];
  requests: { write: number; statusPolls: number; reads: number; retries: number };
  elapsedMs: number;
  /**
   * `bulk retry`: the original's failed rows not sent again, refused for what they hold (they need fixing);
   * `bulk undo`: the organizations the job created, which an undo leaves as they are.
   */
  leftOut?: number;
  leftOutMessage?: string;
  /** A follow-up asked again: the job the first ask started, sending nothing now. */
  existing?: boolean;
  /** `--create-fields`: the detail fields created before the job. */
  createdFields?: string[];
  /** Why the job was cancelled without a Ctrl-C: the site refused to let it run as you (the CLI has no page). */
  stoppedBecause?: string;
  /** `bulk sync`: the run of the CLI's sync plan (its job, if it needed one, is the rest of the summary). */
  sync?: SyncOutcome;
}

/** What a `bulk sync` run did, beside the summary of its job. */
export interface SyncOutcome {
  status: SyncRun['status'];
  compared: number;
  changed: number;
  /** Of the changed rows, those CSM already held (read and compared by the job, not sent). */
  unchanged?: number;
  /** What the plan does with organizations removed from the source. */
  removedFromSource: RemovedFromSource;
  /** Those this run found removed (counted; the first ones named). */
  removed?: SyncRun['removed'];
  reasons?: string[];
}

/** The counts of a summary when no job ran (an invalid file, a dry run, a sync run with nothing to send). */
export function nothingSent(kind: JobKind, rows: number) {
  return {
    jobId: null,
    kind,
    rows,
    operations: 0,
    chunks: 0,
    tasks: 0,
    succeeded: 0,
    failed: 0,
    notSent: 0,
    unchanged: 0,
    errors: [] as ApplySummary['errors'],
    failures: [] as ApplySummary['failures'],
    requests: { write: 0, statusPolls: 0, reads: 0, retries: 0 },
  };
}

export const EXIT = { ok: 0, failedRows: 1, invalid: 2, other: 3 } as const;

export const failureOf = ({
  row,
  id,
  name,
  error,
}: JobAnswer['failures'][number]): ApplySummary['failures'][number] => ({
  row,
  ...(id ? { id } : {}),
  ...(name ? { name } : {}),
  error,
});

/** The summary of a finished job (its `rows` are the caller's: the file's rows, or the rows a sync compared). */
export function summaryOf(
  view: JobAnswer,
  failures: ApplySummary['failures'],
  started: number,
): Omit<ApplySummary, 'rows'> {
  return {
    jobId: view.id,
    kind: view.kind,
    status: view.status as ApplySummary['status'],
    operations: view.progress.total,
    chunks: view.progress.plannedTasks,
    tasks: view.progress.tasks,
    // Single calls (memberships) hold no tasks: none were saved.
    ...(view.ledger.notSent > 0 || isSingleCallKind(view.kind)
      ? {}
      : { tasksSaved: Math.max(0, view.progress.plannedTasks - view.progress.tasks) }),
    succeeded: view.progress.succeeded,
    failed: view.progress.failed,
    notSent: view.ledger.notSent,
    unchanged: view.ledger.unchanged,
    created: view.ledger.created,
    updated: view.ledger.updated,
    deleted: view.ledger.deleted,
    added: view.ledger.added,
    removed: view.ledger.removed,
    skipped: view.ledger.skipped,
    ...(view.progress.changedSince > 0 ? { changedSince: view.progress.changedSince } : {}),
    errors: [],
    failures,
    requests: view.requests,
    elapsedMs: Date.now() - started,
  };
}

export function exitCodeOf(summary: ApplySummary): number {
  switch (summary.status) {
    case 'SUCCEEDED':
    case 'DRY_RUN':
      return EXIT.ok;
    case 'PARTIAL':
    case 'FAILED':
      return EXIT.failedRows;
    case 'INVALID':
      return EXIT.invalid;
    default:
      return EXIT.other;
  }
}
