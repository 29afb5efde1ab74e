import { undoOperations } from '../../domain/replaced';
import { jobOperationsOfChunk, membershipsOfChunk, serviceProjectsOfChunk } from '../../domain/chunkOperations';
import { undoMemberships } from '../../domain/memberships';
import { restoreRows } from '../../domain/deletions';
import { isFinal, type JobRecord, type LoadedJob } from '../../domain/job';
import type { JobOperation } from '../../domain/operations';
import { newJobId } from '../../store/keys';
import type { EngineDeps } from '../deps';
import { JobWriter } from '../engine/jobWriter';
import { ChunkStates } from '../engine/chunkStates';
import { loadJob } from '../engine/loadJob';
import { failedChunks, isRetryable } from './failures';
import { withLease } from './lease';
import { createJob } from './startJob';

/**
 * What a follow-up job sends: the rows that failed again, the rows a cancel left unsent, (undo) what the job's
 * rows replaced, read just before they were sent, or (deleteCreated) a deletion of each organization the job's rows
 * created, by the id its ledger holds.
 */
export type FollowUpPurpose = 'retry' | 'resume' | 'undo' | 'deleteCreated' | 'restore';

/** Rows older than this are not sent again without the admin saying so: the organizations may have changed since. */
export const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * `leftOut`: failed rows a retry does not send again because CSM refused them for what they hold (they need fixing,
 * not resending); for an undo, the organizations the job created (an undo changes them back, it does not delete
 * them); 0 for a resume.
 */
export type FollowUpResult =
  | { outcome: 'started' | 'existing'; job: JobRecord; leftOut: number }
  | { outcome: 'nothing'; leftOut: number }
  | { outcome: 'stale'; ageMs: number; rows: number; leftOut: number };

const FOLLOWED_BY = {
  retry: 'retriedBy',
  resume: 'resumedBy',
  undo: 'undoneBy',
  deleteCreated: 'deletedBy',
  restore: 'restoredBy',
} as const;
const FOLLOWS = {
  retry: 'retryOf',
  resume: 'resumeOf',
  undo: 'undoOf',
  deleteCreated: 'deleteOf',
  restore: 'restoreOf',
} as const;

/** What a follow-up sends: an undo puts back names and detail values (profiles, whatever the job sent). */
const KIND_OF = { undo: 'profiles', deleteCreated: 'deletions', restore: 'profiles' } as const;

/**
 * A new job with exactly the rows to send again, keeping their original row numbers (a retry: the failed rows that
 * may pass as they are, see RowFailure.retryable; a resume: every row not sent), once per job and purpose: a
 * second request (two quick clicks, two admins) gets the job the first one started. The claim is a key written only
 * if absent, then read back, so of two requests racing exactly one makes the job. The original records it.
 */
