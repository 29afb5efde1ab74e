import { isFinal } from '../../src/domain/job';
import type { JobAnswer } from '../../src/resolvers/contract';
import type { LocalRuntime } from '../runtime';
import { followJob, followUpJob } from './followJob';
import { call } from './resolverCall';
import type { ApplySummary } from './summary';
import { listJobs } from './bulkJobs';
import { plural } from './words';

/**
 * A job a bulk command left unfinished: the command was killed (SIGKILL, a second Ctrl-C, the machine stopped) or
 * quit while CSM was away. Nothing in the CLI moves it on by itself: there is no watchdog trigger between commands, so
 * it stays RUNNING (or CANCELLING) for good, holding its organizations against overlaps, until `bulk resume` takes it
 * over here.
 */
export async function unfinishedJob(runtime: LocalRuntime, jobId: string): Promise<JobAnswer | undefined> {
  const view = await call(runtime, 'getJob', { jobId, failuresLimit: 0 });
  return isFinal(view.status) ? undefined : view;
}

/**
 * Gives the dead runner's lease back on its behalf and starts a runner for the job in this process, as the watchdog
 * does for a stalled job on Forge (jobs/lifecycle/runners.ts restartStalledJobs), but without waiting for the lease to run out.
 *
 * That is safe because of the state directory's lock (stateLock.ts): only the bulk command holding DIR/bulk.lock runs
 * the jobs kept in DIR, and this command holds it now, so the command that took the lease has ended (it released the
 * lock) or is gone (its lock was left behind by a process that no longer runs). Its runner can write nothing more.
 * What it left half done is not sent twice: a request it marked as being sent is sent again under the same
 * idempotency key, which CSM answers with the task it already has (engine/dispatch.ts).
 */
export async function takeOverJob(runtime: LocalRuntime, jobId: string): Promise<void> {
  await runtime.runAsFunction(async () => {
    // Loaded here, not at the top of the file: @forge/kvs binds to the local runtime's globals when it first loads,
    // which the runtime does with the app's handlers.
    const { forgeEngineDeps } = await import('../../src/jobs/deps');
    const { newRunnerToken } = await import('../../src/jobs/lifecycle/lease');
    const deps = forgeEngineDeps();
    const lease = await deps.store.control.getLease(jobId);
    if (lease) await deps.store.control.releaseLease(jobId, lease.token);
    await deps.queue.enqueueRunner({ jobId, token: newRunnerToken(deps.random) });
  });
}

/**
 * `bulk resume JOB_ID`: a job that has not ended is taken over and driven to its end here (its own summary, its own
 * id); a job that has ended keeps the meaning resume always had, the rows a cancel left unsent sent as a new job.
 */
export async function resumeJob(
  runtime: LocalRuntime,
  input: Omit<Parameters<typeof followUpJob>[1], 'action'> & { onTakeOver?: (view: JobAnswer) => void },
): Promise<ApplySummary> {
  const left = await unfinishedJob(runtime, input.jobId);
  if (!left) return followUpJob(runtime, { ...input, action: 'resumeJob' });
  const started = Date.now();
  input.onTakeOver?.(left);
  await takeOverJob(runtime, input.jobId);
  return followJob(runtime, input.jobId, input, started);
}

export function takeOverWords(view: JobAnswer): string {
  const done = view.progress.succeeded + view.progress.failed + view.progress.unchanged;
  return `Job ${view.id} had not ended (${view.status.toLowerCase()}, ${done} of ${plural(view.progress.total, 'row')} done) and no bulk command is running it: it is run to its end here. Rows already sent are not sent again.\n`;
}

/** What to say when retry or undo is asked of a job that has not ended: nothing but resume finishes it. */
export function finishItFirst(jobId: string, dirFlag: string): string {
  return `Job ${jobId} has not ended and no bulk command is running it (the one that ran it was killed, or quit while CSM was away). Finish it first with: npm run --silent bulk -- resume ${jobId}${dirFlag}`;
}

/**
 * Before a new job: the jobs kept in the state directory that have not ended, each a line saying so. This command
 * holds the directory, so no other runs them; until resumed, their open tasks count against CSM's task cap (a new
 * job may wait behind them for good) and their organizations are refused to a new job as overlaps.
 */
export async function abandonedJobsNote(runtime: LocalRuntime, dirFlag: string): Promise<string[]> {
  const unfinished = (await listJobs(runtime)).filter((job) => !isFinal(job.status));
  return unfinished.map(
    (job) =>
      `Job ${job.jobId} (${job.title}) has not ended and no bulk command is running it: its open tasks take CSM's task slots from a new job, and its organizations are refused to one. Finish it first with: npm run --silent bulk -- resume ${job.jobId}${dirFlag}`,
  );
}
