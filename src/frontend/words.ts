import type { JobLedger, JobStatus } from '../domain/job';
import type { ImportKind, JobKind } from '../domain/operations';
import type { LineChange } from './previewModel';
import { duration } from '../domain/text/duration';

export { duration };

type LozengeAppearance = 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';

/** One lozenge per thing a row can do, each with its own colour: an error in the file is not a refusal by CSM. */
export const CHANGE_LOZENGE: Record<LineChange, { appearance: LozengeAppearance; label: string }> = {
  create: { appearance: 'new', label: 'Create' },
  update: { appearance: 'inprogress', label: 'Update' },
  unchanged: { appearance: 'default', label: 'Unchanged' },
  add: { appearance: 'new', label: 'Will be added' },
  remove: { appearance: 'removed', label: 'Will be removed' },
  move: { appearance: 'inprogress', label: 'Will be moved' },
  member: { appearance: 'default', label: 'Already a member' },
  'not-member': { appearance: 'default', label: 'Not a member' },
  delete: { appearance: 'removed', label: 'Will be deleted' },
  'will-fail': { appearance: 'moved', label: 'Will fail' },
  'file-error': { appearance: 'removed', label: 'Error in file' },
  'not-checked': { appearance: 'default', label: 'Not looked up' },
};

export const STATUS_LOZENGE: Record<JobStatus, { appearance: LozengeAppearance; label: string }> = {
  QUEUED: { appearance: 'default', label: 'Queued' },
  RUNNING: { appearance: 'inprogress', label: 'Running' },
  WAITING_FOR_USER: { appearance: 'moved', label: 'Waiting for you' },
  CANCELLING: { appearance: 'moved', label: 'Cancelling' },
  SUCCEEDED: { appearance: 'success', label: 'Succeeded' },
  PARTIAL: { appearance: 'moved', label: 'Partly succeeded' },
  FAILED: { appearance: 'removed', label: 'Failed' },
  CANCELLED: { appearance: 'default', label: 'Cancelled' },
};

export const KIND_WORDS: Record<ImportKind, string> = {
  profiles: 'Organization profiles',
  organizations: 'Organizations',
  details: 'Detail values',
  memberships: 'Memberships',
  deletions: 'Deletions',
  'service-projects': 'Service projects',
  merges: 'Merges',
};

/** What is left of a running job, and when it should end: "About 2 h 10 min (ends about 16:40 UTC)". */
export function timeLeft(ms: number | undefined, now = Date.now()): string {
  if (ms === undefined) return 'Estimating…';
  if (ms < 90_000) return duration(ms);
  return `${duration(ms)} (ends about ${when(now + ms).slice(11)})`;
}

export function when(epochMs: number | undefined): string {
  if (epochMs === undefined) return '';
  return new Date(epochMs).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** 20,000 rather than 20000. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** A job as its title needs it: its kind, file, start, and the job it follows up, if any. */
export interface TitledJob {
  kind: JobKind;
  fileName?: string;
  createdAt: number;
  retryOf?: string;
  resumeOf?: string;
  undoOf?: string;
  deleteOf?: string;
}

/**
 * What an admin calls a job: "Organization profiles from customers.csv, started 2026-11-30 09:15 UTC"; a follow-up
 * says what it is of ("Retry of job …", "Undo of job …", "Delete of what job … created"), not the original's title.
 */
export function jobTitle(job: TitledJob): string {
  const started = `started ${when(job.createdAt)}`;
  const file = job.fileName ? ` (${job.fileName})` : '';
  if (job.retryOf) return `Retry of job ${job.retryOf}${file}: its failed rows, ${started}`;
  if (job.resumeOf) return `Resume of job ${job.resumeOf}${file}: the rows it did not send, ${started}`;
  if (job.undoOf) return `Undo of job ${job.undoOf}${file}, ${started}`;
  if (job.deleteOf) return `Delete of what job ${job.deleteOf} created${file}, ${started}`;
  if (job.kind === 'deletions')
    return `Deleting organizations${job.fileName ? ` from ${job.fileName}` : ''}, ${started}`;
  return `${KIND_WORDS[job.kind]}${job.fileName ? ` from ${job.fileName}` : ''}, ${started}`;
}

/**
 * Where a job's rows are, from its ledger (the same numbers as the CLI's --json summary): "Rows: 20 · Created: 5 ·
 * Unchanged (not sent): 15". Places no row is in are left out.
 */
export function ledgerLine(ledger: JobLedger): string {
  const places: [string, number][] = [
    ['Created', ledger.created],
    ['Updated', ledger.updated],
    ['Deleted', ledger.deleted],
    ['Added', ledger.added],
    ['Removed', ledger.removed],
    ['Unchanged (not sent)', ledger.unchanged],
    ['Failed', ledger.failed],
    ['Skipped (errors in the file)', ledger.skipped],
    ['Not sent', ledger.notSent],
    ['Pending', ledger.pending],
  ];
  const shown = places.filter(([, value]) => value > 0).map(([label, value]) => `${label}: ${count(value)}`);
  return [`Rows: ${count(ledger.rows)}`, ...shown].join(' · ');
}