export async function followUpJob(
  deps: EngineDeps,
  jobId: string,
  purpose: FollowUpPurpose,
  options: { ownerAccountId: string; confirmStale?: boolean },
): Promise<FollowUpResult> {
  const original = await loadJob(deps.store, jobId);
  if (!original || !isFinal(original.status)) return { outcome: 'nothing', leftOut: 0 };
  const earlier = original[FOLLOWED_BY[purpose]];
  const existing = earlier ? await deps.store.jobs.get(earlier) : undefined;
  if (existing) return { outcome: 'existing', job: existing, leftOut: leftOutBy(original, purpose, existing) };

  const { operations, leftOut } = await operationsToSend(deps, original, purpose);
  if (operations.length === 0) return { outcome: 'nothing', leftOut };
  const ageMs = deps.clock.now() - (original.finishedAt ?? original.updatedAt);
  // Deleting is confirmed by the admin whatever the job's age: an organization the job created is deleted by id. A
  // restore creates organizations anew: nothing of the site is overwritten.
  if (ageMs > STALE_AFTER_MS && !options.confirmStale && purpose !== 'deleteCreated' && purpose !== 'restore')
    return { outcome: 'stale', ageMs, rows: operations.length, leftOut };

  const id = newJobId(deps.clock.now(), deps.random);
  const winner = await deps.store.jobs.claimFollowUp(jobId, purpose, id);
  if (winner !== id) {
    // The claim is the other request's: this one never makes a job of its own (that would send the rows twice).
    const job = await waitForJob(deps, winner);
    if (!job) throw new FollowUpPendingError(winner);
    return { outcome: 'existing', job, leftOut: leftOutBy(original, purpose, job) };
  }
  const job = await createJob(deps, {
    id,
    kind:
      purpose === 'deleteCreated' ||
      purpose === 'restore' ||
      (purpose === 'undo' && original.kind !== 'memberships' && original.kind !== 'service-projects')
        ? KIND_OF[purpose]
        : original.kind,
    operations,
    ownerAccountId: options.ownerAccountId,
    fileName: original.fileName,
    [FOLLOWS[purpose]]: original.id,
    // Sending what a cancelled undo did not send is still that undo: organizations changed since are held back.
    ...(purpose === 'resume' && original.undoOf ? { undoOf: original.undoOf } : {}),
    rows: operations.length,
    skippedRows: 0,
  });
  await markOriginal(deps, jobId, purpose, id);
  return { outcome: 'started', job, leftOut };
}

/** The failed rows a retry made earlier left out: those of the original it did not carry. */
function leftOutBy(original: JobRecord, purpose: FollowUpPurpose, followUp: JobRecord): number {
  // The organizations the job created, as counted when its rows were compared (not the rows the undo leaves out).
  if (purpose === 'undo') return original.tally.creates ?? 0;
  if (purpose === 'deleteCreated') return Math.max(0, (original.tally.created ?? 0) - followUp.operations);
  return purpose === 'retry' ? Math.max(0, original.tally.failed - followUp.operations) : 0;
}

async function operationsToSend(
  deps: EngineDeps,
  job: LoadedJob,
  purpose: FollowUpPurpose,
): Promise<{ operations: JobOperation[]; leftOut: number }> {
  const operations: JobOperation[] = [];
  let leftOut = 0;
  if (purpose === 'retry') {
    const chunks = failedChunks(job.chunks);
    const failures = await deps.store.failures.read(job.id, chunks);
    const retryable = failures.filter(isRetryable);
    const failed = new Set(retryable.map((failure) => failure.index));
    leftOut = failures.length - failed.size;
    // Rows taken out of their chunk before it was sent (an undo's rows held back) carry what they send.
    for (const failure of retryable) if (failure.operation) operations.push(failure.operation);
    // Only chunks with rows to send again are read: a job whose failures all need fixing reads none.
    const withRetryable = chunks.filter(({ index, failed: count }) => (job.chunks[index].retryable ?? count) > 0);
    for (const chunk of await deps.store.chunks.getMany(
      job.id,
      withRetryable.map(({ index }) => index),
    )) {
      operations.push(...jobOperationsOfChunk(chunk).filter((op) => failed.has(op.index)));
    }
  } else if (purpose === 'deleteCreated') {
    // Exactly the ids the ledger holds; the engine compares them before the first call (already gone: not sent).
    const chunks = job.chunks.flatMap((line, index) =>
      line.createdParts ? [{ index, parts: line.createdParts }] : [],
    );
    const created = await deps.store.created.read(job.id, chunks);
    for (const organization of created) {
      if (organization.id === undefined) leftOut += 1;
      else
        operations.push({
          index: organization.index,
          row: organization.row,
          kind: 'deletions',
          organizationId: organization.id,
          name: organization.name,
        });
    }
  } else if (purpose === 'restore') {
    if (job.kind === 'deletions' || job.kind === 'merges') operations.push(...(await restoredOrganizations(deps, job)));
  } else if (purpose === 'undo' && (job.kind === 'memberships' || job.kind === 'service-projects')) {
    operations.push(...(await membershipsUndone(deps, job)));
  } else if (purpose === 'undo') {
    const chunks = job.chunks.flatMap((line, index) => (line.beforeParts ? [{ index, parts: line.beforeParts }] : []));
    const undo = undoOperations(await deps.store.replaced.read(job.id, chunks));
    operations.push(...undo.operations);
    leftOut = undo.created;
  } else {
    const skipped = job.chunks.flatMap((line, index) => (line.state === 'SKIPPED' ? [index] : []));
    for (const chunk of await deps.store.chunks.getMany(job.id, skipped))
      operations.push(...jobOperationsOfChunk(chunk));
  }
  return { operations: operations.sort((a, b) => a.index - b.index), leftOut };
}

