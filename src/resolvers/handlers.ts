import { presentUser } from '../csm/principal';
import { cancelJob } from '../jobs/lifecycle/cancel';
import { listCreated } from '../jobs/lifecycle/deleteCreated';
import { UNTIL_ENDED } from '../jobs/lifecycle/followUpAnswer';
import type { EngineDeps } from '../jobs/deps';
import { advanceFromPage } from '../jobs/lifecycle/runners';
import { watchLookup } from '../jobs/preview/lookup';
import { previewImport } from '../jobs/preview/previewImport';
import { startImport } from '../jobs/lifecycle/startImport';
import { storeUploadPart, UploadRefused } from '../jobs/preview/uploads';
import { jobView, summarizeJob } from '../jobs/lifecycle/views';
import type { ResolverAnswer, ResolverAnswers, ResolverName, ResolverRequest } from './contract';
import { mappingHandlers } from './mappingHandlers';
import { fieldHandlers } from './fieldHandlers';
import { fileHandlers } from './fileHandlers';
import { finderHandlers } from './finderHandlers';
import { fileText } from './fileSource';
import { mustFindJob } from './findJob';
import { followUp } from './followUpHandler';
import { ResolverFailure, type Caller } from './resolverFailure';
import { syncHandlers } from './syncHandlers';

export { ResolverFailure, type Caller };

type Answer<K extends ResolverName> = Promise<ResolverAnswer<K>>;

/** The site's settings (a cap stored before it was bounded is read as the highest allowed: domain/records.ts). */
async function siteSettings(deps: EngineDeps): Answer<'getSettings'> {
  const [settings, learned] = await Promise.all([deps.store.site.getSettings(), deps.store.site.learnedCap()]);
  return { taskCap: settings.taskCap ?? learned.cap, pinned: settings.taskCap !== undefined, learned };
}

/**
 * Each resolver's work, written against the engine, each answering its contract type (contract/answers.ts); index.ts
 * adds the admin check and payload validation.
 */
