import { isFinal } from '../../domain/job';
import type { JobOperation } from '../../domain/operations';
import { overlappingRows, type JobOverlap } from '../../domain/overlap';
import type { EngineDeps } from '../deps';

/** The unfinished jobs whose rows name organizations these operations name too, with the rows concerned. */
export async function findOverlaps(deps: EngineDeps, operations: readonly JobOperation[]): Promise<JobOverlap[]> {
  if (operations.length === 0) return [];
  const overlaps: JobOverlap[] = [];
  for (const jobId of await deps.store.jobs.activeIds()) {
    const job = await deps.store.jobs.get(jobId);
    if (!job || isFinal(job.status)) continue;
    const { rows, rowCount } = overlappingRows(operations, await deps.store.organizations.read(jobId));
    if (rowCount > 0) overlaps.push({ jobId, fileName: job.fileName, createdAt: job.createdAt, rows, rowCount });
  }
  return overlaps;
}
