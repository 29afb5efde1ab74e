import { withRun, withSettledRun, type SyncPlan, type SyncRun, type SyncRuns } from '../../domain/sync';
import type { SyncDeps } from './deps';

/** A write of a plan's runs refused: the claim it was made under was taken over (its run was taken for dead). */
export class SyncClaimLostError extends Error {
  constructor(planId: string) {
    super(`Another run took over the sync plan ${planId}; this one stops.`);
    this.name = 'SyncClaimLostError';
  }
}

/** The plan's runs as stored (a plan saved before runs had their own record: its history, from the plan). */
export async function runsOf(deps: SyncDeps, planId: string): Promise<SyncRuns> {
  const runs = await deps.plans.getRuns(planId);
  if (runs) return runs;
  const plan = await deps.plans.getPlan(planId);
  return { history: plan?.history ?? [], ...(plan?.lastRunAt !== undefined ? { lastRunAt: plan.lastRunAt } : {}) };
}

/**
 * Changes the plan's runs under its claim (`token`): read, changed, written in a transaction that checks the claim is
 * still `token`'s. Only the holder writes, so no other write comes in between; a holder taken for dead stops here.
 */
export async function changeRuns(
  deps: SyncDeps,
  planId: string,
  token: string,
  change: (runs: SyncRuns) => SyncRuns,
): Promise<SyncRuns> {
  const changed = change(await runsOf(deps, planId));
  if (!(await deps.plans.putRuns(planId, changed, token))) throw new SyncClaimLostError(planId);
  return changed;
}

/** Adds a run to the plan's history (see changeRuns); `settledSource` as the run leaves it. */
export function recordRun(
  deps: SyncDeps,
  planId: string,
  token: string,
  run: SyncRun,
  settledSource?: SyncRuns['settledSource'] | null,
): Promise<SyncRuns> {
  return changeRuns(deps, planId, token, (runs) => withSettledSource(withRun(runs, run), settledSource));
}

/** Rewrites the run that started job `jobId` (see changeRuns). */
export function rewriteRun(
  deps: SyncDeps,
  planId: string,
  token: string,
  jobId: string,
  settle: (run: SyncRun) => SyncRun,
  settledSource?: SyncRuns['settledSource'] | null,
): Promise<SyncRuns> {
  return changeRuns(deps, planId, token, (runs) =>
    withSettledSource(withSettledRun(runs, jobId, settle), settledSource),
  );
}

/** The runs with `settledSource` as given: undefined leaves it as it was, null takes it away. */
export function withSettledSource(
  runs: SyncRuns,
  settledSource: SyncRuns['settledSource'] | null | undefined,
): SyncRuns {
  if (settledSource === undefined) return runs;
  const { settledSource: _old, ...rest } = runs;
  return settledSource === null ? rest : { ...rest, settledSource };
}

/** The plan with its runs as just written. */
export function planWith(plan: SyncPlan, runs: SyncRuns): SyncPlan {
  return { ...plan, history: runs.history, ...(runs.lastRunAt !== undefined ? { lastRunAt: runs.lastRunAt } : {}) };
}
