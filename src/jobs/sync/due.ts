import { CsmError, describeCsmError, waitsForUser } from '../../csm/errors';
import { impersonate } from '../../csm/principal';
import { isDue, type SyncRun, type SyncRunStatus } from '../../domain/sync';
import type { SyncDeps } from './deps';
import { recordRun } from './history';
import { runClaimed, withPlanClaim } from './run';

/** The hourly trigger: queues one run for every enabled plan whose schedule came round since its last run. */
export async function queueDuePlans(deps: SyncDeps): Promise<string[]> {
  const now = deps.clock.now();
  const due = (await deps.plans.listPlans()).filter((plan) => isDue(plan, now)).map((plan) => plan.id);
  if (due.length > 0) await deps.queue.enqueueSyncRuns(due);
  return due;
}

/**
 * One queued run of a plan, as its owner: only while the plan is still due (a second delivery of the event finds it
 * run, or, while the first goes on, the plan claimed: GOING), and only while its owner is still a Jira administrator.
 * An owner who is not any more pauses the plan, with the reason on the page, until an admin saves it again (and so
 * becomes its owner).
 */
export async function runDuePlan(
  deps: SyncDeps,
  planId: string,
): Promise<SyncRunStatus | 'NOT_DUE' | 'GONE' | 'GOING'> {
  const first = await deps.plans.getPlan(planId);
  if (!first) return 'GONE';
  if (!isDue(first, deps.clock.now())) return 'NOT_DUE';
  const outcome = await withPlanClaim(deps, planId, async (token) => {
    const done = (value: SyncRunStatus | 'NOT_DUE' | 'GONE') => ({ value, jobStarted: false });
    // Read again under the claim: a run that ended in between made the plan not due any more.
    const plan = await deps.plans.getPlan(planId);
    if (!plan) return done('GONE');
    const now = deps.clock.now();
    if (!isDue(plan, now)) return done('NOT_DUE');
    const owner = impersonate(plan.ownerAccountId);
    const waiting = async (reasons: string[], pausedReason?: string) => {
      if (pausedReason) await deps.plans.putPlan({ ...plan, pausedReason });
      const run: SyncRun = {
        at: now,
        trigger: 'schedule',
        status: 'WAITING',
        compared: 0,
        changed: 0,
        succeeded: 0,
        failed: 0,
        reasons,
      };
      await recordRun(deps, plan.id, token, run);
      return done('WAITING');
    };
    let stillAdmin: boolean;
    try {
      stillAdmin = await deps.csm(owner).isJiraAdmin();
    } catch (error) {
      if (!(error instanceof CsmError && waitsForUser(error))) throw error;
      return waiting([describeCsmError(error)]);
    }
    if (!stillAdmin) {
      const reason =
        "The plan's owner is no longer a Jira administrator, so its runs stopped. An administrator can save the plan again to take it over.";
      return waiting([reason], reason);
    }
    const result = await runClaimed(deps, plan, token, { principal: owner, trigger: 'schedule' });
    return { value: result.value.run.status, jobStarted: result.jobStarted };
  });
  return 'going' in outcome ? 'GOING' : outcome.value;
}
