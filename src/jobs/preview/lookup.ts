import type { Mapping } from '../../domain/mapping/mapping';
import { impersonate } from '../../csm/principal';
import { CsmError, describeCsmError, isTransient } from '../../csm/errors';
import type { ImportFormat } from '../../domain/import/types';
import { lookupView, type LookupRecord, type LookupView } from '../../domain/lookup';
import { wholeRows, type ImportKind } from '../../domain/operations';
import { fnv1a64Hex } from '../../domain/plan';
import { addCounts, countChanges, noChanges, type ChangeCounts } from '../../domain/preview';
import { newJobId } from '../../store/keys';
import type { EngineDeps } from '../deps';
import { classifyRows } from './preview';
import { readImportOnSite } from '../lifecycle/sameOrganization';
import { readUploadedFile, storeUploadPart, UploadRefused, UPLOAD_KEPT_MS } from './uploads';

/** Rows looked up between two writes of the lookup's progress: ten reads of 25. */
export const LOOKUP_BATCH = 250;
/** An invocation looks up for this long, then hands on to the next (well within a consumer's time). */
export const LOOKUP_SLICE_MS = 20_000;
/** A lookup the page stopped asking about (another file, the job started, the page closed) stops after this. */
export const LOOKUP_UNWATCHED_MS = 20_000;
/** A running lookup whose progress has not moved for this long lost its invocation: the watchdog hands it on. */
export const LOOKUP_STALLED_MS = 120_000;
/** How long a slice waits before trying again after a passing problem (CSM busy, rate-limited). */
const RETRY_DELAY_SECONDS = 5;

const UNWATCHED =
  'Nobody was following it (the preview was closed, hidden or checked again): preview again to count every row.';
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
    kind: ImportKind;
    format?: ImportFormat;
    ignoreColumns: string[];
    ignoreUnknownColumns?: boolean;
    mapping?: Mapping;
    source: { text: string } | { uploadId: string };
    total: number;
    ownerAccountId: string;
    /** The rows the preview looked up itself, from the first: the lookup goes on after them. */
    first?: { looked: number; counts: ChangeCounts };
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
    ...(input.ignoreUnknownColumns ? { ignoreUnknownColumns: true } : {}),
    ...(input.mapping ? { mapping: input.mapping } : {}),
    uploadId,
    status: 'RUNNING',
    total: input.total,
    looked: input.first?.looked ?? 0,
    counts: input.first?.counts ?? noChanges(),
    createdAt: now,
    updatedAt: now,
    slice: sliceToken(deps),
  };
  await deps.store.lookups.markSeen(id, now);
  await deps.store.lookups.put(lookup);
  await deps.queue.enqueueLookup(id, lookup.slice);
  return lookupView(lookup);
}

/**
 * One slice of a lookup: reads the file, looks up the next rows 250 at a time for about LOOKUP_SLICE_MS, writing
 * the progress after each batch, then hands on to a new invocation. Only the event the record names (`slice`) runs:
 * one handed on writes a new token first, so a duplicated or stale event finds another token and does nothing,
 * and one chain of slices reads the site. The counts and the rows looked are written together, so a row is never
 * counted twice.
 */
