import { isFinal, type CreatedOrganization } from '../../domain/job';
import type { EngineDeps } from '../deps';
import { loadJob } from '../engine/loadJob';

/**
 * A page of the organizations a job's rows created, by id, as its ledger holds them (deleting them is a follow-up
 * job: followUpJob(…, 'deleteCreated')). Undefined while the job runs.
 */
export async function listCreated(
  deps: EngineDeps,
  jobId: string,
  offset: number,
  limit: number,
): Promise<{ total: number; organizations: CreatedOrganization[] } | undefined> {
  const job = await loadJob(deps.store, jobId);
  if (!job || !isFinal(job.status)) return undefined;
  const chunks = job.chunks.flatMap((line, index) => (line.createdParts ? [{ index, parts: line.createdParts }] : []));
  const created = (await deps.store.created.read(jobId, chunks)).sort((a, b) => a.row - b.row || a.index - b.index);
  return { total: created.length, organizations: created.slice(offset, offset + limit) };
}
