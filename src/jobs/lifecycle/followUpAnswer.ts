import { isFinal, type JobRecord } from '../../domain/job';
import type { FollowUpAnswer } from '../../resolvers/contract';
import type { EngineDeps } from '../deps';
import { FollowUpPendingError, followUpJob, type FollowUpPurpose } from './followUp';
import { summarizeJob } from './views';

/**
 * The follow-ups (retry, resume, undo, delete what a job created) share one shape: the job must have ended,
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
  restore: {
    rows: 'deleted organizations',
    row: 'deleted organization',
    verb: 'restore',
    nothing: 'This job deleted no organization: there is nothing to restore.',
  },
  deleteCreated: {
    rows: 'created organizations',
    row: 'created organization',
    verb: 'delete',
    nothing: 'This job created no organization: there is nothing to delete.',
  },
} as const;

/** An undo of a memberships job that changed nothing: it has no names or values to put back, nor organizations. */
const NO_MEMBERSHIP_CHANGED = 'This job added and removed no customer: there is nothing to undo.';

/** Why no follow-up was made, in words: the job has not ended, there is nothing to send, or rows are old. */
export interface FollowUpRefusal {
  code: 'INVALID_INPUT' | 'NEEDS_CONFIRMATION';
  message: string;
}

/**
 * A follow-up of a job that ended, as the page asks for it: the job it started (or the one started before), or why
 * there is none. Once per job and purpose, and rows older than a day only if `confirmStale`.
 */
export async function followUpAnswer(
  deps: EngineDeps,
  original: JobRecord,
  purpose: FollowUpPurpose,
  by: { ownerAccountId: string; confirmStale?: boolean },
): Promise<{ answer: FollowUpAnswer } | { refused: FollowUpRefusal }> {
  const words = FOLLOW_UP_WORDS[purpose];
  if (!isFinal(original.status))
    return refused('INVALID_INPUT', `Wait until the job has ended before you ${words.verb} its ${words.rows}.`);
  let result;
  try {
    result = await followUpJob(deps, original.id, purpose, by);
  } catch (error) {
    if (error instanceof FollowUpPendingError) return refused('INVALID_INPUT', error.message);
    throw error;
  }
  if (result.outcome === 'nothing')
    return refused(
      'INVALID_INPUT',
      result.leftOut > 0 && purpose === 'retry'
        ? onlyToFix(result.leftOut)
        : purpose === 'undo' && original.kind === 'memberships'
          ? NO_MEMBERSHIP_CHANGED
          : words.nothing,
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
    return refused(
      'NEEDS_CONFIRMATION',
      `${one ? 'This' : 'These'} ${result.rows.toLocaleString('en-US')} ${one ? words.row : words.rows} ${one ? 'is' : 'are'} from a job that ended ${days === 1 ? 'a day' : `${days} days`} ago: ` +
        `the organizations may have changed since, and sending ${them} would overwrite those changes. ${words.verb === 'retry' ? 'Retry' : 'Send'} ${them} anyway?` +
        (result.leftOut > 0 ? ` (${leftOutText(result.leftOut)})` : ''),
    );
  }
  return {
    answer: {
      ...summarizeJob(result.job, deps.clock.now()),
      existing: result.outcome === 'existing',
      leftOut: result.leftOut,
      leftOutMessage: result.leftOut > 0 ? leftOutText(result.leftOut) : undefined,
    },
  };
}

function refused(code: FollowUpRefusal['code'], message: string): { refused: FollowUpRefusal } {
  return { refused: { code, message } };
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
