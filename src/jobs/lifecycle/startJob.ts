import type { Mapping } from '../../domain/mapping/mapping';
import { tallyOf, type ChunkLine, type ChunkRecord, type JobRecord } from '../../domain/job';
import type { MembershipsBody, ServiceProjectsBody } from '../../domain/chunkOperations';
import type { ImportProblem } from '../../domain/import';
import { isBulkRow, type ImportKind, type JobKind, type JobOperation } from '../../domain/operations';
import { organizationKeys, type JobOverlap } from '../../domain/overlap';
import { planChunks, PlanError, spareDetailChunks } from '../../domain/plan';
import { presentUser } from '../../csm/principal';
import { newJobId } from '../../store/keys';
import type { EngineDeps } from '../deps';
import { newRunnerToken } from './lease';
import { findOverlaps } from './overlap';
import { readImportOnSite } from './sameOrganization';
import { skippedRowsOf, type SkippedRows } from '../../domain/import/skippedRows';
import { seededTaskTime } from '../../domain/timing';

export interface StartJobInput {
  kind: ImportKind;
  text: string;
  format?: 'csv' | 'json';
  fileName?: string;
  /** Send the rows without errors and leave the others out. */
  skipInvalid?: boolean;
  /** Start even though another unfinished job changes some of the same organizations. */
  allowOverlap?: boolean;
  /** Columns to leave out of the file entirely (see ImportOptions). */
  ignoreColumns?: readonly string[];
  ignoreUnknownColumns?: boolean;
  /** The file's columns and values in the site's words (see ImportOptions.mapping); kept with the job. */
  mapping?: Mapping;
  /** Send every row, even those that would change nothing (by default they are compared with the site and left out). */
  sendAll?: boolean;
  ownerAccountId: string;
}

export type StartJobResult =
  | { started: true; job: JobRecord; problems: ImportProblem[] }
  | { started: false; reason: 'invalid'; problems: ImportProblem[]; rowCount: number; rowsWithErrors: number }
  | { started: false; reason: 'empty'; problems: ImportProblem[]; rowCount: number; rowsWithErrors: number }
  | {
      started: false;
      reason: 'unknown-columns';
      unknownColumns: string[];
      problems: ImportProblem[];
      rowCount: number;
      rowsWithErrors: number;
    }
  | {
      started: false;
      reason: 'overlap';
      overlaps: JobOverlap[];
      problems: ImportProblem[];
      rowCount: number;
      rowsWithErrors: number;
    };

/** Validate → plan → persist → hand to the background runner. Nothing is sent to CSM here. */
export async function startJob(deps: EngineDeps, input: StartJobInput): Promise<StartJobResult> {
  const csm = deps.csm(presentUser);
  // Names are looked up here, once, before anything is stored: a row by name that is the organization another row
  // names by ID is an error row (skipped with skipInvalid), as two rows with the same name are.
  const { imported } = await readImportOnSite(
    csm,
    { text: input.text, kind: input.kind, format: input.format },
    { ignoreColumns: input.ignoreColumns, ignoreUnknownColumns: input.ignoreUnknownColumns, mapping: input.mapping },
  );
  const hasErrors = imported.problems.some((problem) => problem.severity === 'error');
  const fileLevelError = imported.problems.some((problem) => problem.severity === 'error' && problem.row === null);
  const summary = { problems: imported.problems, rowCount: imported.rowCount, rowsWithErrors: imported.rowsWithErrors };
  if (fileLevelError) return { started: false, reason: 'invalid', ...summary };
  // Skipping rows never skips a column: its values would be dropped from every row without the admin saying so.
  const { unknownColumns } = imported;
  if (unknownColumns.length > 0) return { started: false, reason: 'unknown-columns', unknownColumns, ...summary };
  if (hasErrors && !input.skipInvalid) return { started: false, reason: 'invalid', ...summary };
  if (imported.operations.length === 0) return { started: false, reason: 'empty', ...summary };
  if (!input.allowOverlap) {
    const overlaps = await findOverlaps(deps, imported.operations);
    if (overlaps.length > 0) return { started: false, reason: 'overlap', overlaps, ...summary };
  }

  const job = await createJob(deps, {
    kind: input.kind,
    operations: imported.operations,
    ownerAccountId: input.ownerAccountId,
    fileName: input.fileName,
    mapping: input.mapping,
    rows: imported.rowCount,
    skippedRows: imported.rowsWithErrors,
    // Kept with the job, for the skipped-rows file: the rows as the file had them, with what is wrong with each.
    skipped:
      imported.rowsWithErrors > 0
        ? skippedRowsOf({ text: input.text, kind: input.kind, format: imported.format }, imported.problems)
        : undefined,
    sendAll: input.sendAll,
    requestsSoFar: csm.counts,
  });
  return { started: true, job, problems: imported.problems };
}

