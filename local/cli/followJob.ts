/** How the CLI follows a job to its end, and the follow-up jobs (resume, retry, undo, delete) it starts. */
import { failedRowsCsv, type RowFailureExport } from '../../src/domain/export/failedRows';
import type { JobAnswer } from '../../src/resolvers/contract';
import type { LocalRuntime } from '../runtime';
import { call } from './resolverCall';
import { failureOf, summaryOf, type ApplySummary } from './summary';
import { plural } from './words';

/**
 * Sends the rows a cancelled job left unsent (`resumeJob`), retries its failed rows (`retryFailed`) or puts back
 * what its rows replaced (`undoJob`), once per job: asked again, it follows the job made the first time.
 */
export async function followUpJob(
  runtime: LocalRuntime,
  input: {
    jobId: string;
    action: 'resumeJob' | 'retryFailed' | 'undoJob' | 'deleteCreated' | 'restoreJob';
    confirmStale?: boolean;
    onProgress?: (view: JobAnswer) => void;
    pollMs?: number;
    signal?: AbortSignal;
  },
): Promise<ApplySummary> {
  const started = Date.now();
  const job =
    input.action === 'deleteCreated'
      ? await call(runtime, 'deleteCreated', { jobId: input.jobId, confirm: true })
      : await call(runtime, input.action, { jobId: input.jobId, confirmStale: input.confirmStale === true });
  const summary = await followJob(runtime, job.id, input, started);
  if (input.action === 'resumeJob') return summary;
  return {
    ...summary,
    leftOut: job.leftOut,
    leftOutMessage: job.leftOutMessage,
    ...(job.existing ? { existing: true } : {}),
  };
}

/** How the CLI follows a job: its progress, how often it asks, and Ctrl-C. */
interface FollowInput {
  onProgress?: (view: JobAnswer) => void;
  pollMs?: number;
  signal?: AbortSignal;
}

export async function followJob(
  runtime: LocalRuntime,
  jobId: string,
  input: FollowInput,
  started: number,
): Promise<ApplySummary> {
  let stoppedBecause: string | undefined;
  const view = await waitForJob(runtime, jobId, {
    ...input,
    onWaitingForUser: (waiting) => (stoppedBecause = waitingWords(waiting)),
  });
  const failures: ApplySummary['failures'] = [];
  for (let offset = 0; offset < view.failuresTotal; offset += 1000) {
    const page = await call(runtime, 'getJob', { jobId, failuresOffset: offset, failuresLimit: 1000 });
    failures.push(...page.failures.map(failureOf));
  }
  return { ...summaryOf(view, failures, started), rows: view.rows, ...(stoppedBecause ? { stoppedBecause } : {}) };
}

/** Why a job waits for its user: the first sentence of its reason (the rest tells what to do on the admin page). */
const waitingReason = (view: JobAnswer) =>
  /^.*?\.(?=\s|$)/.exec(view.waitingReason ?? '')?.[0] ?? 'CSM refused the call.';

const waitingWords = (view: JobAnswer) =>
  `Job ${view.id} cannot go on: ${waitingReason(view)} The command line has no admin page to run it as you instead, so it was cancelled: nothing more is sent, and the rows it did not send are kept for bulk resume once the site lets the app act for you in the background.`;

/** A job that waits for its user, cancelled, is given this long to end: past it, tasks CSM holds are left open. */
const WAITING_CANCEL_MS = 15_000;

/** The job cannot be followed to its end by this command (it says why and what to do). */
export class JobCannotGoOnError extends Error {}

/**
 * Follows a job through getJob, as the page does, until it ends. With `onWaitingForUser`, a job the site refuses to
 * run in the background (WAITING_FOR_USER) is cancelled rather than waited for: on Forge the open admin page drives
 * such a job as the present user, and the command line has no page, so nothing would ever move it on.
 */
export async function waitForJob(
  runtime: LocalRuntime,
  jobId: string,
  input: FollowInput & { onWaitingForUser?: (view: JobAnswer) => void },
  failuresLimit = 0,
): Promise<JobAnswer> {
  let cancelAsked = false;
  let waitingCancelledAt: number | undefined;
  for (;;) {
    if (input.signal?.aborted && !cancelAsked) {
      cancelAsked = true;
      await call(runtime, 'cancelJob', { jobId });
    }
    const view = await call(runtime, 'getJob', { jobId, failuresLimit });
    input.onProgress?.(view);
    if (['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'].includes(view.status)) return view;
    if (view.status === 'WAITING_FOR_USER' && input.onWaitingForUser && waitingCancelledAt === undefined) {
      input.onWaitingForUser(view);
      cancelAsked = true;
      waitingCancelledAt = Date.now();
      await call(runtime, 'cancelJob', { jobId });
      continue;
    }
    if (waitingCancelledAt !== undefined && Date.now() - waitingCancelledAt > WAITING_CANCEL_MS) {
      throw new JobCannotGoOnError(
        `Job ${jobId} cannot go on: ${waitingReason(view)} It was cancelled, but the ${plural(view.progress.openTasks, 'task')} CSM already holds cannot be followed without you, so it has not ended. Once the site lets the app act for you in the background, finish it with: npm run --silent bulk -- resume ${jobId} (with the --state-dir you gave apply).`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, input.pollMs ?? 100));
  }
}

/** A job's failed rows as a file in the import format of its kind, with a Failure Reason column (as the page gives). */
export async function failedRowsFile(runtime: LocalRuntime, jobId: string): Promise<string> {
  const rows: RowFailureExport[] = [];
  for (;;) {
    const page = await call(runtime, 'failedRows', { jobId, offset: rows.length });
    rows.push(...page.rows);
    if (page.rows.length === 0 || rows.length >= page.total) return failedRowsCsv(page.kind, rows, page.mapping);
  }
}
