import { isFinal, type JobRecord } from '../../domain/job';
import type { SyncRun } from '../../domain/sync';
import type { SyncClaim } from '../../store/syncPlanStore';
import { newRunnerToken } from '../lifecycle/lease';
import type { SyncDeps } from './deps';
import { runsOf } from './history';

/**
 * A claim without a job older than this belongs to a run that died: no invocation that runs a sync lives longer (the
 * sync-plan-runner's timeoutSeconds is 300, a resolver's 25 s), with a margin. It is then taken over.
 */
export const SYNC_CLAIM_STALE_MS = 6 * 60_000;

/** Another run of the plan holds it: since when, and the job it started, if it has one yet. */
export interface RunGoing {
  since: number;
  jobId?: string;
}

export type ClaimResult = { token: string } | { going: RunGoing };

/**
 * One run of a plan at a time. A run claims the plan with one conditional write (store/syncPlanStore.ts); the claim
 * is given back when the run makes no job, or, once its job ends, by whoever settles that run
 * (jobs/syncSettle.ts). It is never a dead end: a claim whose job ended or is gone is taken over to settle it first,
 * and a claim without a job older than SYNC_CLAIM_STALE_MS (its run died before making one) is taken over.
 *
 * `settle` runs while the caller holds a claim taken over from an ended run, before the caller's own run; the claim
 * then names no job, so that a run that dies before making its own leaves nothing to settle twice.
 */
export async function claimPlan(
  deps: SyncDeps,
  planId: string,
  settle: (token: string, jobId: string) => Promise<void>,
): Promise<ClaimResult> {
  // A lost race reads the claim again: the winner's claim is then the one to judge.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const now = deps.clock.now();
    const mine: SyncClaim = { token: newRunnerToken(deps.random), claimedAt: now };
    const current = await deps.plans.getClaim(planId);
    if (!current) {
      const open = openRunOf((await runsOf(deps, planId)).history);
      if (!(await deps.plans.claim(planId, open ? { ...mine, jobId: open } : mine))) continue;
      if (!open) return { token: mine.token };
      // The claim now names that run's job: the next look finds it going, or ended and to be settled.
      continue;
    }
    const going = { going: { since: current.claimedAt, ...(current.jobId ? { jobId: current.jobId } : {}) } };
    if (current.jobId) {
      if (settling(current, now) || !jobEnded(await deps.store.jobs.get(current.jobId), current, now)) return going;
      const settler = await takeOverToSettle(deps, planId, { token: current.token, jobId: current.jobId });
      if (!settler) continue;
      await settle(settler, current.jobId);
      // Handed on to the caller's own run: a token of its own, and no job named yet.
      if (await deps.plans.claim(planId, mine, settler)) return { token: mine.token };
      continue;
    }
    if (now - current.claimedAt < SYNC_CLAIM_STALE_MS) return going;
    if (await deps.plans.claim(planId, mine, current.token)) return { token: mine.token };
  }
  const current = await deps.plans.getClaim(planId);
  return {
    going: { since: current?.claimedAt ?? deps.clock.now(), ...(current?.jobId ? { jobId: current.jobId } : {}) },
  };
}

/** A claim taken over to settle a run is held this long at most by a live settler (a few storage calls). */
const SETTLING_MS = 60_000;
const SETTLER = 'settle-';

/** Whether the claim is held by someone settling the run its job ended (see takeOverToSettle), who is still alive. */
export function settling(claim: SyncClaim, now: number): boolean {
  return claim.token.startsWith(SETTLER) && now - claim.claimedAt < SETTLING_MS;
}

/**
 * Takes over the claim of a run whose job ended, to settle that run: returns the new token, or undefined when another
 * caller took it first (and settles it). The claim still names the job: should the settling stop half-way, the claim
 * is settled again once SETTLING_MS have passed.
 */
export async function takeOverToSettle(
  deps: SyncDeps,
  planId: string,
  ended: { token: string; jobId: string },
): Promise<string | undefined> {
  const token = `${SETTLER}${newRunnerToken(deps.random)}`;
  const claim = { token, claimedAt: deps.clock.now(), jobId: ended.jobId };
  return (await deps.plans.claim(planId, claim, ended.token)) ? token : undefined;
}

/**
 * Whether the job a claim names has ended, or will never exist: a job not found is still being created by a live run
 * (the claim names it just before), until the claim is older than any run lives.
 */
export function jobEnded(job: JobRecord | undefined, claim: SyncClaim, now: number): boolean {
  return job ? isFinal(job.status) : now - claim.claimedAt >= SYNC_CLAIM_STALE_MS;
}

/**
 * The job of a run started before runs claimed their plan: its entry still RUNNING or WAITING with a job, and the
 * plan has no claim. It is given a claim naming that job, so that it is settled and no second job starts meanwhile.
 */
function openRunOf(history: readonly SyncRun[]): string | undefined {
  return history.find((run) => (run.status === 'RUNNING' || run.status === 'WAITING') && run.jobId)?.jobId;
}

/** Gives a claim to the open run of a plan saved before claims existed (see openRunOf), if it has one. */
export async function adoptOpenRun(
  deps: SyncDeps,
  planId: string,
  history: readonly SyncRun[],
): Promise<SyncClaim | undefined> {
  const jobId = openRunOf(history);
  if (!jobId) return undefined;
  const claim: SyncClaim = { token: newRunnerToken(deps.random), claimedAt: deps.clock.now(), jobId };
  return (await deps.plans.claim(planId, claim)) ? claim : deps.plans.getClaim(planId);
}

/** An admin's words for a run that could not start because another one holds the plan. */
export function describeRunGoing(planName: string, going: RunGoing): string {
  const since = new Date(going.since).toISOString().replace('T', ' ').slice(0, 16);
  const what = going.jobId ? `its job ${going.jobId} is still sending rows` : 'it is reading the source';
  return (
    `A run of the sync plan "${planName}" is going (started ${since} UTC; ${what}), so no second run was started. ` +
    'Its result shows on the plan when it ends; run the plan again after that if you need to.'
  );
}
