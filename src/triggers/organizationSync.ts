import { forgeEngineDeps } from '../jobs/deps';
import { withSync } from '../jobs/sync/deps';
import { queueDuePlans } from '../jobs/sync/due';

/** Scheduled trigger `organization-sync-trigger` (hourly): queues a run for each sync plan that is due. */
export async function organizationSync() {
  const queued = await queueDuePlans(withSync(forgeEngineDeps()));
  if (queued.length > 0) console.log(`sync plans queued: ${queued.join(', ')}`);
  return { statusCode: 204 };
}
