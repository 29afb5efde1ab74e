import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalRuntime } from '../../runtime';
import { leftOutWords, report, undoNote, writeFailedRows } from '../applyText';
import { whileCancellable } from '../cancellable';
import { UsageError, type ParsedFlags } from '../flags';
import { failedRowsFile, followUpJob } from '../followJob';
import { resolveIn, say, type CliIo } from '../io';
import { call, ResolverCallError } from '../resolverCall';
import { openSession } from '../session';
import { EXIT, exitCodeOf, type ApplySummary } from '../summary';
import { finishItFirst, resumeJob, takeOverWords, unfinishedJob } from '../unfinishedJob';
import { command, CSM_URL, DEFAULT_STATE_DIR, FAILED_ROWS_FLAG, JSON_FLAG } from './command';
import { drawJobProgress } from './progress';
import { stateDirFlag } from '../words';

export const FOLLOW_UP_FLAGS = {
  'csm-url': CSM_URL,
  'state-dir': { type: 'string', value: 'DIR', help: 'where apply kept the job (default .local/)' },
  'confirm-stale': { type: 'boolean', help: 'send them even though the job ended more than a day ago' },
  'failed-rows': FAILED_ROWS_FLAG,
  json: JSON_FLAG,
} as const;

type FollowUpFlags = ParsedFlags<typeof FOLLOW_UP_FLAGS>;

const FOLLOW_UP_COMMANDS = {
  resumeJob: 'resume',
  retryFailed: 'retry',
  undoJob: 'undo',
  deleteCreated: 'undo',
  restoreJob: 'restore',
} as const;

export type FollowUpAction = keyof typeof FOLLOW_UP_COMMANDS;

export const resume = command({
  synopsis: 'npm run --silent bulk -- resume JOB_ID [flags]',
  description:
    'Finishes a job whose command was killed (or quit while CSM was away): it is run to its end here, nothing sent twice. For a job that ended, sends the rows a cancel (Ctrl-C during apply) left unsent, exactly those, once. Exit codes as apply.',
  flags: FOLLOW_UP_FLAGS,
  run: (parsed, io) => followUp('resumeJob', parsed, io),
});

export const retry = command({
  synopsis: 'npm run --silent bulk -- retry JOB_ID [flags]',
  description:
    "Sends a job's failed rows again, once: only those that failed for a passing reason (busy, rate-limited, timed out, an answer lost); rows CSM refused for what they hold are left out and counted (leftOut in --json): correct them and apply them again. Asked again, it follows the first retry. Exit codes as apply; 2 when every failed row needs fixing (--failed-rows then writes them).",
  flags: FOLLOW_UP_FLAGS,
  run: (parsed, io) => followUp('retryFailed', parsed, io),
});

export const restore = command({
  synopsis: 'npm run --silent bulk -- restore JOB_ID [flags]',
  description:
    'Creates again the organizations a deletions job deleted, from what each held just before (its recycle bin): names, detail values and members, as a new job, once. CSM cannot undelete: they get new IDs. A name another organization took since fails its row. Exit codes as apply.',
  flags: FOLLOW_UP_FLAGS,
  run: (parsed, io) => followUp('restoreJob', parsed, io),
});

/**
 * Resume, retry, undo or the delete of what a job created: the follow-up job started (or the one asked before
 * followed), reported like apply's. `deleteFollows` (undo --delete-created): the delete job follows, so the undo does
 * not say the created organizations stay.
 */
