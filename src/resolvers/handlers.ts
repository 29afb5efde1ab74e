import type { z } from 'zod';
import { presentUser } from '../csm/principal';
import { describeUnknownColumns, problemPage } from '../domain/import';
import type { RowOperation } from '../domain/operations';
import { planChunks, summarizePlan } from '../domain/plan';
import { cancelJob } from '../jobs/cancel';
import type { EngineDeps } from '../jobs/deps';
import { advanceFromPage } from '../jobs/drivers';
import { listCreated } from '../jobs/deleteCreated';
import { storeUploadPart, UploadRefused } from '../jobs/uploads';
import { fileText } from './fileSource';
import { startJob } from '../jobs/startJob';
import { findOverlaps } from '../jobs/overlap';
import { describeOverlaps } from '../domain/overlap';
import { jobView, summarizeJob } from '../jobs/views';
import { MAX_IGNORED_COLUMNS, type payloadSchemas, type ResolverName } from './contract';
import { boundedTaskCap } from '../domain/limits';
import { classifyRows, PREVIEW_LOOKUP_LIMIT } from '../jobs/preview';
import { startLookup, stopLookup, watchLookup } from '../jobs/lookup';
import { countChanges } from '../domain/preview';
import { readImportOnSite } from '../jobs/sameOrganization';

import { ResolverFailure, type Caller } from './resolverFailure';
import { syncHandlers } from './syncHandlers';
import { fieldHandlers } from './fieldHandlers';
import { fileHandlers } from './fileHandlers';
import { mustFindJob } from './findJob';
import { followUp, UNTIL_ENDED } from './followUpHandler';

export { ResolverFailure, type Caller };

/** A file of 10,000 columns must not make a 5 MB answer: the page shows the headers it needs, not all of them. */
const MAX_HEADERS_IN_ANSWER = 200;
/** About 80 bytes each: 10,000 stay well within an answer's 5 MB (the page shows 1,000 rows at most). */
const MAX_SAME_ORGANIZATIONS_IN_ANSWER = 10_000;

type Payload<K extends ResolverName> = z.output<(typeof payloadSchemas)[K]>;

/** The site's settings, a cap stored before it was bounded (up to 50 was accepted) read as the highest allowed. */
async function siteSettings(deps: EngineDeps) {
  const settings = await deps.store.site.getSettings();
  return { ...settings, taskCap: boundedTaskCap(settings.taskCap) };
}