export interface CreateJobInput {
  kind: JobKind;
  operations: JobOperation[];
  ownerAccountId: string;
  fileName?: string;
  mapping?: Mapping;
  retryOf?: string;
  resumeOf?: string;
  undoOf?: string;
  deleteOf?: string;
  restoreOf?: string;
  /** The id to give the job (a follow-up claims it before creating the job); a new one otherwise. */
  id?: string;
  rows: number;
  skippedRows: number;
  /** The rows left out for errors in the file, stored with the job before it is visible. */
  skipped?: SkippedRows;
  sendAll?: boolean;
  requestsSoFar?: { write: number; statusPolls: number; reads: number; retries: number };
}

export async function createJob(deps: EngineDeps, input: CreateJobInput): Promise<JobRecord> {
  const now = deps.clock.now();
  const id = input.id ?? newJobId(now, deps.random);
  const operations = renumbered(input.operations);
  const rowOf = new Map(operations.map((op) => [op.index, op.row]));
  let planned;
  try {
    planned = planChunks(id, operations);
  } catch (error) {
    if (error instanceof PlanError) throw new JobInputError(error.message);
    throw error;
  }
  const chunks: ChunkRecord[] = planned.map((chunk) => ({
    index: chunk.index,
    phase: chunk.phase,
    kind: chunk.kind,
    body: chunk.body,
    operationIndexes: chunk.operationIndexes,
    rows: chunk.operationIndexes.map((index) => rowOf.get(index) ?? 0),
  }));
  // Rows that turn out to change one detail value of an existing organization move into these when compared.
  const bulkRows = operations.filter(isBulkRow);
  const spares = input.sendAll || bulkRows.length === 0 ? [] : spareDetailChunks(planned, bulkRows);
  chunks.push(...spares);
  const lines: ChunkLine[] = chunks.map((chunk) => ({
    state: 'PENDING',
    phase: chunk.phase,
    size: chunk.operationIndexes.length,
    ...(chunk.kind === 'deletions' && input.kind === 'merges' ? { deletes: true as const } : {}),
    ...((chunk.kind === 'memberships' || chunk.kind === 'service-projects') &&
    (chunk.body as MembershipsBody | ServiceProjectsBody).operation === 'REMOVE'
      ? { removes: true as const }
      : {}),
  }));
  const [settings, learned, known] = await Promise.all([
    deps.store.site.getSettings(),
    deps.store.site.learnedCap(),
    deps.store.site.taskTimeEstimate(),
  ]);
  const job: JobRecord = {
    id,
    kind: input.kind,
    status: 'QUEUED',
    ownerAccountId: input.ownerAccountId,
    fileName: input.fileName,
    ...(input.mapping ? { mapping: input.mapping } : {}),
    retryOf: input.retryOf,
    resumeOf: input.resumeOf,
    ...(input.undoOf ? { undoOf: input.undoOf } : {}),
    ...(input.deleteOf ? { deleteOf: input.deleteOf } : {}),
    ...(input.restoreOf ? { restoreOf: input.restoreOf } : {}),
    createdAt: now,
    updatedAt: now,
    rows: input.rows,
    operations: operations.length,
    skippedRows: input.skippedRows,
    // The cap the admin pinned, else what the site took lately: the job learns on from there (domain/taskCap.ts).
    taskCap: settings.taskCap ?? learned.cap,
    ...(settings.taskCap !== undefined ? { capPinned: true } : {}),
    ...(input.sendAll ? { sendAll: true } : {}),
    plannedTasks: planned.length,
    ...(spares.length > 0 ? { spareFrom: planned.length } : {}),
    tally: tallyOf(lines),
    requests: { write: 0, statusPolls: 0, reads: 0, retries: 0, ...input.requestsSoFar },
    // The site's last job seeds the poll timing; this job's own tasks soon outweigh it.
    taskTime: seededTaskTime(known),
  };
  // The requests and the organizations first, then the lines with the record and its active mark: a job is
  // visible only once all it refers to exists.
  await deps.store.chunks.putAll(id, chunks);
  if (input.skipped && input.skipped.rows.length > 0)
    job.skippedParts = await deps.store.skipped.put(id, input.skipped);
  await deps.store.organizations.put(id, operations.flatMap(organizationKeys));
  await deps.store.jobs.create(job, lines);
  await deps.queue.enqueueRunner({ jobId: id, token: newRunnerToken(deps.random) });
  return job;
}

/**
 * The operations numbered 0, 1, 2… in their order (a follow-up carries the indexes of the job it follows), a MOVE's
 * removal still naming its addition (`moveOf`), or nothing when the addition is not in this job.
 */
function renumbered(operations: readonly JobOperation[]): JobOperation[] {
  const newIndex = new Map(operations.map((op, index) => [op.index, index]));
  return operations.map((op, index) => {
    if (op.kind !== 'memberships' || op.moveOf === undefined) return { ...op, index };
    const { moveOf, ...rest } = op;
    const addition = newIndex.get(moveOf);
    return addition === undefined ? { ...rest, index } : { ...rest, index, moveOf: addition };
  });
}

/** Input the planner refuses (e.g. one operation larger than a request may be). */
export class JobInputError extends Error {}