export async function followUp(
  action: FollowUpAction,
  { positionals, values }: FollowUpFlags,
  io: CliIo,
  deleteFollows = false,
): Promise<number> {
  const [jobId, extra] = positionals;
  const name = FOLLOW_UP_COMMANDS[action];
  if (!jobId) throw new UsageError(`${name} needs the JOB_ID apply printed.`);
  if (extra !== undefined) throw new UsageError(`${name} takes one JOB_ID; '${extra}' is one too many.`);
  const stateDir = values['state-dir'] ?? DEFAULT_STATE_DIR;
  if (!existsSync(path.join(resolveIn(io, stateDir), 'kvs.json'))) {
    say(
      io,
      `No jobs are kept in ${stateDir}: ${name} finds the jobs apply kept there (in ${DEFAULT_STATE_DIR}/, or in the --state-dir DIR apply was given).`,
    );
    return EXIT.invalid;
  }
  const session = await openSession({ csmUrl: values['csm-url'], stateDir: resolveIn(io, stateDir), command: name });
  try {
    const summary = await whileCancellable(io, (signal) => {
      const follow = { jobId, confirmStale: values['confirm-stale'] === true, signal };
      const onProgress = drawJobProgress(io.stderr);
      if (action !== 'resumeJob') return followUpJob(session.runtime, { ...follow, onProgress, action });
      return resumeJob(session.runtime, {
        ...follow,
        onProgress,
        onTakeOver: (view) => io.stderr.write(takeOverWords(view)),
      });
    });
    reportFollowUp(io, action, summary, { jobId, values, deleteFollows });
    await writeFailedRows(io, session.runtime, summary, values['failed-rows']);
    return exitCodeOf(summary);
  } catch (error) {
    if (
      error instanceof ResolverCallError &&
      ['NOT_FOUND', 'INVALID_INPUT', 'NEEDS_CONFIRMATION', 'INVALID_PAYLOAD'].includes(error.code)
    ) {
      await refused(io, session.runtime, action, error, { jobId, values, deleteFollows });
      return EXIT.invalid;
    }
    throw error;
  } finally {
    await session.close();
  }
}

interface Asked {
  jobId: string;
  values: FollowUpFlags['values'];
  deleteFollows: boolean;
}

/** The summary, then what a follow-up says of its own: the rows it left out, those changed since the job. */
function reportFollowUp(io: CliIo, action: FollowUpAction, summary: ApplySummary, asked: Asked) {
  const { jobId, values } = asked;
  if (action === 'deleteCreated' && summary.existing)
    say(
      io,
      `The organizations job ${jobId} created were deleted by job ${summary.jobId} already: nothing was deleted now. Its outcome:`,
    );
  report(io, summary, { json: values.json === true, stateDir: values['state-dir'] });
  if (summary.leftOut && (action === 'undoJob' || action === 'deleteCreated')) {
    const note = action === 'undoJob' ? undoNote(summary.leftOutMessage, asked.deleteFollows) : summary.leftOutMessage;
    if (note) say(io, note);
  } else if (summary.leftOut) say(io, leftOutWords(summary.leftOut, jobId));
  if (summary.changedSince) {
    const [they, were] = summary.changedSince === 1 ? ['it', 'was'] : ['them', 'were'];
    say(
      io,
      `${summary.changedSince} organization${summary.changedSince === 1 ? '' : 's'} changed again after job ${jobId} ${were} not put back (each is listed above with what it holds now). To restore ${they} anyway: npm run --silent bulk -- retry ${summary.jobId}${stateDirFlag(values['state-dir'])}`,
    );
  }
}

/** The follow-up was refused (no such job, not ended, nothing to send, stale): why, and what to do. */
async function refused(
  io: CliIo,
  runtime: LocalRuntime,
  action: FollowUpAction,
  error: ResolverCallError,
  { jobId, values, deleteFollows }: Asked,
) {
  const advice = error.code === 'NEEDS_CONFIRMATION' ? ' Pass --confirm-stale to send anyway.' : '';
  // "Wait until the job has ended" would wait for good when the command running it is gone: resume finishes it.
  const unfinished = error.code === 'INVALID_INPUT' && (await unfinishedJob(runtime, jobId));
  const message = action === 'undoJob' ? (undoNote(error.message, deleteFollows) ?? error.message) : error.message;
  say(io, unfinished ? finishItFirst(jobId, stateDirFlag(values['state-dir'])) : `${message}${advice}`);
  // Every failed row needs fixing: --failed-rows writes them, ready to correct and apply.
  const out = values['failed-rows'];
  if (action === 'retryFailed' && error.code === 'INVALID_INPUT' && out && (await hasFailures(runtime, jobId))) {
    writeFileSync(resolveIn(io, out), await failedRowsFile(runtime, jobId));
    say(io, `The failed rows of job ${jobId} were written to ${out}: correct them and apply the file.`);
  }
}

async function hasFailures(runtime: LocalRuntime, jobId: string): Promise<boolean> {
  const view = await call(runtime, 'getJob', { jobId, failuresLimit: 0 });
  return view.failuresTotal > 0;
}
