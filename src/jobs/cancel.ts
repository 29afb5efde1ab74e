import { finalStatus, isFinal, type JobRecord } from '../domain/job';
import type { EngineDeps } from './deps';
import { leaseIsLive } from './lease';

/**
 * Stops sending: chunks not yet sent are skipped; tasks already with CSM are followed to
 * their end, so the job still reports exactly what was applied.
 */
export async function cancelJob(deps: EngineDeps, jobId: string): Promise<JobRecord | undefined> {
  const job = await deps.store.getJob(jobId);
  if (!job || isFinal(job.status)) return job;
  await deps.store.requestCancel(jobId);
  if (await leaseIsLive(deps, jobId)) return { ...job, status: 'CANCELLING' };
  // No driver is running: apply the cancel now. Tasks already with CSM are still followed by the next driver.
  for (const line of job.chunks) if (line.state === 'PENDING') line.state = 'SKIPPED';
  const stillOpen = job.chunks.some((line) => line.state === 'OPEN' || line.state === 'SUBMITTING');
  job.status = stillOpen ? 'CANCELLING' : finalStatus(job);
  job.updatedAt = deps.clock.now();
  if (!stillOpen) job.finishedAt = job.updatedAt;
  await deps.store.putJob(job);
  if (!stillOpen) await deps.store.setJobActive(jobId, false);
  return job;
}
