import { forgeEngineDeps } from '../jobs/deps';
import { withSync } from '../jobs/syncDeps';
import { runDuePlans } from '../jobs/syncDue';

/** Scheduled trigger `organization-sync-trigger` (hourly): runs the sync plans that are due, as their owners. */
export async function organizationSync() {
  const ran = await runDuePlans(withSync(forgeEngineDeps()));
  if (ran.length > 0) console.log(`sync plans run: ${ran.map((r) => `${r.planId} ${r.status}`).join(', ')}`);
  return { statusCode: 204 };
}
