import type { EngineDeps } from '../jobs/deps';
import { ResolverFailure } from './resolverFailure';

/** The job of that id, or NOT_FOUND in words. */
export async function mustFindJob(deps: EngineDeps, jobId: string) {
  const job = await deps.store.jobs.get(jobId);
  if (!job)
    throw new ResolverFailure('NOT_FOUND', `There is no job ${jobId}. It may have been started on another site.`);
  return job;
}
