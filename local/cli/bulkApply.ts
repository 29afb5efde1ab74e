import type { Mapping } from '../../src/domain/mapping/mapping';
import type { ImportProblem } from '../../src/domain/import';
import type { ImportFormat } from '../../src/domain/import/types';
import { UNKNOWN_COLUMN } from '../../src/domain/import/problems';
import { describeOverlaps } from '../../src/domain/overlap';
import { countChanges, type ChangeCounts } from '../../src/domain/preview';
import type { ImportKind } from '../../src/domain/operations';
import type { ResolverAnswers } from '../../src/resolvers/contract';
import type { JobAnswer } from '../../src/resolvers/contract';
import type { LocalRuntime } from '../runtime';
import { createMissingFields } from './createFields';
import { followJob } from './followJob';
import { call, fileSource, previewAll, ResolverCallError } from './resolverCall';
import { fileProblemsOf, skippedRowsOf } from './skippedRows';
import { nothingSent, type ApplySummary } from './summary';

// What other layers (bench, tests) take from here, kept where they have always found it.
export { call, fileSource, previewAll, ResolverCallError } from './resolverCall';
export { followJob, followUpJob, failedRowsFile, JobCannotGoOnError, waitForJob } from './followJob';
export { EXIT, exitCodeOf, failureOf, nothingSent, summaryOf, type ApplySummary } from './summary';

export interface ApplyInput {
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
  /** A deletions file: the admin confirmed it (--yes). */
  confirmDelete?: boolean;
  /** The file's columns and values in the site's words (--map, --map-name): see src/domain/mapping. */
  mapping?: Mapping;
  /** Leave out every column the kind has no use for (a first preview finds them). */
  ignoreUnknownColumns?: boolean;
  /** Hears the columns the kind has no use for: left out (`ignored`), or why nothing was sent. */
  onUnknownColumns?: (columns: string[], ignored: boolean) => void;
  /** Create the detail fields the file names that the site lacks (types inferred), before the job. */
  createFields?: boolean;
  /** Hears what --create-fields did, a line at a time. */
  onFieldsNote?: (line: string) => void;
  /** Hears what a dry run could not do (the site not looked up for every row). */
  onNote?: (line: string) => void;
  /** Hears the job's id as soon as the job is stored, before anything is sent: a killed run can still be named. */
  onStarted?: (jobId: string) => void;
  onProgress?: (view: JobAnswer) => void;
  pollMs?: number;
  /** Aborted (Ctrl-C): the job is cancelled and followed until it ends. */
  signal?: AbortSignal;
}

type Source = { text: string } | { uploadId: string };
type PreviewRequest = Parameters<typeof previewAll>[1];
/** A summary when nothing was sent: its counts (and fields created) first, its requests and time last. */
interface NothingSent {
  counts: Omit<ReturnType<typeof nothingSent>, 'requests'> & { createdFields?: string[] };
  done: () => { requests: ApplySummary['requests']; elapsedMs: number };
}

export async function applyFile(runtime: LocalRuntime, input: ApplyInput): Promise<ApplySummary> {
  const started = Date.now();
  const { requests, ...counts } = nothingSent(input.kind, 0);
  const done = () => ({ requests, elapsedMs: Date.now() - started });
  let source: Source;
  try {
    source = await fileSource(runtime, input.text);
  } catch (error) {
    // Refused before anything was read or sent (a file larger than an upload may be): the message says the cap.
    if (!(error instanceof ResolverCallError) || error.code !== 'INVALID_INPUT') throw error;
    const errors = [{ row: null, message: `${error.message} Nothing was sent.` }];
    return { ...counts, status: 'INVALID', errors, ...done() };
  }
  const format = input.format === undefined ? {} : { format: input.format };
  const fields = await fieldsFirst(runtime, input, source);
  if (!fields.ok) return { ...counts, status: 'INVALID', errors: fields.errors, ...done() };
  const created = fields.created.length > 0 ? { createdFields: fields.created } : {};
  const empty = { counts: { ...counts, ...created }, done };
  const ignored = await columnsToIgnore(runtime, input, source);
  // A dry run creates nothing: the columns it would create fields for are left out of its checks.
  const ignoreColumns = input.dryRun ? fields.covered : [];
  const request = {
    kind: input.kind,
    ...format,
    ...(ignoreColumns.length > 0 ? { ignoreColumns } : {}),
    ...ignored,
    ...(input.mapping ? { mapping: input.mapping } : {}),
  };
  if (input.dryRun) return dryRun(runtime, input, request, source, empty);
  // The job keeps how many rows it left out, not which: the file, checked as the job checks it, says which.
  const skippedRows = input.skipInvalid
    ? skippedRowsOf((await previewAll(runtime, request, input.text, source)).problems, headerRowOf(input.text))
    : [];
  const job = await startJob(runtime, input, request, source);
  if ('refused' in job) return refusedJob(runtime, input, request, source, job.refused, empty);
  input.onStarted?.(job.id);
  const summary = await followJob(runtime, job.id, input, started);
  return { ...summary, ...(input.skipInvalid ? { skippedRows } : {}), ...created };
}