export const handlers = {
  async listDetailFields(deps: EngineDeps): Answer<'listDetailFields'> {
    return deps.csm(presentUser).getDetailFields();
  },

  async uploadPart(deps: EngineDeps, payload: ResolverRequest<'uploadPart'>, caller: Caller): Answer<'uploadPart'> {
    try {
      await storeUploadPart(deps, payload, caller.accountId);
    } catch (error) {
      if (error instanceof UploadRefused) throw new ResolverFailure('INVALID_INPUT', error.message);
      throw error;
    }
    return { uploadId: payload.uploadId, part: payload.part };
  },

  async previewImport(
    deps: EngineDeps,
    payload: ResolverRequest<'previewImport'>,
    caller: Caller,
  ): Answer<'previewImport'> {
    return previewImport(deps, {
      kind: payload.kind,
      format: payload.format,
      ignoreColumns: payload.ignoreColumns,
      ignoreUnknownColumns: payload.ignoreUnknownColumns,
      mapping: payload.mapping,
      problemsOffset: payload.problemsOffset,
      problemsLimit: payload.problemsLimit,
      lookUpAll: payload.lookUpAll,
      stopLookup: payload.stopLookup,
      source: 'uploadId' in payload ? { uploadId: payload.uploadId } : { text: payload.text },
      readText: () => fileText(deps, payload, caller),
      ownerAccountId: caller.accountId,
    });
  },

  async startJob(deps: EngineDeps, payload: ResolverRequest<'startJob'>, caller: Caller): Answer<'startJob'> {
    if ((payload.kind === 'deletions' || payload.kind === 'merges') && payload.confirmDelete !== true)
      throw new ResolverFailure(
        'NEEDS_CONFIRMATION',
        `A ${payload.kind === 'merges' ? 'merges' : 'deletions'} file deletes organizations, and CSM cannot undelete them (a restore creates them again, with new IDs): preview it, then confirm (on the page, the Start button asks; from the command line, add --yes).`,
      );
    const text = await fileText(deps, payload, caller);
    const outcome = await startImport(
      deps,
      {
        kind: payload.kind,
        text,
        format: payload.format,
        fileName: payload.fileName,
        skipInvalid: payload.skipInvalid,
        allowOverlap: payload.allowOverlap,
        sendAll: payload.sendAll,
        ignoreColumns: payload.ignoreColumns,
        ignoreUnknownColumns: payload.ignoreUnknownColumns,
        mapping: payload.mapping,
        ownerAccountId: caller.accountId,
      },
      'uploadId' in payload ? payload.uploadId : undefined,
    );
    if ('refused' in outcome)
      throw new ResolverFailure(outcome.refused.code, outcome.refused.message, outcome.refused.problems);
    return outcome.started;
  },

  async getLookup(deps: EngineDeps, payload: ResolverRequest<'getLookup'>, caller: Caller): Answer<'getLookup'> {
    const lookup = await watchLookup(deps, payload.lookupId, caller.accountId);
    if (!lookup) throw new ResolverFailure('NOT_FOUND', `There is no lookup ${payload.lookupId} of yours.`);
    return lookup;
  },

  async getJob(deps: EngineDeps, payload: ResolverRequest<'getJob'>): Answer<'getJob'> {
    const job = await mustFindJob(deps, payload.jobId);
    return jobView(deps, job, { offset: payload.failuresOffset, limit: payload.failuresLimit });
  },

  async listJobs(deps: EngineDeps, payload: ResolverRequest<'listJobs'>): Answer<'listJobs'> {
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

  async cancelJob(deps: EngineDeps, payload: ResolverRequest<'cancelJob'>): Answer<'cancelJob'> {
    const job = await cancelJob(deps, payload.jobId);
    if (!job) throw new ResolverFailure('NOT_FOUND', `There is no job ${payload.jobId}.`);
    return summarizeJob(job, deps.clock.now());
  },

  async retryFailed(deps: EngineDeps, payload: ResolverRequest<'retryFailed'>, caller: Caller): Answer<'retryFailed'> {
    return followUp(deps, payload, caller, 'retry');
  },

  async resumeJob(deps: EngineDeps, payload: ResolverRequest<'resumeJob'>, caller: Caller): Answer<'resumeJob'> {
    return followUp(deps, payload, caller, 'resume');
  },

  async undoJob(deps: EngineDeps, payload: ResolverRequest<'undoJob'>, caller: Caller): Answer<'undoJob'> {
    return followUp(deps, payload, caller, 'undo');
  },

  /** A delete job of exactly the organizations the job's ledger says it created, by id (once per job). */
  async restoreJob(deps: EngineDeps, payload: ResolverRequest<'restoreJob'>, caller: Caller): Answer<'restoreJob'> {
    return followUp(deps, payload, caller, 'restore');
  },

  async deleteCreated(
    deps: EngineDeps,
    payload: ResolverRequest<'deleteCreated'>,
    caller: Caller,
  ): Answer<'deleteCreated'> {
    return followUp(deps, payload, caller, 'deleteCreated');
  },

  async listCreated(deps: EngineDeps, payload: ResolverRequest<'listCreated'>): Answer<'listCreated'> {
    await mustFindJob(deps, payload.jobId);
    const page = await listCreated(deps, payload.jobId, payload.offset, payload.limit);
    if (!page) throw new ResolverFailure('INVALID_INPUT', UNTIL_ENDED);
    return page;
  },

  async advanceJob(deps: EngineDeps, payload: ResolverRequest<'advanceJob'>): Answer<'advanceJob'> {
    await mustFindJob(deps, payload.jobId);
    const job = await advanceFromPage(deps, payload.jobId);
    return jobView(deps, job!, { limit: 100 });
  },

  async getSettings(deps: EngineDeps): Answer<'getSettings'> {
    return siteSettings(deps);
  },

  async saveSettings(deps: EngineDeps, payload: ResolverRequest<'saveSettings'>): Answer<'saveSettings'> {
    await deps.store.site.putSettings(payload.taskCap === null ? {} : { taskCap: payload.taskCap });
    return siteSettings(deps);
  },

  ...syncHandlers(),
  ...fieldHandlers(),
  ...mappingHandlers(),
  ...fileHandlers(),
  ...finderHandlers(),
} satisfies {
  [K in ResolverName]: (deps: EngineDeps, payload: never, caller: Caller) => Promise<ResolverAnswers[K]>;
};

/** A storage error answered 400 (the request itself was wrong), as @forge/kvs reports it. */
function refusedAsInput(error: unknown): boolean {
  const status = (error as { responseDetails?: { status?: unknown } } | null)?.responseDetails?.status;
  return status === 400;
}
