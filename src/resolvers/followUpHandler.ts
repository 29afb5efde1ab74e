import type { EngineDeps } from '../jobs/deps';
import type { FollowUpPurpose } from '../jobs/lifecycle/followUp';
import { followUpAnswer } from '../jobs/lifecycle/followUpAnswer';
import type { FollowUpAnswer } from './contract';
import { mustFindJob } from './findJob';
import { ResolverFailure, type Caller } from './resolverFailure';

/**
 * The follow-up resolvers (retry, resume, undo, delete what a job created): the job must exist; what the follow-up
 * starts, or why it does not, is the engine's (jobs/lifecycle/followUpAnswer.ts).
 */
export async function followUp(
  deps: EngineDeps,
  payload: { jobId: string; confirmStale?: boolean },
  caller: Caller,
  purpose: FollowUpPurpose,
): Promise<FollowUpAnswer> {
  const original = await mustFindJob(deps, payload.jobId);
  const outcome = await followUpAnswer(deps, original, purpose, {
    ownerAccountId: caller.accountId,
    confirmStale: payload.confirmStale,
  });
  if ('refused' in outcome) throw new ResolverFailure(outcome.refused.code, outcome.refused.message);
  return outcome.answer;
}