/** --create-fields: the detail fields the file names that the site lacks, created first (a dry run only says so). */
async function fieldsFirst(runtime: LocalRuntime, input: ApplyInput, source: Source) {
  if (!input.createFields) return { ok: true as const, created: [], covered: [] };
  const format = input.format === undefined ? {} : { format: input.format };
  return createMissingFields((name, payload) => call(runtime, name, payload), {
    kind: input.kind,
    format: input.format,
    source,
    dryRun: input.dryRun,
    say: (line) => input.onFieldsNote?.(line),
    problemsWith: async (covered) => {
      const preview = await previewAll(
        runtime,
        { kind: input.kind, ...format, ignoreColumns: covered, ...(input.mapping ? { mapping: input.mapping } : {}) },
        input.text,
        source,
      );
      const blocking = preview.problems.filter(
        (problem) => !(input.ignoreUnknownColumns && problem.code === UNKNOWN_COLUMN),
      );
      // With --skip-invalid rows with errors are left out; only a file of which nothing would be sent is refused.
      if (input.skipInvalid && preview.operations > 0 && !blocking.some((p) => p.code === UNKNOWN_COLUMN)) return [];
      return problemsOf(blocking);
    },
  });
}

/** --dry-run: the file checked and planned, every row looked up on the site; nothing sent. */
async function dryRun(
  runtime: LocalRuntime,
  input: ApplyInput,
  request: PreviewRequest,
  source: Source,
  { counts, done }: NothingSent,
): Promise<ApplySummary> {
  const preview = await previewAll(runtime, request, input.text, source, true);
  const changes = preview.lookup ? await lookedUp(runtime, preview.lookup.id, input) : countChanges(preview.rows);
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
    ...counts,
    status: errors.length > 0 ? 'INVALID' : 'DRY_RUN',
    rows: preview.rowCount,
    operations: preview.operations,
    chunks: preview.plan?.chunks ?? 0,
    ...(preview.estimate ? { estimatedMs: preview.estimate.ms } : {}),
    ...(changes ? { changes } : {}),
    ...(input.skipInvalid ? { skipped: skippedRows.length, skippedRows } : {}),
    errors,
    ...done(),
  };
}

/** Stores the job (as the page's start button does), or says why it was refused: an overlap, or the file's problems. */
async function startJob(
  runtime: LocalRuntime,
  input: ApplyInput,
  request: PreviewRequest,
  source: Source,
): Promise<{ id: string } | { refused: ResolverCallError }> {
  try {
    return await call(runtime, 'startJob', {
      ...request,
      fileName: input.fileName,
      skipInvalid: input.skipInvalid === true,
      allowOverlap: input.allowOverlap === true,
      sendAll: input.sendAll === true,
      ...(input.confirmDelete ? { confirmDelete: true } : {}),
      ...source,
    });
  } catch (error) {
    if (error instanceof ResolverCallError && (error.code === 'OVERLAP' || error.code === 'INVALID_INPUT'))
      return { refused: error };
    throw error;
  }
}

/**
 * Nothing was sent. The answer lists the first problems only: the preview pages through all of them and says how
 * many rows the file has (an overlap keeps the upload; a refusal deletes it, so the file goes up again).
 */
async function refusedJob(
  runtime: LocalRuntime,
  input: ApplyInput,
  request: PreviewRequest,
  source: Source,
  error: ResolverCallError,
  { counts, done }: NothingSent,
): Promise<ApplySummary> {
  const preview = await previewAll(runtime, request, input.text, error.code === 'OVERLAP' ? source : undefined);
  reportUnknownColumns(preview, input);
  const errors =
    error.code === 'OVERLAP'
      ? [{ row: null, message: `${error.message} Wait for it to end, or pass --allow-overlap.` }]
      : problemsOf(preview.problems);
  return {
    ...counts,
    status: 'INVALID',
    rows: preview.rowCount,
    errors: errors.length > 0 ? errors : [{ row: null, message: error.message }],
    ...done(),
  };
}

/** The preview's background lookup of the whole file followed to its end, as the page follows it. */
async function lookedUp(
  runtime: LocalRuntime,
  lookupId: string,
  input: Pick<ApplyInput, 'onNote'>,
): Promise<ChangeCounts | undefined> {
  let looked = -1;
  let movedAt = Date.now();
  for (;;) {
    const lookup = await call(runtime, 'getLookup', { lookupId });
    if (lookup.status === 'DONE') return lookup.counts;
    if (lookup.looked !== looked) [looked, movedAt] = [lookup.looked, Date.now()];
    const stalled = Date.now() - movedAt > LOOKUP_GIVE_UP_MS;
    if (lookup.status === 'STOPPED' || stalled) {
      const why = stalled ? `no row was looked up for ${LOOKUP_GIVE_UP_MS / 1000} s` : (lookup.reason ?? 'it stopped');
      input.onNote?.(`The site could not be looked up for every row (${why}): the changes are not counted.`);
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

/** With ignoreUnknownColumns: the columns a first preview finds the kind has no use for, to leave out. */
async function columnsToIgnore(
  runtime: LocalRuntime,
  input: ApplyInput,
  source: Source,
): Promise<{ ignoreUnknownColumns?: true }> {
  if (!input.ignoreUnknownColumns) return {};
  const { unknownColumns } = await call(runtime, 'previewImport', {
    kind: input.kind,
    ...(input.format === undefined ? {} : { format: input.format }),
    ...(input.mapping ? { mapping: input.mapping } : {}),
    ...source,
    problemsLimit: 1,
  });
  if (unknownColumns.length === 0) return {};
  input.onUnknownColumns?.(unknownColumns, true);
  // By a flag, not by name: a list of names stops at what one request carries (200), a file may have more.
  return { ignoreUnknownColumns: true };
}

function reportUnknownColumns(preview: ResolverAnswers['previewImport'], input: ApplyInput) {
  if (preview.unknownColumns.length > 0) input.onUnknownColumns?.(preview.unknownColumns, false);
}
