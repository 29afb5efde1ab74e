import { forgeEngineDeps } from '../jobs/deps';
import { runJobInBackground } from '../jobs/lifecycle/runners';
import type { RunnerEvent } from '../queue/jobQueue';

/** Queue consumer `job-runner-consumer`: drives one job in the background. */
export async function jobRunner(event: { body: RunnerEvent }) {
  const outcome = await runJobInBackground(forgeEngineDeps(), event.body);
  // Visible in `forge logs`: a runner that did not finish its job says why.
  if (outcome === 'waitingForUser' || outcome === 'busy') console.log(`job ${event.body.jobId}: ${outcome}`);
}