/** Each resolver's work, written against the engine; index.ts adds the admin check and payload validation. */
export const handlers = {
  async listDetailFields(deps: EngineDeps) {
    return deps.csm(presentUser).getDetailFields();
  },

  async uploadPart(deps: EngineDeps, payload: Payload<'uploadPart'>, caller: Caller) {
    try {
      await storeUploadPart(deps, payload, caller.accountId);
    } catch (error) {
      if (error instanceof UploadRefused) throw new ResolverFailure('INVALID_INPUT', error.message);
      throw error;
    }
    return { uploadId: payload.uploadId, part: payload.part };
  },

  async previewImport(deps: EngineDeps, payload: Payload<'previewImport'>, caller: Caller) {
    if (payload.stopLookup) await stopLookup(deps, payload.stopLookup, caller.accountId);
    const csm = deps.csm(presentUser);
    const { imported, sameOrganizations, detailFields } = await readImportOnSite(
      csm,
      { text: await fileText(deps, payload, caller), kind: payload.kind, format: payload.format },
      { ignoreColumns: payload.ignoreColumns, ignoreUnknownColumns: payload.ignoreUnknownColumns },
    );
    const plan = imported.operations.length > 0 ? summarizePlan(planChunks('preview', imported.operations)) : undefined;
    const classified = await classifyRows(csm, imported.operations.slice(0, PREVIEW_LOOKUP_LIMIT));
    // More rows than a resolver can look up in time: when asked, the whole file is looked up in the background, for
    // the page to follow (getLookup). A file with problems is looked up too: its rows without problems are what a job would send.
    const lookup =
      payload.lookUpAll === true && imported.operations.length > PREVIEW_LOOKUP_LIMIT
        ? await startLookup(deps, {
            kind: imported.kind,
            format: imported.format,
            ignoreColumns: payload.ignoreColumns ?? [],
            ...(payload.ignoreUnknownColumns ? { ignoreUnknownColumns: true } : {}),
            source: 'uploadId' in payload ? { uploadId: payload.uploadId } : { text: payload.text },
            total: imported.operations.length,
            ownerAccountId: caller.accountId,
            first: { looked: classified.length, counts: countChanges(classified) },
          })
        : undefined;
    return {
      kind: imported.kind,
      format: imported.format,
      headers: imported.headers.slice(0, MAX_HEADERS_IN_ANSWER),
      rowCount: imported.rowCount,
      rowsWithErrors: imported.rowsWithErrors,
      /** Columns the kind has no use for, not ignored: starting is refused until each is renamed or ignored. */
      unknownColumns: imported.unknownColumns.slice(0, MAX_IGNORED_COLUMNS),
      /** Set when the file cannot be of the kind chosen and its headers (or JSON shape) say it is this kind. */
      ...(imported.suggestedKind === undefined ? {} : { suggestedKind: imported.suggestedKind }),
      ...problemPage(imported.problems, payload.problemsOffset, payload.problemsLimit),
      /**
       * The rows the site says name an organization another row names by ID (their problems are among the others):
       * the page, which shows the problems of its own check of the file, adds theirs.
       */
      sameOrganizations: sameOrganizations.slice(0, MAX_SAME_ORGANIZATIONS_IN_ANSWER),
      operations: imported.operations.length,
      plan,
      rows: classified,
      rowsClassified: classified.length,
      ...(lookup ? { lookup } : {}),
      detailFields,
      /** Unfinished jobs that change some of the same organizations: starting needs allowOverlap. */
      overlaps: await findOverlaps(deps, imported.operations),
    };
  },

  async startJob(deps: EngineDeps, payload: Payload<'startJob'>, caller: Caller) {
    const text = await fileText(deps, payload, caller);
    const result = await startJob(deps, {
      kind: payload.kind,
      text,
      format: payload.format,
      fileName: payload.fileName,
      skipInvalid: payload.skipInvalid,
      allowOverlap: payload.allowOverlap,
      sendAll: payload.sendAll,
      ignoreColumns: payload.ignoreColumns,
      ignoreUnknownColumns: payload.ignoreUnknownColumns,
      ownerAccountId: caller.accountId,
    });
    if (!result.started && result.reason === 'overlap')
      // The upload stays (the watchdog removes it after a day): the admin may start it anyway without sending it again.
      throw new ResolverFailure('OVERLAP', `Nothing was sent: ${describeOverlaps(result.overlaps)}`, result.overlaps);
    if ('uploadId' in payload) await deps.store.uploads.delete(payload.uploadId);
    if (!result.started) {
      const page = problemPage(result.problems);
      const shown =
        page.problemTotals.all > page.problems.length
          ? ` (the first ${page.problems.length.toLocaleString('en-US')} of ${page.problemTotals.all.toLocaleString('en-US')} problems are listed; preview the file for the rest)`
          : '';
      const message =
        result.reason === 'empty'
          ? 'The file has no rows to send.'
          : result.reason === 'unknown-columns'
            ? `Nothing was sent: ${describeUnknownColumns(result.unknownColumns)}`
            : `Nothing was sent: ${result.rowsWithErrors.toLocaleString('en-US')} of ${result.rowCount.toLocaleString('en-US')} rows have errors${shown}. Fix them, or choose to skip the rows with errors.`;
      throw new ResolverFailure('INVALID_INPUT', message, page.problems);
    }
    return {
      ...summarizeJob(result.job, deps.clock.now()),
      warnings: problemPage(result.problems, 0, 0).problemTotals.warnings,
    };
  },

  async getLookup(deps: EngineDeps, payload: Payload<'getLookup'>, caller: Caller) {
    const lookup = await watchLookup(deps, payload.lookupId, caller.accountId);
    if (!lookup) throw new ResolverFailure('NOT_FOUND', `There is no lookup ${payload.lookupId} of yours.`);
    return lookup;
  },

  async getJob(deps: EngineDeps, payload: Payload<'getJob'>) {
    const job = await mustFindJob(deps, payload.jobId);
    return jobView(deps, job, { offset: payload.failuresOffset, limit: payload.failuresLimit });
  },

  async listJobs(deps: EngineDeps, payload: Payload<'listJobs'>) {
    let listed;
    try {
      listed = await deps.store.jobs.list(payload?.limit ?? 20, payload?.cursor);
    } catch (error) {
      // Storage refuses a cursor it never handed out with a 400 (a made-up one, or one from another query): the
      // caller's input, not the app's failure.
      if (payload?.cursor !== undefined && refusedAsInput(error))
        throw new ResolverFailure(
          'INVALID_INPUT',
          'This position in the jobs list is not one the app gave out (or it expired). List the jobs again from the start, without a cursor.',
        );
      throw error;
    }
    const { jobs, cursor } = listed;
    const now = deps.clock.now();
    return { jobs: jobs.map((job) => summarizeJob(job, now)), cursor };
  },

  async cancelJob(deps: EngineDeps, payload: Payload<'cancelJob'>) {
    const job = await cancelJob(deps, payload.jobId);
    if (!job) throw new ResolverFailure('NOT_FOUND', `There is no job ${payload.jobId}.`);
    return summarizeJob(job, deps.clock.now());
  },

  async retryFailed(deps: EngineDeps, payload: Payload<'retryFailed'>, caller: Caller) {
    return followUp(deps, payload, caller, 'retry');
  },

  async resumeJob(deps: EngineDeps, payload: Payload<'resumeJob'>, caller: Caller) {
    return followUp(deps, payload, caller, 'resume');
  },

  async undoJob(deps: EngineDeps, payload: Payload<'undoJob'>, caller: Caller) {
    return followUp(deps, payload, caller, 'undo');
  },

  /** A delete job of exactly the organizations the job's ledger says it created, by id (once per job). */
  async deleteCreated(deps: EngineDeps, payload: Payload<'deleteCreated'>, caller: Caller) {
    return followUp(deps, payload, caller, 'deleteCreated');
  },

  async listCreated(deps: EngineDeps, payload: Payload<'listCreated'>) {
    await mustFindJob(deps, payload.jobId);
    const page = await listCreated(deps, payload.jobId, payload.offset, payload.limit);
    if (!page) throw new ResolverFailure('INVALID_INPUT', UNTIL_ENDED);
    return page;
  },

  async advanceJob(deps: EngineDeps, payload: Payload<'advanceJob'>) {
    await mustFindJob(deps, payload.jobId);
    const job = await advanceFromPage(deps, payload.jobId);
    return jobView(deps, job!, { limit: 100 });
  },

  async getSettings(deps: EngineDeps) {
    return siteSettings(deps);
  },

  async saveSettings(deps: EngineDeps, payload: Payload<'saveSettings'>) {
    await deps.store.site.putSettings({ taskCap: payload.taskCap });
    return siteSettings(deps);
  },

  ...syncHandlers(),
  ...fieldHandlers(),
  ...fileHandlers(),
} satisfies Record<ResolverName, (deps: EngineDeps, payload: never, caller: Caller) => Promise<unknown>>;

export type HandlerResults = { [K in keyof typeof handlers]: Awaited<ReturnType<(typeof handlers)[K]>> };
export type { RowOperation };

/** A storage error answered 400 (the request itself was wrong), as @forge/kvs reports it. */
function refusedAsInput(error: unknown): boolean {
  const status = (error as { responseDetails?: { status?: unknown } } | null)?.responseDetails?.status;
  return status === 400;
}
