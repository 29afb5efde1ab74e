import type { LoadedJob } from '../../domain/job';
import type { AppStore } from '../../store/appStore';

/** A job with its chunk lines, as the engine drives it. */
export async function loadJob(store: AppStore, jobId: string): Promise<LoadedJob | undefined> {
  const job = await store.jobs.get(jobId);
  if (!job) return undefined;
  return { ...job, chunks: await store.jobs.lines(job) };
}
