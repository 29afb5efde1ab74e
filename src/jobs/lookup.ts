import { impersonate } from '../csm/principal';
import { CsmError, describeCsmError, isTransient } from '../csm/errors';
import { readImport } from '../domain/import';
import type { ImportFormat } from '../domain/import/types';
import { lookupView, type LookupRecord, type LookupView } from '../domain/lookup';
import type { JobKind } from '../domain/operations';
import { fnv1a64Hex } from '../domain/plan';
import { countChanges, type ChangeCounts } from '../domain/preview';
import { newJobId } from '../store/keys';
import type { EngineDeps } from './deps';
import { classifyRows } from './preview';
import { readUploadedFile, storeUploadPart, UploadRefused, UPLOAD_KEPT_MS } from './uploads';

/** Rows looked up between two writes of the lookup's progress: ten reads of 25. */
export const LOOKUP_BATCH = 250;
/** An invocation looks up for this long, then hands on to the next (well within a consumer's time). */
export const LOOKUP_SLICE_MS = 20_000;
/** A lookup the page stopped asking about (another file, the job started, the page closed) stops after this. */
export const LOOKUP_UNWATCHED_MS = 60_000;
/** How long a slice waits before trying again after a passing problem (CSM busy, rate-limited). */
const RETRY_DELAY_SECONDS = 5;

const UNWATCHED = 'The preview was closed or checked again.';
const FILE_GONE =
  'The file is no longer kept (a job was started from it, or it is over a day old). The job compares every row with the site when it sends it.';

/**
 * Starts looking up every row of a file on the site, in the background (a queue consumer, as `ownerAccountId`): the
 * counts of rows it would create, update or leave unchanged, and of those CSM would refuse. A file sent inline is
 * kept as an upload of one part, so every slice reads it the same way.
 */
export async function startLookup(
  deps: EngineDeps,
  input: {
    kind: JobKind;
    format?: ImportFormat;
    ignoreColumns: string[];
    source: { text: string } | { uploadId: string };
    total: number;
    ownerAccountId: string;
  },
): Promise<LookupView> {
  const now = deps.clock.now();
  const id = `lk-${newJobId(now, deps.random)}`;
  let uploadId: string;
  if ('uploadId' in input.source) uploadId = input.source.uploadId;
  else {
    uploadId = `up-${id}`;
    const { text } = input.source;
    await storeUploadPart(
      deps,
      { uploadId, part: 0, parts: 1, fileHash: fnv1a64Hex(text), text },
      input.ownerAccountId,
    );
  }
  const lookup: LookupRecord = {
    id,
    ownerAccountId: input.ownerAccountId,
    kind: input.kind,
    ...(input.format ? { format: input.format } : {}),
    ignoreColumns: input.ignoreColumns,
    uploadId,
    status: 'RUNNING',
    total: input.total,
    looked: 0,
    counts: { create: 0, update: 0, unchanged: 0, error: 0 },
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.lookups.markSeen(id, now);
  await deps.store.lookups.put(lookup);
  await deps.queue.enqueueLookup(id);
  return lookupView(lookup);
}

/**
 * One slice of a lookup: reads the file, looks up the next rows 250 at a time for about LOOKUP_SLICE_MS, writing
 * the progress after each batch, then hands on to a new invocation. The progress is written as the counts and the
 * rows looked so far, together: a slice delivered twice computes the same batch from the same record and writes the
 * same values, so no row is counted twice.
 */
export async function runLookup(deps: EngineDeps, lookupId: string): Promise<void> {
  let lookup = await deps.store.lookups.get(lookupId);
  if (!lookup || lookup.status !== 'RUNNING') return;
  const stop = async (status: LookupRecord['status'], reason?: string) => {
    await deps.store.lookups.put({ ...lookup!, status, reason, updatedAt: deps.clock.now() });
  };
  const started = deps.clock.now();
  const unwatched = async () =>
    deps.clock.now() - ((await deps.store.lookups.seenAt(lookupId)) ?? 0) > LOOKUP_UNWATCHED_MS;
  if (await unwatched()) return stop('STOPPED', UNWATCHED);
  let text: string;
  try {
    text = await readUploadedFile(deps, lookup.uploadId, lookup.ownerAccountId);
  } catch (error) {
    if (error instanceof UploadRefused) return stop('STOPPED', FILE_GONE);
    throw error;
  }
  const csm = deps.csm(impersonate(lookup.ownerAccountId));
  try {
    const detailFields = await csm.getDetailFields();
    const { operations } = readImport(
      { text, kind: lookup.kind, format: lookup.format },
      { detailFields },
      { ignoreColumns: lookup.ignoreColumns },
    );
    while (lookup.looked < operations.length) {
      if (deps.clock.now() - started > LOOKUP_SLICE_MS) {
        await deps.queue.enqueueLookup(lookupId);
        return;
      }
      const batch = operations.slice(lookup.looked, lookup.looked + LOOKUP_BATCH);
      const counts = addCounts(lookup.counts, countChanges(await classifyRows(csm, batch)));
      if (await unwatched()) return stop('STOPPED', UNWATCHED);
      // A job started from the file consumes it: the job compares every row itself, so this one stops.
      if (!(await deps.store.uploads.getMeta(lookup.uploadId))) return stop('STOPPED', FILE_GONE);
      // The file is read with the site's fields of now: its rows to look up are counted the same way.
      const total = operations.length;
      lookup = { ...lookup, total, looked: lookup.looked + batch.length, counts, updatedAt: deps.clock.now() };
      delete lookup.lastError;
      await deps.store.lookups.put(lookup);
    }
    await stop('DONE');
  } catch (error) {
    if (!(error instanceof CsmError)) throw error;
    if (!isTransient(error)) return stop('STOPPED', describeCsmError(error));
    await deps.store.lookups.put({ ...lookup, lastError: describeCsmError(error), updatedAt: deps.clock.now() });
    await deps.queue.enqueueLookup(lookupId, RETRY_DELAY_SECONDS);
  }
}

/** How far a lookup is, for its owner only; asking keeps it running. */
export async function watchLookup(deps: EngineDeps, lookupId: string, caller: string): Promise<LookupView | undefined> {
  const lookup = await deps.store.lookups.get(lookupId);
  if (!lookup || lookup.ownerAccountId !== caller) return undefined;
  if (lookup.status === 'RUNNING') await deps.store.lookups.markSeen(lookupId, deps.clock.now());
  return lookupView(lookup);
}

/** Lookups older than a day, with the uploads made for them (the watchdog's). */
export async function deleteOldLookups(deps: EngineDeps): Promise<number> {
  const old = await deps.store.lookups.startedBefore(deps.clock.now() - UPLOAD_KEPT_MS);
  for (const lookupId of old) await deps.store.lookups.delete(lookupId);
  return old.length;
}

function addCounts(a: ChangeCounts, b: ChangeCounts): ChangeCounts {
  return {
    create: a.create + b.create,
    update: a.update + b.update,
    unchanged: a.unchanged + b.unchanged,
    error: a.error + b.error,
  };
}