export async function runLookup(deps: EngineDeps, lookupId: string, slice: string): Promise<void> {
  let lookup = await deps.store.lookups.get(lookupId);
  if (!lookup || lookup.status !== 'RUNNING' || lookup.slice !== slice) return;
  const save = async (changes: Partial<LookupRecord>) => {
    lookup = { ...lookup!, ...changes, updatedAt: deps.clock.now() };
    await deps.store.lookups.put(lookup);
  };
  const stop = (status: LookupRecord['status'], reason?: string) => save({ status, reason });
  const handOn = async (delaySeconds = 0, lastError?: string) => {
    await save({ slice: sliceToken(deps), lastError });
    await deps.queue.enqueueLookup(lookupId, lookup!.slice, delaySeconds);
  };
  const started = deps.clock.now();
  const unwatched = async () =>
    deps.clock.now() - ((await deps.store.lookups.seenAt(lookupId)) ?? 0) > LOOKUP_UNWATCHED_MS;
  if (await unwatched()) return stop('STOPPED', UNWATCHED);
  try {
    const text = await readUploadedFile(deps, lookup.uploadId, lookup.ownerAccountId);
    const csm = deps.csm(impersonate(lookup.ownerAccountId));
    // Read as the preview read it (the rows the site says repeat another row's organization left out): the rows
    // looked up go on from where the preview stopped, so both must count the same rows.
    const {
      imported: { operations },
    } = await readImportOnSite(
      csm,
      { text, kind: lookup.kind, format: lookup.format },
      {
        ignoreColumns: lookup.ignoreColumns,
        ignoreUnknownColumns: lookup.ignoreUnknownColumns === true,
        mapping: lookup.mapping,
      },
    );
    while (lookup.looked < operations.length) {
      if (deps.clock.now() - started > LOOKUP_SLICE_MS) return handOn();
      const batch = operations.slice(lookup.looked, wholeRows(operations, lookup.looked + LOOKUP_BATCH));
      const counts = addCounts(lookup.counts, countChanges(await classifyRows(csm, batch)));
      if (await unwatched()) return stop('STOPPED', UNWATCHED);
      // A job started from the file consumes it: the job compares every row itself, so this one stops.
      if (!(await deps.store.uploads.getMeta(lookup.uploadId))) return stop('STOPPED', FILE_GONE);
      // The file is read with the site's fields of now: its rows to look up are counted the same way.
      await save({ total: operations.length, looked: lookup.looked + batch.length, counts, lastError: undefined });
    }
    await stop('DONE');
  } catch (error) {
    if (error instanceof UploadRefused) return stop('STOPPED', FILE_GONE);
    if (error instanceof CsmError && isTransient(error)) return handOn(RETRY_DELAY_SECONDS, describeCsmError(error));
    // Anything else ends it, saying why: the page stops waiting, and the event is not worth delivering again.
    return stop(
      'STOPPED',
      error instanceof CsmError ? describeCsmError(error) : `It failed: ${(error as Error).message}`,
    );
  }
}

/**
 * The watchdog's: a lookup still followed whose progress has not moved for LOOKUP_STALLED_MS lost its invocation (a
 * time-out, a crash): handed on to a new one. Returns how many.
 */
export async function restartStalledLookups(deps: EngineDeps): Promise<number> {
  const now = deps.clock.now();
  let restarted = 0;
  for (const lookup of await deps.store.lookups.running()) {
    if (now - lookup.updatedAt < LOOKUP_STALLED_MS) continue;
    if (now - ((await deps.store.lookups.seenAt(lookup.id)) ?? 0) > LOOKUP_UNWATCHED_MS) {
      await deps.store.lookups.put({ ...lookup, status: 'STOPPED', reason: UNWATCHED, updatedAt: now });
      continue;
    }
    const slice = sliceToken(deps);
    await deps.store.lookups.put({ ...lookup, slice, updatedAt: now });
    await deps.queue.enqueueLookup(lookup.id, slice);
    restarted += 1;
  }
  return restarted;
}

/** Stops a lookup of the caller's (a preview checked again starts its own). */
export async function stopLookup(deps: EngineDeps, lookupId: string, caller: string): Promise<void> {
  const lookup = await deps.store.lookups.get(lookupId);
  if (!lookup || lookup.ownerAccountId !== caller || lookup.status !== 'RUNNING') return;
  await deps.store.lookups.put({ ...lookup, status: 'STOPPED', reason: UNWATCHED, updatedAt: deps.clock.now() });
}

function sliceToken(deps: EngineDeps): string {
  return Math.floor(deps.random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0');
}

/** How far a lookup is, for its owner only; asking keeps it running. */
export async function watchLookup(deps: EngineDeps, lookupId: string, caller: string): Promise<LookupView | undefined> {
  const lookup = await deps.store.lookups.get(lookupId);
  if (!lookup || lookup.ownerAccountId !== caller) return undefined;
  if (lookup.status === 'RUNNING') await deps.store.lookups.markSeen(lookupId, deps.clock.now());
  return lookupView(lookup);
}

/** Lookups older than a day (the watchdog's; the uploads made for them go with the other uploads of that age). */
export async function deleteOldLookups(deps: EngineDeps): Promise<number> {
  const old = await deps.store.lookups.startedBefore(deps.clock.now() - UPLOAD_KEPT_MS);
  for (const lookupId of old) await deps.store.lookups.delete(lookupId);
  return old.length;
}
