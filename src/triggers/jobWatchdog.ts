import { forgeEngineDeps } from '../jobs/deps';
import { restartStalledJobs } from '../jobs/lifecycle/runners';
import { deleteOldLookups, restartStalledLookups } from '../jobs/preview/lookup';
import { deleteOldUploads } from '../jobs/preview/uploads';

/** Scheduled trigger `job-watchdog-trigger` (every 5 minutes): restarts runners that stopped, drops old uploads and lookups, hands on stalled lookups. */
export async function jobWatchdog() {
  const deps = forgeEngineDeps();
  const restarted = await restartStalledJobs(deps);
  if (restarted.length > 0) console.log(`restarted runners for ${restarted.join(', ')}`);
  const deleted = await deleteOldUploads(deps);
  if (deleted > 0) console.log(`deleted ${deleted} uploads older than a day`);
  await deleteOldLookups(deps);
  const lookups = await restartStalledLookups(deps);
  if (lookups > 0) console.log(`handed on ${lookups} stalled preview lookups`);
  return { statusCode: 204 };
}
