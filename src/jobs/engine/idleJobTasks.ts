import { CsmError } from '../../csm/errors';
import type { Principal } from '../../csm/principal';
import { operationsOfChunk } from '../../domain/chunkOperations';
import { isFinal, type JobRecord } from '../../domain/job';
import { mapTaskResult } from '../../domain/outcomes';
import { nextPollAt } from '../../domain/timing';
import type { EngineDeps } from '../deps';
import { LEASE_MS, LeaseLostError, withLease } from '../lifecycle/lease';
import { ChunkComparer } from './comparer';
import { JobRun } from './jobRun';
import { loadJob } from './loadJob';
import { Outcomes } from './outcomes';

/**
 * The tasks of a job nobody drives: parked (WAITING_FOR_USER: its owner was refused) or abandoned (its runner died and
 * nothing wrote the job since its lease ran out). Their tasks go on in CSM and end there, but only a driver of the job
 * used to notice; until then the job's tally kept counting them open, and every other job on the site waited for
 * slots CSM had long freed. So any driver of another job looks at them, as its own user: open tasks are counted from
 * what the tasks say, not from who holds them.
 *
 * The invariant this file keeps: **a driver writes to another job only holding that job's lease** (withLease, the
 * conditional write every driver takes), so it never crosses that job's own driver; and it writes only what CSM said of
 * a task: the rows of a task whose status alone decides them (as any driver would decide them), or, when deciding
 * needs a read-back of the organizations, only that the task ended (ChunkLine.taskEnded), left to the job's own driver.
 * It sends nothing for the other job: a SUBMITTING chunk (a send that may or may not have reached CSM) stays as it is.
 */

/** CSM: "tasks unfinished after 30 minutes stop counting toward the cap" [V] (csm-api.md, bulk operations). */
export const CAP_WINDOW_MS = 30 * 60 * 1000;

/** What another job holds of the site's task slots, as far as this driver can tell. */
export interface Holding {
  /** Tasks its own live driver counts, or that CSM said are still running. */
  confirmed: number;
  /** Sends that may or may not have reached CSM, and tasks CSM would not show this driver's user. */
  unconfirmed: number;
  /** When one of its running tasks may have ended, by what the job learnt of its tasks' times: worth a look then. */
  nextLookAt?: number;
}

/** Parked, or abandoned: no driver holds it (the caller checked its lease) and none wrote it for a lease's length. */
export function isIdle(job: JobRecord, now: number): boolean {
  return job.status === 'WAITING_FOR_USER' || now - job.updatedAt >= LEASE_MS;
}

/**
 * Polls the open tasks of the idle job `jobId` as `principal` and frees the slots of those that ended (see above).
 * Undefined when a driver took the job meanwhile (its own tally then counts).
 */
export async function freeEndedTasks(
  deps: EngineDeps,
  jobId: string,
  principal: Principal,
): Promise<Holding | undefined> {
  try {
    return await withLease(deps, jobId, async (token) => {
      const job = await loadJob(deps.store, jobId);
      const now = deps.clock.now();
      if (!job || isFinal(job.status) || !isIdle(job, now)) return undefined;
      // A client of its own: the polls are counted on the job they were made for, not on the caller's.
      const run = new JobRun(deps, job, { principal, token, holder: 'page', deadline: now }, deps.csm(principal));
      const holding = await pollIdleTasks(run, new Outcomes(run, new ChunkComparer(run)));
      if (run.dirty) await run.save();
      return holding;
    });
  } catch (error) {
    // Taken over mid-way: its new driver writes the job, and counts it.
    if (error instanceof LeaseLostError) return undefined;
    throw error;
  }
}

async function pollIdleTasks(run: JobRun, outcomes: Outcomes): Promise<Holding> {
  const { job, csm } = run;
  const holding: Holding = { confirmed: 0, unconfirmed: 0 };
  let refused = false;
  for (const index of run.lines.liveIndexes()) {
    const line = job.chunks[index];
    const now = run.now();
    // CSM no longer counts a task this old, ended or not.
    if (line.submittedAt !== undefined && now - line.submittedAt >= CAP_WINDOW_MS) continue;
    if (line.state !== 'OPEN' || line.taskId === undefined) {
      holding.unconfirmed += 1;
      continue;
    }
    if (line.taskEnded !== undefined) continue;
    // Not due yet by what the job learnt of its tasks' times (or CSM refused the last look): taken as running. A job
    // that learnt nothing (its driver stopped in its first wave) planned its tasks around one probe it no longer
    // looks at: each is due for another driver, then looked at again as the probe would be.
    const dueAt = job.taskTime.count === 0 ? 0 : (line.nextPollAt ?? 0);
    if (refused || dueAt > now) {
      holding[refused ? 'unconfirmed' : 'confirmed'] += 1;
      if (!refused) lookAgain(holding, line.nextPollAt!);
      continue;
    }
    try {
      const task = await csm.getTask(line.taskId);
      if (task.status === 'NOT_STARTED' || task.status === 'IN_PROGRESS') {
        holding.confirmed += 1;
        lookAgain(holding, nextPollAt(job, line, run.now()));
        continue;
      }
      const chunk = await run.deps.store.chunks.get(job.id, index);
      const operations = chunk ? operationsOfChunk(chunk) : [];
      const outcome = chunk ? mapTaskResult(chunk, operations, task) : undefined;
      if (chunk && outcome && outcome.needsReadBack.length === 0)
        await outcomes.decide(index, chunk, operations, outcome, task.status);
      else markEnded(run, index, task.status);
    } catch (error) {
      if (!(error instanceof CsmError)) throw error;
      // Past CSM's retention: it ended long ago. The job's own driver reads its organizations back.
      if (error.kind === 'notFound') markEnded(run, index, 'EXPIRED');
      else {
        // Not shown to this user (or CSM busy): nothing is known; the rest are not asked either.
        refused = true;
        holding.unconfirmed += 1;
      }
    }
  }
  return holding;
}

function lookAgain(holding: Holding, at: number): void {
  holding.nextLookAt = Math.min(holding.nextLookAt ?? Infinity, at);
}

function markEnded(run: JobRun, index: number, status: string): void {
  const line = run.job.chunks[index];
  line.taskEnded = status;
  // The job's own driver looks at it first thing when it comes back.
  line.nextPollAt = run.now();
  run.lines.touch(index);
  run.dirty = true;
}
