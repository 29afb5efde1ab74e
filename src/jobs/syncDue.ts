import { CsmError, describeCsmError, waitsForUser } from '../csm/errors';
import { impersonate } from '../csm/principal';
import { isDue, withRun, type SyncRunStatus } from '../domain/sync';
import type { SyncDeps } from './syncDeps';
import { runSync } from './syncRun';

/** The hourly trigger: queues one run for every enabled plan whose schedule came round since its last run. */
export async function queueDuePlans(deps: SyncDeps): Promise<string[]> {
  const now = deps.clock.now();
  const due = (await deps.plans.listPlans()).filter((plan) => isDue(plan, now)).map((plan) => plan.id);
  if (due.length > 0) await deps.queue.enqueueSyncRuns(due);
  return due;
}

/**
 * One queued run of a plan, as its owner: only while the plan is still due (a second delivery of the event finds it
 * run), and only while its owner is still a Jira administrator. An owner who is not any more pauses the plan, with
 * the reason on the page, until an admin saves it again (and so becomes its owner).
 */
export async function runDuePlan(deps: SyncDeps, planId: string): Promise<SyncRunStatus | 'NOT_DUE' | 'GONE'> {
  const plan = await deps.plans.getPlan(planId);
  if (!plan) return 'GONE';
  const now = deps.clock.now();
  if (!isDue(plan, now)) return 'NOT_DUE';
  const owner = impersonate(plan.ownerAccountId);
  const waiting = (reasons: string[], pausedReason?: string) =>
    deps.plans.putPlan(
      withRun(
        { ...plan, ...(pausedReason ? { pausedReason } : {}) },
        { at: now, trigger: 'schedule', status: 'WAITING', compared: 0, changed: 0, succeeded: 0, failed: 0, reasons },
      ),
    );
  let stillAdmin: boolean;
  try {
    stillAdmin = await deps.csm(owner).isJiraAdmin();
  } catch (error) {
    if (!(error instanceof CsmError && waitsForUser(error))) throw error;
    await waiting([describeCsmError(error)]);
    return 'WAITING';
  }
  if (!stillAdmin) {
    const reason =
      "The plan's owner is no longer a Jira administrator, so its runs stopped. An administrator can save the plan again to take it over.";
    await waiting([reason], reason);
    return 'WAITING';
  }
  const result = await runSync(deps, plan.id, { principal: owner, trigger: 'schedule' });
  return result?.run.status ?? 'GONE';
}