/**
 * What puts a memberships job's changes back: each change it made (sent and not failed; never the rows that were
 * already true) the other way round. A MOVE undone is a MOVE back: added where it was first, then removed from
 * where the job put it.
 */
async function membershipsUndone(deps: EngineDeps, job: LoadedJob): Promise<JobOperation[]> {
  const done = job.chunks.flatMap((line, index) => (line.state === 'DONE' && (line.succeeded ?? 0) > 0 ? [index] : []));
  const failed = new Set((await deps.store.failures.read(job.id, failedChunks(job.chunks))).map((f) => f.index));
  const chunks = await deps.store.chunks.getMany(job.id, done);
  if (job.kind === 'service-projects')
    return chunks
      .flatMap((chunk) => serviceProjectsOfChunk(chunk))
      .filter((op) => !failed.has(op.index))
      .map((op) => ({ ...op, operation: op.operation === 'ADD' ? ('REMOVE' as const) : ('ADD' as const) }));
  const changed = chunks.flatMap((chunk) => membershipsOfChunk(chunk)).filter((op) => !failed.has(op.index));
  return undoMemberships(changed);
}

/**
 * What restores a deletions job: each organization it deleted (its row succeeded) created again from the recycle
 * bin, by its name, with its detail values and members (a new organization: CSM gives it a new id). A name taken
 * since fails that row, with CSM's reason.
 */
async function restoredOrganizations(deps: EngineDeps, job: LoadedJob): Promise<JobOperation[]> {
  // A merges job's deletions are the lines marked `deletes` (its other lines' parts hold what profiles replaced).
  const chunks = job.chunks.flatMap((line, index) =>
    line.beforeParts && (line.succeeded ?? 0) > 0 && (job.kind === 'deletions' || line.deletes)
      ? [{ index, parts: line.beforeParts }]
      : [],
  );
  const failed = new Set((await deps.store.failures.read(job.id, failedChunks(job.chunks))).map((f) => f.index));
  const recycled = (await deps.store.recycled.read(job.id, chunks)).filter((org) => !failed.has(org.index));
  return recycled.flatMap((org) => restoreRows(org));
}

/** Another request claimed the follow-up and has not stored its job yet: ask again in a moment. */
export class FollowUpPendingError extends Error {
  constructor(readonly jobId: string) {
    super(`Job ${jobId} is being started by another request: open the Jobs tab, or ask again in a moment.`);
  }
}

/** The job another request claimed may be a moment from being stored: look for it a few times. */
async function waitForJob(deps: EngineDeps, jobId: string): Promise<JobRecord | undefined> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const job = await deps.store.jobs.get(jobId);
    if (job) return job;
    await deps.clock.sleep(250);
  }
  return undefined;
}

/** The original job names its follow-up, written under its lease like any job write. */
async function markOriginal(
  deps: EngineDeps,
  jobId: string,
  purpose: FollowUpPurpose,
  followUpId: string,
): Promise<void> {
  await withLease(deps, jobId, async (token) => {
    const job = await loadJob(deps.store, jobId);
    if (!job) return;
    const writer = new JobWriter(deps.store.jobs, job, new ChunkStates(job.chunks), token);
    job[FOLLOWED_BY[purpose]] = followUpId;
    await writer.save();
  });
}
