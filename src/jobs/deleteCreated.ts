import type { CsmClient } from '../csm/client';
import { undoOperations } from '../domain/before';
import { isFinal } from '../domain/job';
import type { EngineDeps } from './deps';
import { loadJob } from './engine/loadJob';

/** Organizations looked up and deleted per call: CSM deletes one per request, and a resolver has 25 s. */
export const DELETES_PER_CALL = 50;

export interface DeleteCreatedResult {
  /** Organizations the job's rows created (or would have), in row order. */
  total: number;
  /** Deleted by this call. */
  deleted: string[];
  /** Already gone (deleted before, or never created because the row failed). */
  gone: number;
  /** Where the next call goes on; absent when every one was looked at. */
  next?: number;
}

/**
 * Deletes the organizations a job created, DELETES_PER_CALL at a time from `from`: each is found by the name the
 * row gave it (the job read, just before sending, that no organization had it), then deleted by id.
 */
export async function deleteCreatedOrganizations(
  deps: EngineDeps,
  csm: CsmClient,
  jobId: string,
  from = 0,
): Promise<DeleteCreatedResult | undefined> {
  const job = await loadJob(deps.store, jobId);
  if (!job || !isFinal(job.status)) return undefined;
  const chunks = job.chunks.flatMap((line, index) => (line.beforeParts ? [{ index, parts: line.beforeParts }] : []));
  const { createdNames } = undoOperations(await deps.store.befores.read(jobId, chunks));
  const names = [...new Set(createdNames)];
  const slice = names.slice(from, from + DELETES_PER_CALL);
  const wanted = new Set(slice);
  const found = slice.length > 0 ? await csm.fetchOrganizations({ names: slice }) : [];
  const deleted: string[] = [];
  for (const organization of found.filter((org) => wanted.has(org.name))) {
    if ((await csm.deleteOrganization(organization.id)) === 'deleted') deleted.push(organization.name);
  }
  const next = from + slice.length;
  return {
    total: names.length,
    deleted,
    gone: slice.length - deleted.length,
    ...(next < names.length ? { next } : {}),
  };
}
