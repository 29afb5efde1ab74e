import type { ImportProblem } from '../../src/domain/import';
import type { ImportFormat } from '../../src/domain/import/types';
import { UNKNOWN_COLUMN } from '../../src/domain/import/problems';
import { failedRowsCsv, type FailedRow } from '../../src/domain/export/failedRows';
import { describeOverlaps } from '../../src/domain/overlap';
import { countChanges, type ChangeCounts } from '../../src/domain/preview';
import { fnv1a64Hex } from '../../src/domain/plan';
import { jsonStringBytes, splitTextByBytes, TEXT_PART_MAX_BYTES } from '../../src/domain/text/parts';
import type { ImportKind, JobKind } from '../../src/domain/operations';
import type { ResolverResult } from '../../src/resolvers/contract';
import type { HandlerResults } from '../../src/resolvers/handlers';
import type { JobView } from '../../src/jobs/views';
import type { LocalRuntime } from '../runtime';
import { createMissingFields } from './createFields';
import { plural } from './words';
import { fileProblemsOf, skippedRowsOf, type SkippedRow } from './skippedRows';

/** The JSON summary of `bulk apply` (architecture.md: stable). */
export interface ApplySummary {
  jobId: string | null;
  kind: JobKind;
  status: 'SUCCEEDED' | 'PARTIAL' | 'FAILED' | 'INVALID' | 'DRY_RUN' | 'CANCELLED';
  rows: number;
  operations: number;
  /** The requests the file was planned in, and the tasks the job needed (rows unchanged or packed need fewer). */
  chunks: number;
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
   * created, updated, deleted, unchanged, failed, skipped, notSent, and they add up to `rows`; `succeeded` is
   * created + updated + deleted.
   */
  created?: number;
  updated?: number;
  deleted?: number;
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

/**
 * Calls a resolver as the admin page does; a call CSM answered with a passing fault (CSM_UNAVAILABLE:
 * 429s or 5xx past the client's own retries, before anything was created) is tried again a few times.
 */
export async function call<K extends keyof HandlerResults>(
  runtime: LocalRuntime,
  name: K,
  payload: unknown,
): Promise<HandlerResults[K]> {
  for (let attempt = 1; ; attempt += 1) {
    const result = await runtime.invokeResolver<ResolverResult<HandlerResults[K]>>(name, payload);
    if (result.ok) return result.data;
    if (result.code !== 'CSM_UNAVAILABLE' || attempt >= 5) {
      throw new ResolverCallError(result.code, result.message, result.problems as ImportProblem[] | undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
}

export class ResolverCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly problems?: ImportProblem[],
  ) {
    super(message);
  }
}

/** Large files go up in parts, as the admin page sends them (the same part size: domain/text/parts.ts). */
export async function fileSource(
  runtime: LocalRuntime,
  text: string,
  idPrefix = 'cli',
): Promise<{ text: string } | { uploadId: string }> {
  if (jsonStringBytes(text) <= TEXT_PART_MAX_BYTES) return { text };
  const uploadId = `${idPrefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const parts = splitTextByBytes(text);
  const fileHash = fnv1a64Hex(text);
  for (const [part, partText] of parts.entries())
    await call(runtime, 'uploadPart', { uploadId, part, parts: parts.length, fileHash, text: partText });
  return { uploadId };
}

/** A preview with every problem: answers carry a page of them, the rest are asked for (the file is sent once). */
export async function previewAll(
  runtime: LocalRuntime,
  request: { kind: ImportKind; format?: ImportFormat; ignoreColumns?: string[]; ignoreUnknownColumns?: boolean },
  text: string,
  sent?: { text: string } | { uploadId: string },
  lookUpAll = false,
): Promise<HandlerResults['previewImport']> {
  const source = sent ?? (await fileSource(runtime, text));
  const first = await call(runtime, 'previewImport', { ...request, ...source, ...(lookUpAll ? { lookUpAll } : {}) });
  const problems = [...first.problems];
  while (problems.length < first.problemTotals.all) {
    const next = await call(runtime, 'previewImport', { ...request, ...source, problemsOffset: problems.length });
    if (next.problems.length === 0) break;
    problems.push(...next.problems);
  }
  return { ...first, problems };
}

/** The preview's background lookup of the whole file followed to its end, as the page follows it. */
async function lookedUp(runtime: LocalRuntime, lookupId: string): Promise<ChangeCounts | undefined> {
  let looked = -1;
  let movedAt = Date.now();
  for (;;) {
    const lookup = await call(runtime, 'getLookup', { lookupId });
    if (lookup.status === 'DONE') return lookup.counts;
    if (lookup.looked !== looked) [looked, movedAt] = [lookup.looked, Date.now()];
    const stalled = Date.now() - movedAt > LOOKUP_GIVE_UP_MS;
    if (lookup.status === 'STOPPED' || stalled) {
      const why = stalled ? `no row was looked up for ${LOOKUP_GIVE_UP_MS / 1000} s` : (lookup.reason ?? 'it stopped');
      process.stderr.write(`The site could not be looked up for every row (${why}): the changes are not counted.\n`);
      return undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A dry run stops waiting for the lookup of the whole file when it has not moved for this long. */
const LOOKUP_GIVE_UP_MS = 180_000;

/** The spreadsheet row of the header: blank lines before it count (as the importer counts them). */
const headerRowOf = (text: string) => {
  const lines = text.split(/\r\n|\r|\n/);
  const first = lines.findIndex((line) => line.trim() !== '');
  return first < 0 ? 1 : first + 1;
};

const problemsOf = (problems: ImportProblem[] = []) =>
  problems
    .filter((p) => p.severity === 'error')
    .map((p) => ({ row: p.row, ...(p.column ? { column: p.column } : {}), message: p.message }));

export async function applyFile(
  runtime: LocalRuntime,
  input: {
    text: string;
    kind: ImportKind;
    /** Read as CSV or JSON: by default from its first character (see detectFormat). */
    format?: ImportFormat;
    fileName?: string;
    dryRun?: boolean;
    skipInvalid?: boolean;
    allowOverlap?: boolean;
    /** Send every row, even those the site already holds. */
    sendAll?: boolean;
    /** Leave out every column the kind has no use for (a first preview finds them). */
    ignoreUnknownColumns?: boolean;
    /** Hears the columns the kind has no use for: left out (`ignored`), or why nothing was sent. */
    onUnknownColumns?: (columns: string[], ignored: boolean) => void;
    /** Create the detail fields the file names that the site lacks (types inferred), before the job. */
    createFields?: boolean;
    /** Hears what --create-fields did, a line at a time. */
    onFieldsNote?: (line: string) => void;
    /** Hears the job's id as soon as the job is stored, before anything is sent: a killed run can still be named. */
    onStarted?: (jobId: string) => void;
    onProgress?: (view: JobView) => void;
    pollMs?: number;
    /** Aborted (Ctrl-C): the job is cancelled and followed until it ends. */
    signal?: AbortSignal;
  },
): Promise<ApplySummary> {
  const started = Date.now();
  const { requests: noRequests, ...empty } = nothingSent(input.kind, 0);
  let source: { text: string } | { uploadId: string };
  try {
    source = await fileSource(runtime, input.text);
  } catch (error) {
    // Refused before anything was read or sent (a file larger than an upload may be): the message says the cap.
    if (!(error instanceof ResolverCallError) || error.code !== 'INVALID_INPUT') throw error;
    return {
      ...empty,
      status: 'INVALID',
      errors: [{ row: null, message: `${error.message} Nothing was sent.` }],
      requests: noRequests,
      elapsedMs: Date.now() - started,
    };
  }
  const format = input.format === undefined ? {} : { format: input.format };
  const fields = input.createFields
    ? await createMissingFields((name, payload) => call(runtime, name, payload), {
        kind: input.kind,
        format: input.format,
        source,
        dryRun: input.dryRun,
        say: (line) => input.onFieldsNote?.(line),
        problemsWith: async (covered) => {
          const preview = await previewAll(
            runtime,
            { kind: input.kind, ...format, ignoreColumns: covered },
            input.text,
            source,
          );
          const blocking = preview.problems.filter(
            (problem) => !(input.ignoreUnknownColumns && problem.code === UNKNOWN_COLUMN),
          );
          // With --skip-invalid rows with errors are left out; only a file of which nothing would be sent is refused.
          if (input.skipInvalid && preview.operations > 0 && !blocking.some((p) => p.code === UNKNOWN_COLUMN))
            return [];
          return problemsOf(blocking);
        },
      })
    : { ok: true as const, created: [], covered: [] };
  if (!fields.ok)
    return {
      ...empty,
      status: 'INVALID',
      errors: fields.errors,
      requests: noRequests,
      elapsedMs: Date.now() - started,
    };
  const created = fields.created.length > 0 ? { createdFields: fields.created } : {};
  const ignored = await columnsToIgnore(runtime, input, source);
  // A dry run creates nothing: the columns it would create fields for are left out of its checks.
  const ignoreColumns = input.dryRun ? fields.covered : [];
  const request = {
    kind: input.kind,
    ...format,
    ...(ignoreColumns.length > 0 ? { ignoreColumns } : {}),
    ...ignored,
  };
  if (input.dryRun) {
    const preview = await previewAll(runtime, request, input.text, source, true);
    const changes = preview.lookup ? await lookedUp(runtime, preview.lookup.id) : countChanges(preview.rows);
    reportUnknownColumns(preview, input);
    // With --skip-invalid, as the real run would: rows with errors are left out, the others would be sent.
    const headerRow = headerRowOf(input.text);
    const skippedRows = input.skipInvalid ? skippedRowsOf(preview.problems, headerRow) : [];
    const blocking = input.skipInvalid ? fileProblemsOf(preview.problems, headerRow) : preview.problems;
    const nothingLeft =
      input.skipInvalid && blocking.length === 0 && preview.operations === 0
        ? [{ row: null, message: 'The file has no rows to send: every row has errors.' }]
        : [];
    const errors = [
      ...problemsOf(blocking),
      ...nothingLeft,
      ...(input.allowOverlap
        ? []
        : preview.overlaps.map((overlap) => ({
            row: null,
            message: `Nothing would be sent: ${describeOverlaps([overlap])}`,
          }))),
    ];
    return {
      ...empty,
      ...created,
      status: errors.length > 0 ? 'INVALID' : 'DRY_RUN',
      rows: preview.rowCount,
      operations: preview.operations,
      chunks: preview.plan?.chunks ?? 0,
      ...(changes ? { changes } : {}),
      ...(input.skipInvalid ? { skipped: skippedRows.length, skippedRows } : {}),
      errors,
      requests: noRequests,
      elapsedMs: Date.now() - started,
    };
  }
  // The job keeps how many rows it left out, not which: the file, checked as the job checks it, says which.
  const skippedRows = input.skipInvalid
    ? skippedRowsOf((await previewAll(runtime, request, input.text, source)).problems, headerRowOf(input.text))
    : [];
  let job;
  try {
    job = await call(runtime, 'startJob', {
      ...request,
      fileName: input.fileName,
      skipInvalid: input.skipInvalid === true,
      allowOverlap: input.allowOverlap === true,
      sendAll: input.sendAll === true,
      ...source,
    });
  } catch (error) {
    if (error instanceof ResolverCallError && (error.code === 'OVERLAP' || error.code === 'INVALID_INPUT')) {
      // Nothing was sent. The answer lists the first problems only: the preview pages through all of them and says
      // how many rows the file has (an overlap keeps the upload; a refusal deletes it, so the file goes up again).
      const preview = await previewAll(runtime, request, input.text, error.code === 'OVERLAP' ? source : undefined);
      reportUnknownColumns(preview, input);
      const errors =
        error.code === 'OVERLAP'
          ? [{ row: null, message: `${error.message} Wait for it to end, or pass --allow-overlap.` }]
          : problemsOf(preview.problems);
      return {
        ...empty,
        ...created,
        status: 'INVALID',
        rows: preview.rowCount,
        errors: errors.length > 0 ? errors : [{ row: null, message: error.message }],
        requests: noRequests,
        elapsedMs: Date.now() - started,
      };
    }
    throw error;
  }
  input.onStarted?.(job.id);
  const summary = await followJob(runtime, job.id, input, started);
  return { ...summary, ...(input.skipInvalid ? { skippedRows } : {}), ...created };
}

/** With ignoreUnknownColumns: the columns a first preview finds the kind has no use for, to leave out. */
async function columnsToIgnore(
  runtime: LocalRuntime,
  input: {
    kind: ImportKind;
    format?: ImportFormat;
    ignoreUnknownColumns?: boolean;
    onUnknownColumns?: (columns: string[], ignored: boolean) => void;
  },
  source: { text: string } | { uploadId: string },
): Promise<{ ignoreUnknownColumns?: true }> {
  if (!input.ignoreUnknownColumns) return {};
  const { unknownColumns } = await call(runtime, 'previewImport', {
    kind: input.kind,
    ...(input.format === undefined ? {} : { format: input.format }),
    ...source,
    problemsLimit: 1,
  });
  if (unknownColumns.length === 0) return {};
  input.onUnknownColumns?.(unknownColumns, true);
  // By a flag, not by name: a list of names stops at what one request carries (200), a file may have more.
  return { ignoreUnknownColumns: true };
}

function reportUnknownColumns(
  preview: HandlerResults['previewImport'],
  input: { onUnknownColumns?: (columns: string[], ignored: boolean) => void },
) {
  if (preview.unknownColumns.length > 0) input.onUnknownColumns?.(preview.unknownColumns, false);
}

/**
 * Sends the rows a cancelled job left unsent (`resumeJob`), retries its failed rows (`retryFailed`) or puts back
 * what its rows replaced (`undoJob`), once per job: asked again, it follows the job made the first time.
 */
export async function followUpJob(
  runtime: LocalRuntime,
  input: {
    jobId: string;
    action: 'resumeJob' | 'retryFailed' | 'undoJob' | 'deleteCreated';
    confirmStale?: boolean;
    onProgress?: (view: JobView) => void;
    pollMs?: number;
    signal?: AbortSignal;
  },
): Promise<ApplySummary> {
  const started = Date.now();
  const job =
    input.action === 'deleteCreated'
      ? await call(runtime, 'deleteCreated', { jobId: input.jobId, confirm: true })
      : await call(runtime, input.action, { jobId: input.jobId, confirmStale: input.confirmStale === true });
  const summary = await followJob(runtime, job.id, input, started);
  if (input.action === 'resumeJob') return summary;
  return {
    ...summary,
    leftOut: job.leftOut,
    leftOutMessage: job.leftOutMessage,
    ...(job.existing ? { existing: true } : {}),
  };
}

/** How the CLI follows a job: its progress, how often it asks, and Ctrl-C. */
interface FollowInput {
  onProgress?: (view: JobView) => void;
  pollMs?: number;
  signal?: AbortSignal;
}

export async function followJob(
  runtime: LocalRuntime,
  jobId: string,
  input: FollowInput,
  started: number,
): Promise<ApplySummary> {
  let stoppedBecause: string | undefined;
  const view = await waitForJob(runtime, jobId, {
    ...input,
    onWaitingForUser: (waiting) => (stoppedBecause = waitingWords(waiting)),
  });
  const failures: ApplySummary['failures'] = [];
  for (let offset = 0; offset < view.failuresTotal; offset += 1000) {
    const page = await call(runtime, 'getJob', { jobId, failuresOffset: offset, failuresLimit: 1000 });
    failures.push(...page.failures.map(failureOf));
  }
  return { ...summaryOf(view, failures, started), rows: view.rows, ...(stoppedBecause ? { stoppedBecause } : {}) };
}

/** Why a job waits for its user: the first sentence of its reason (the rest tells what to do on the admin page). */
const waitingReason = (view: JobView) =>
  /^.*?\.(?=\s|$)/.exec(view.waitingReason ?? '')?.[0] ?? 'CSM refused the call.';

const waitingWords = (view: JobView) =>
  `Job ${view.id} cannot go on: ${waitingReason(view)} The command line has no admin page to run it as you instead, so it was cancelled: nothing more is sent, and the rows it did not send are kept for bulk resume once the site lets the app act for you in the background.`;

/** A job that waits for its user, cancelled, is given this long to end: past it, tasks CSM holds are left open. */
const WAITING_CANCEL_MS = 15_000;

/** The job cannot be followed to its end by this command (it says why and what to do). */
export class JobCannotGoOnError extends Error {}

/**
 * Follows a job through getJob, as the page does, until it ends. With `onWaitingForUser`, a job the site refuses to
 * run in the background (WAITING_FOR_USER) is cancelled rather than waited for: on Forge the open admin page drives
 * such a job as the present user, and the command line has no page, so nothing would ever move it on.
 */
export async function waitForJob(
  runtime: LocalRuntime,
  jobId: string,
  input: FollowInput & { onWaitingForUser?: (view: JobView) => void },
  failuresLimit = 0,
): Promise<JobView> {
  let cancelAsked = false;
  let waitingCancelledAt: number | undefined;
  for (;;) {
    if (input.signal?.aborted && !cancelAsked) {
      cancelAsked = true;
      await call(runtime, 'cancelJob', { jobId });
    }
    const view = await call(runtime, 'getJob', { jobId, failuresLimit });
    input.onProgress?.(view);
    if (['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'].includes(view.status)) return view;
    if (view.status === 'WAITING_FOR_USER' && input.onWaitingForUser && waitingCancelledAt === undefined) {
      input.onWaitingForUser(view);
      cancelAsked = true;
      waitingCancelledAt = Date.now();
      await call(runtime, 'cancelJob', { jobId });
      continue;
    }
    if (waitingCancelledAt !== undefined && Date.now() - waitingCancelledAt > WAITING_CANCEL_MS) {
      throw new JobCannotGoOnError(
        `Job ${jobId} cannot go on: ${waitingReason(view)} It was cancelled, but the ${plural(view.progress.openTasks, 'task')} CSM already holds cannot be followed without you, so it has not ended. Once the site lets the app act for you in the background, finish it with: npm run --silent bulk -- resume ${jobId} (with the --state-dir you gave apply).`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, input.pollMs ?? 100));
  }
}

export const failureOf = ({ row, id, name, error }: JobView['failures'][number]): ApplySummary['failures'][number] => ({
  row,
  ...(id ? { id } : {}),
  ...(name ? { name } : {}),
  error,
});

/** The summary of a finished job (its `rows` are the caller's: the file's rows, or the rows a sync compared). */
export function summaryOf(
  view: JobView,
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
    ...(view.ledger.notSent > 0 ? {} : { tasksSaved: Math.max(0, view.progress.plannedTasks - view.progress.tasks) }),
    succeeded: view.progress.succeeded,
    failed: view.progress.failed,
    notSent: view.ledger.notSent,
    unchanged: view.ledger.unchanged,
    created: view.ledger.created,
    updated: view.ledger.updated,
    deleted: view.ledger.deleted,
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

/** A job's failed rows as a file in the import format of its kind, with a Failure Reason column (as the page gives). */
export async function failedRowsFile(runtime: LocalRuntime, jobId: string): Promise<string> {
  const rows: FailedRow[] = [];
  for (;;) {
    const page = await call(runtime, 'failedRows', { jobId, offset: rows.length });
    rows.push(...page.rows);
    if (page.rows.length === 0 || rows.length >= page.total) return failedRowsCsv(page.kind, rows);
  }
}
