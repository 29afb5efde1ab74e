import { impersonate } from '../csm/principal';
import { isDue } from '../domain/sync';
import type { SyncDeps } from './syncDeps';
import { runSync } from './syncRun';

/** The hourly trigger: every enabled plan whose schedule came round since its last run, acting as its owner. */
export async function runDuePlans(deps: SyncDeps): Promise<{ planId: string; status: string }[]> {
  const ran: { planId: string; status: string }[] = [];
  const now = deps.clock.now();
  for (const plan of await deps.plans.listPlans()) {
    if (!isDue(plan, now)) continue;
    try {
      const result = await runSync(deps, plan.id, { principal: impersonate(plan.ownerAccountId), trigger: 'schedule' });
      if (result) ran.push({ planId: plan.id, status: result.run.status });
    } catch (error) {
      // One plan's trouble must not keep the others from running; the next hour tries it again.
      console.error(`sync plan ${plan.id} failed`, error);
      ran.push({ planId: plan.id, status: 'ERROR' });
    }
  }
  return ran;
}
