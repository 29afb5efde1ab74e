import type { ImportProblem } from '../../src/domain/import';
import type { Mapping } from '../../src/domain/mapping/mapping';
import type { JobAnswer } from '../../src/resolvers/contract';
import type { LocalRuntime } from '../runtime';
import { waitForJob } from './followJob';
import { call, fileSource, ResolverCallError } from './resolverCall';
import { failureOf, nothingSent, summaryOf, type ApplySummary, type SyncOutcome } from './summary';

/** The plan `bulk sync` keeps in its state directory, so consecutive runs diff against each other. */
export const CLI_PLAN_ID = 'cli';
/** The name `bulk sync --map FILE` saves its mapping under (a plan reads a saved mapping, by name, at every run). */
export const CLI_MAPPING_NAME = 'bulk sync (CLI)';
/** The summary of a `bulk sync`: the one every command ends with, its sync run always given. */
export type SyncSummary = ApplySummary & { sync: SyncOutcome };

/** Another run of the CLI's plan holds it (a `bulk sync` whose job is still going): no second one was started. */
export class SyncRunGoingError extends Error {}

async function planSource(runtime: LocalRuntime, source: { url: string } | { text: string; fileName: string }) {
  if ('url' in source) return { kind: 'url', url: source.url };
  return { kind: 'file', fileName: source.fileName, ...(await fileSource(runtime, source.text, 'sync')) };
}

/**
 * Starts the plan's run. A run that a stopped `bulk sync` left going (its job unfinished, and nothing in this process
 * runs it: the CLI starts no triggers) is finished first, as the admin page drives a job, and settled; a run still
 * going after that is reported (SyncRunGoingError), and nothing is started.
 */
async function startRun(runtime: LocalRuntime, onNote?: (text: string) => void) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call(runtime, 'runSyncNow', { planId: CLI_PLAN_ID });
    } catch (error) {
      if (!(error instanceof ResolverCallError && error.code === 'RUN_GOING')) throw error;
      const jobId = (error.problems?.[0] as { jobId?: string } | undefined)?.jobId;
      if (!jobId || attempt > 0) throw new SyncRunGoingError(error.message);
      onNote?.(
        `The last bulk sync stopped while its job ${jobId} was going: finishing that job first ` +
          "(once its stopped runner's lease runs out, within 2 minutes).",
      );
      for (;;) {
        const view = await call(runtime, 'advanceJob', { jobId });
        if (FINAL.includes(view.status)) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // Settles that run: what its job applied joins the snapshot this run compares with.
      await call(runtime, 'listSyncPlans', {});
    }
  }
}

const FINAL = ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'];

/** One sync run through the app's own resolvers (the code the scheduled trigger runs), waiting for its job. */
export async function syncOnce(
  runtime: LocalRuntime,
  input: {
    source: { url: string } | { text: string; fileName: string };
    /** A mapping of --map: saved as CLI_MAPPING_NAME, for the plan to read. */
    mapping?: Mapping;
    /** A mapping saved on the page (or by an earlier --map), by name. */
    mappingName?: string;
    onProgress?: (view: JobAnswer) => void;
    /** What the CLI says on stderr before the run (a run left going finished first). */
    onNote?: (text: string) => void;
    pollMs?: number;
  },
): Promise<SyncSummary> {
  const started = Date.now();
  // Paused: the plan runs only when the CLI asks, never from the playground's hourly trigger.
  try {
    const mappingName = input.mapping ? CLI_MAPPING_NAME : input.mappingName;
    if (input.mapping)
      await call(runtime, 'saveMapping', { name: CLI_MAPPING_NAME, kind: 'profiles', mapping: input.mapping });
    await call(runtime, 'saveSyncPlan', {
      planId: CLI_PLAN_ID,
      name: 'bulk sync (CLI)',
      source: await planSource(runtime, input.source),
      schedule: { every: 'hour' },
      enabled: false,
      ...(mappingName !== undefined ? { mappingName } : {}),
    });
  } catch (error) {
    // A file with errors, or a mapping that does not fit, is refused when the plan is saved: nothing was sent.
    if (!(error instanceof ResolverCallError && error.code === 'INVALID_INPUT')) throw error;
    return refusedSource(error.problems?.length ? error.problems : [{ row: null, message: error.message }], started);
  }
  const { run, plan } = await startRun(runtime, input.onNote);
  const sync = {
    status: run.status,
    compared: run.compared,
    changed: run.changed,
    removedFromSource: plan.removedFromSource,
    ...(run.removed ? { removed: run.removed } : {}),
    ...(run.reasons ? { reasons: run.reasons } : {}),
  };
  const { requests: noRequests, ...base } = nothingSent('profiles', run.compared);
  if (!run.jobId) {
    const status: ApplySummary['status'] = run.status === 'UNCHANGED' ? 'SUCCEEDED' : 'INVALID';
    const errors = (run.reasons ?? []).map((message) => ({ row: null, message }));
    return { ...base, status, errors, requests: noRequests, elapsedMs: Date.now() - started, sync };
  }
  const view = await waitForJob(runtime, run.jobId, input, 1000);
  // Settles the run: the rows that succeeded join the snapshot the next run diffs against.
  const { plans } = await call(runtime, 'listSyncPlans', {});
  const settled = plans.find((plan) => plan.id === CLI_PLAN_ID)?.history.find((entry) => entry.jobId === run.jobId);
  return {
    ...summaryOf(view, view.failures.map(failureOf), started),
    rows: run.compared,
    sync: {
      ...sync,
      status: settled?.status ?? sync.status,
      ...(settled?.unchanged !== undefined ? { unchanged: settled.unchanged } : {}),
    },
  };
}

/** The summary of a source refused when the plan was saved: INVALID, its problems as `errors`, nothing sent. */
function refusedSource(problems: Pick<ImportProblem, 'row' | 'column' | 'message'>[], started: number): SyncSummary {
  const errors = problems.map(({ row, column, message }) => ({ row, ...(column ? { column } : {}), message }));
  return {
    ...nothingSent('profiles', 0),
    status: 'INVALID',
    errors,
    elapsedMs: Date.now() - started,
    sync: {
      status: 'FAILED',
      compared: 0,
      changed: 0,
      removedFromSource: 'leave',
      reasons: errors.map((error) => error.message),
    },
  };
}
