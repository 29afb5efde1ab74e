import { forgeEngineDeps } from '../jobs/deps';
import { restartStalledJobs } from '../jobs/drivers';

/** Scheduled trigger `job-watchdog-trigger` (every 5 minutes): restarts runners that stopped. */
export async function jobWatchdog() {
  const restarted = await restartStalledJobs(forgeEngineDeps());
  if (restarted.length > 0) console.log(`restarted runners for ${restarted.join(', ')}`);
  return { statusCode: 204 };
}
