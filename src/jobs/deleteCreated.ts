import type { CsmClient } from '../csm/client';
import { undoOperations } from '../domain/before';
import { isFinal } from '../domain/job';
import type { EngineDeps } from './deps';
import { loadJob } from './engine/loadJob';
import { failedChunks } from './failures';

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
 * The names of the organizations a job's rows created, once each, in row order: rows that create one (none had the
 * name when they were compared) in requests CSM decided, less those that failed.
 */
async function createdNames(deps: EngineDeps, jobId: string): Promise<string[] | undefined> {
  const job = await loadJob(deps.store, jobId);
  if (!job || !isFinal(job.status)) return undefined;
  const done = job.chunks.flatMap((line, index) =>
    line.state === 'DONE' && line.creates && line.beforeParts ? [{ index, parts: line.beforeParts }] : [],
  );
  const doneIndexes = new Set(done.map(({ index }) => index));
  const failedLines = failedChunks(job.chunks).filter(({ index }) => doneIndexes.has(index));
  const failed = new Set((await deps.store.failures.read(jobId, failedLines)).map((failure) => failure.index));
  const befores = (await deps.store.befores.read(jobId, done)).filter((before) => !failed.has(before.index));
  return [...new Set(undoOperations(befores).createdNames)];
}

/** A page of the organizations a job created, for the admin to delete one by one (or all: deleteCreated). */
export async function listCreated(
  deps: EngineDeps,
  jobId: string,
  offset: number,
  limit: number,
): Promise<{ total: number; names: string[] } | undefined> {
  const names = await createdNames(deps, jobId);
  return names && { total: names.length, names: names.slice(offset, offset + limit) };
}

/**
 * Deletes the organizations a job created, DELETES_PER_CALL at a time from `from`, or only the one named `only`
 * (which must be one of them): each is found by the name the row gave it (the job read, just before sending, that
 * no organization had it), then deleted by id.
 */
export async function deleteCreatedOrganizations(
  deps: EngineDeps,
  csm: CsmClient,
  jobId: string,
  options: { from?: number; only?: string } = {},
): Promise<DeleteCreatedResult | undefined> {
  const names = await createdNames(deps, jobId);
  if (!names) return undefined;
  const from = options.from ?? 0;
  const slice =
    options.only === undefined
      ? names.slice(from, from + DELETES_PER_CALL)
      : names.filter((name) => name === options.only);
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
    ...(options.only === undefined && next < names.length ? { next } : {}),
  };
}
