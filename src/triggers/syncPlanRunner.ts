import { forgeEngineDeps } from '../jobs/deps';
import { withSync } from '../jobs/sync/deps';
import { runDuePlan } from '../jobs/sync/due';
import type { SyncRunEvent } from '../queue/jobQueue';

/** Queue consumer `sync-plan-runner-consumer`: one run of one due sync plan, as its owner. */
export async function syncPlanRunner(event: { body: SyncRunEvent }) {
  const status = await runDuePlan(withSync(forgeEngineDeps()), event.body.planId);
  // Visible in `forge logs`.
  console.log(`sync plan ${event.body.planId}: ${status}`);
}
