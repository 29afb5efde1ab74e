import { finalStatus, isFinal, tallyOf, transition, type JobRecord } from '../../domain/job';
import type { EngineDeps } from '../deps';
import { JobWriter } from '../engine/jobWriter';
import { ChunkStates } from '../engine/chunkStates';
import { withLease } from './lease';
import { loadJob } from '../engine/loadJob';
import { skipPending } from '../engine/skip';

/**
 * Stops sending: chunks not yet sent are skipped; tasks already with CSM are followed to
 * their end, so the job still reports exactly what was applied.
 */
export async function cancelJob(deps: EngineDeps, jobId: string): Promise<JobRecord | undefined> {
  const record = await deps.store.jobs.get(jobId);
  if (!record || isFinal(record.status)) return record;
  await deps.store.control.requestCancel(jobId);
  // No driver is running: apply the cancel now, holding the lease so that no driver starting meanwhile writes over
  // it. Tasks already with CSM are still followed by the next driver. A driver running sees the cancel itself.
  const applied = await withLease(deps, jobId, async (token) => {
    const job = await loadJob(deps.store, jobId);
    if (!job || isFinal(job.status)) return job;
    const lines = new ChunkStates(job.chunks);
    const writer = new JobWriter(deps.store.jobs, job, lines, token);
    await skipPending(deps, job, lines);
    const tally = tallyOf(job.chunks);
    const stillOpen = tally.open > 0;
    transition(job, stillOpen ? 'CANCELLING' : finalStatus(tally), deps.clock.now());
    await writer.save(stillOpen ? {} : { active: false });
    return { ...job, tally };
  });
  return applied ?? { ...record, status: 'CANCELLING' };
}
