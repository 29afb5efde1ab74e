import { isFinal } from '../domain/job';
import type { EngineDeps } from '../jobs/deps';
import { FollowUpPendingError, followUpJob, type FollowUpPurpose } from '../jobs/followUp';
import { summarizeJob } from '../jobs/views';
import type { FollowUpAnswer } from './contract';
import { mustFindJob } from './findJob';
import { ResolverFailure, type Caller } from './resolverFailure';

/**
 * The follow-up resolvers (retry, resume, undo, delete what a job created) share one shape: the job must have ended,
 * one follow-up per job and purpose, rows older than a day only when asked; and one set of words for what is left out.
 */
const FOLLOW_UP_WORDS = {
  retry: { rows: 'failed rows', row: 'failed row', verb: 'retry', nothing: 'This job has no failed rows to retry.' },
  resume: {
    rows: 'rows not sent',
    row: 'row not sent',
    verb: 'send',
    nothing: 'This job has no unsent rows: it was not cancelled before it ended.',
  },
  undo: {
    rows: 'changes',
    row: 'change',
    verb: 'undo',
    nothing:
      'This job changed no organization that existed before it: there is nothing to put back (organizations it created are not deleted).',
  },
  deleteCreated: {
    rows: 'created organizations',
    row: 'created organization',
    verb: 'delete',
    nothing: 'This job created no organization: there is nothing to delete.',
  },
} as const;

/** Retry failed rows, or send the rows a cancel left unsent: once per job, and rows older than a day only if asked. */
export async function followUp(
  deps: EngineDeps,
  payload: { jobId: string; confirmStale?: boolean },
  caller: Caller,
  purpose: FollowUpPurpose,
): Promise<FollowUpAnswer> {
  const words = FOLLOW_UP_WORDS[purpose];
  const original = await mustFindJob(deps, payload.jobId);
  if (!isFinal(original.status))
    throw new ResolverFailure(
      'INVALID_INPUT',
      `Wait until the job has ended before you ${words.verb} its ${words.rows}.`,
    );
  const result = await followUpJob(deps, payload.jobId, purpose, {
    ownerAccountId: caller.accountId,
    confirmStale: payload.confirmStale,
  }).catch((error: unknown) => {
    if (error instanceof FollowUpPendingError) throw new ResolverFailure('INVALID_INPUT', error.message);
    throw error;
  });
  if (result.outcome === 'nothing')
    throw new ResolverFailure(
      'INVALID_INPUT',
      result.leftOut > 0 && purpose === 'retry' ? onlyToFix(result.leftOut) : words.nothing,
    );
  const leftOutText = (rows: number) =>
    purpose === 'undo'
      ? createdLeft(rows)
      : purpose === 'deleteCreated'
        ? notFoundToDelete(rows)
        : leftOutMessage(rows);
  if (result.outcome === 'stale') {
    const days = Math.floor(result.ageMs / 86_400_000);
    const one = result.rows === 1;
    const them = one ? 'it' : 'them';
    throw new ResolverFailure(
      'NEEDS_CONFIRMATION',
      `${one ? 'This' : 'These'} ${result.rows.toLocaleString('en-US')} ${one ? words.row : words.rows} ${one ? 'is' : 'are'} from a job that ended ${days === 1 ? 'a day' : `${days} days`} ago: ` +
        `the organizations may have changed since, and sending ${them} would overwrite those changes. ${words.verb === 'retry' ? 'Retry' : 'Send'} ${them} anyway?` +
        (result.leftOut > 0 ? ` (${leftOutText(result.leftOut)})` : ''),
    );
  }
  return {
    ...summarizeJob(result.job, deps.clock.now()),
    existing: result.outcome === 'existing',
    /** Failed rows not sent again: CSM refused them for what they hold, so they need fixing. 0 for a resume. */
    leftOut: result.leftOut,
    leftOutMessage: result.leftOut > 0 ? leftOutText(result.leftOut) : undefined,
  };
}

const FIX_THEM =
  'Download the failed-rows file, correct the values in it and import it: it keeps the values that were sent and says why each row failed.';
const REFUSED_FOR_CONTENT =
  'CSM refused them for what they hold (for example the organization already exists or was not found, or a value is not allowed), not for a passing reason such as a busy or rate-limited site';

const failedRows = (rows: number) => (rows === 1 ? '1 failed row' : `${rows.toLocaleString('en-US')} failed rows`);

export const UNTIL_ENDED = 'Wait until the job has ended before you delete what it created.';

function leftOutMessage(rows: number): string {
  return `${failedRows(rows)} left out: ${REFUSED_FOR_CONTENT}, so sending them again unchanged would fail again. ${FIX_THEM}`;
}

function createdLeft(rows: number): string {
  const organizations = rows === 1 ? '1 organization' : `${rows.toLocaleString('en-US')} organizations`;
  return `${organizations} the job created stay as they are: an undo puts back what existed, it does not delete.`;
}

function notFoundToDelete(rows: number): string {
  const organizations = rows === 1 ? '1 organization' : `${rows.toLocaleString('en-US')} organizations`;
  return `${organizations} the job created could not be found by name right after it was created, so it has no id to delete it by: find ${rows === 1 ? 'it' : 'them'} on the Organizations page.`;
}

function onlyToFix(rows: number): string {
  return `Nothing to retry: the job's ${failedRows(rows)} ${rows === 1 ? 'needs' : 'need'} fixing, not sending again. ${REFUSED_FOR_CONTENT}. ${FIX_THEM}`;
}
