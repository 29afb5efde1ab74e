import { CsmError } from '../../csm/errors';
import { impersonate, presentUser, type Principal } from '../../csm/principal';
import { isFinal, transition, type JobRecord } from '../../domain/job';
import type { RunnerEvent } from '../../queue/jobQueue';
import { advanceJob, type AdvanceOutcome } from '../engine/driver';
import type { EngineDeps } from '../deps';
import { JobWriter } from '../engine/jobWriter';
import { ChunkStates } from '../engine/chunkStates';
import { loadJob } from '../engine/loadJob';
import { leaseIsLive, newRunnerToken, withLease } from './lease';
import { STORAGE_LIMIT_WAIT_MS } from '../../store/storageErrors';

/** The consumer function may run 900 s; stop well before so the hand-over is never cut off. */
export const RUNNER_BUDGET_MS = 780_000;
/** A parked job's delayed event this late is taken as lost: the watchdog starts a runner. */
const RESUME_OVERDUE_MS = 60_000;
/** A resolver call must answer within 25 s. */
export const PAGE_BUDGET_MS = 8_000;

/**
 * The queue consumer: drives the job as its owner (CSM accepts only user calls) until it
 * ends or the budget is spent, then hands over to a fresh event.
 */
export async function runJobInBackground(
  deps: EngineDeps,
  event: RunnerEvent,
  budgetMs = RUNNER_BUDGET_MS,
): Promise<AdvanceOutcome | 'gone'> {
  const job = await deps.store.jobs.get(event.jobId);
  if (!job || isFinal(job.status)) return 'gone';
  const owner = impersonate(job.ownerAccountId);
  // The owner answers for what the job does: one who is no longer a Jira administrator stops it until an
  // administrator, present on the page, drives it on as themselves. (A refused call here is left to the driver.)
  if ((await ownerIsAdmin(deps, owner)) === false) {
    await waitForAnAdmin(deps, job.id);
    return 'waitingForUser';
  }
  // Each driver its own token: a redelivered event starts a second driver, which must not share the first's lease.
  const token = newRunnerToken(deps.random);
  const { outcome, job: parked } = await advanceJob(deps, job.id, {
    principal: owner,
    token,
    holder: 'background',
    deadline: deps.clock.now() + budgetMs,
    replacing: typeof event.replacing === 'string' ? event.replacing : undefined,
  });
  if (outcome === 'deadline') await deps.queue.enqueueRunner({ jobId: job.id, token: newRunnerToken(deps.random) });
  if (outcome === 'parked' && parked?.resumeAt !== undefined) {
    // A delayed event at most 900 s ahead (Forge's limit): a longer wait is a short invocation that parks again.
    const delaySeconds = Math.ceil(Math.max(0, parked.resumeAt - deps.clock.now()) / 1000);
    await deps.queue.enqueueRunner({ jobId: job.id, token: newRunnerToken(deps.random) }, Math.min(900, delaySeconds));
  }
  // Forge's storage quota is spent for the minute: a fresh runner then, rather than a runner billed for waiting. Its
  // lease may not have been given back (a write too): the next runner takes it over, once (a second delivery of the
  // event finds the lease the first took, and leaves).
  if (outcome === 'storageLimited')
    await deps.queue.enqueueRunner(
      { jobId: job.id, token: newRunnerToken(deps.random), replacing: token },
      STORAGE_LIMIT_WAIT_MS / 1000,
    );
  return outcome;
}

async function ownerIsAdmin(deps: EngineDeps, owner: Principal): Promise<boolean | undefined> {
  try {
    return await deps.csm(owner).isJiraAdmin();
  } catch (error) {
    if (error instanceof CsmError) return undefined;
    throw error;
  }
}

const OWNER_NOT_ADMIN =
  "The job's owner is no longer a Jira administrator, so it stopped. Open this page as an administrator to continue it as yourself.";

async function waitForAnAdmin(deps: EngineDeps, jobId: string): Promise<void> {
  await withLease(deps, jobId, async (token) => {
    const job = await loadJob(deps.store, jobId);
    if (!job || isFinal(job.status)) return;
    const writer = new JobWriter(deps.store.jobs, job, new ChunkStates(job.chunks), token);
    transition(job, 'WAITING_FOR_USER', deps.clock.now(), OWNER_NOT_ADMIN);
    await writer.save();
  });
}

/**
 * The scheduled watchdog: a job that is not finished and whose driver has stopped renewing
 * its lease (a crash, a timeout, a lost event) gets a new runner.
 */
export async function restartStalledJobs(deps: EngineDeps): Promise<string[]> {
  const restarted: string[] = [];
  for (const jobId of await deps.store.jobs.activeIds()) {
    const job = await deps.store.jobs.get(jobId);
    if (!job || isFinal(job.status)) {
      await deps.store.jobs.setActive(jobId, false);
      continue;
    }
    // A job waiting for its owner is moved by the open admin page, not by a runner that would be refused again
    // (each run is billed; one every five minutes for nothing adds up to 288 a day).
    if (job.status === 'WAITING_FOR_USER') continue;
    // A parked job's delayed event is on its way: it is restarted only once that is overdue (the event was lost).
    if (job.resumeAt !== undefined && deps.clock.now() < job.resumeAt + RESUME_OVERDUE_MS) continue;
    if (await leaseIsLive(deps, jobId)) continue;
    await deps.queue.enqueueRunner({ jobId, token: newRunnerToken(deps.random) });
    restarted.push(jobId);
  }
  return restarted;
}

/**
 * The open admin page drives the job as the present user when no background runner does
 * (e.g. the site refuses offline impersonation), a few seconds per call.
 */
export async function advanceFromPage(
  deps: EngineDeps,
  jobId: string,
  budgetMs = PAGE_BUDGET_MS,
): Promise<JobRecord | undefined> {
  const job = await deps.store.jobs.get(jobId);
  if (!job || isFinal(job.status)) return job;
  const lease = await leaseIsLive(deps, jobId);
  if (lease && lease.holder === 'background') return job;
  const result = await advanceJob(deps, jobId, {
    principal: presentUser,
    token: newRunnerToken(deps.random),
    holder: 'page',
    deadline: deps.clock.now() + budgetMs,
  });
  return result.job;
}
