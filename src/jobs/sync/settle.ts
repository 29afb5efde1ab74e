import { isFinal, type JobRecord } from '../../domain/job';
import {
  decodeEntries,
  decodeSnapshot,
  encodeSnapshot,
  withSettledRun,
  type SyncPlan,
  type SyncRun,
} from '../../domain/sync';
import { storageErrorText } from '../../store/storageErrors';
import { failedChunks } from '../lifecycle/failures';
import { adoptOpenRun, jobEnded, settling, takeOverToSettle } from './claim';
import type { SyncDeps } from './deps';
import { changeRuns, rewriteRun, SyncClaimLostError, withSettledSource } from './history';

/**
 * Settles the run whose job `jobId` has ended (or is gone), under the plan's claim (`token`, taken over from that
 * run): the rows the job applied, and those it found CSM already holds, join the snapshot, so the next run with the
 * same source finds nothing changed. Safe to do twice: until `pending` is cleared it adds the same rows, after it none.
 */
export async function settleClaimed(deps: SyncDeps, planId: string, token: string, jobId: string): Promise<void> {
  const job = await deps.store.jobs.get(jobId);
  if (!job) {
    await rewriteRun(deps, planId, token, jobId, (run) => ({
      ...run,
      status: 'FAILED',
      reasons: ['The job of this run is gone.'],
    }));
    await deps.plans.putParts(planId, 'pending', []);
    return;
  }
  let settled: { succeeded: number[]; unchanged: number[] };
  try {
    settled = await settledOperations(deps, job);
  } catch (error) {
    // A job whose results cannot be read must not hold the plan for ever: the run ends failed, and the next run
    // sends its rows again (compared with the site first, so what CSM holds already is not sent).
    await rewriteRun(deps, planId, token, jobId, (run) => ({
      ...run,
      status: 'FAILED',
      reasons: [`The results of this run's job could not be read (${storageErrorText(error)}).`],
    }));
    await deps.plans.putParts(planId, 'pending', []);
    return;
  }
  const { succeeded, unchanged } = settled;
  const sent = decodeEntries(await deps.plans.getParts(planId, 'pending'));
  const snapshot = decodeSnapshot(await deps.plans.getParts(planId, 'snapshot'));
  for (const index of [...succeeded, ...unchanged]) {
    const entry = sent[index];
    if (entry) snapshot.set(entry[0], entry[1]);
  }
  await deps.plans.putParts(planId, 'snapshot', encodeSnapshot(snapshot));
  const failed = job.tally.failed;
  const whole = failed === 0 && job.status === 'SUCCEEDED';
  const status: SyncRun['status'] = whole
    ? succeeded.length > 0
      ? 'APPLIED'
      : 'UNCHANGED'
    : succeeded.length + unchanged.length > 0
      ? 'PARTIAL'
      : 'FAILED';
  await changeRuns(deps, planId, token, (runs) => {
    const settled = withSettledRun(runs, jobId, (run) => ({
      ...run,
      status,
      succeeded: succeeded.length,
      failed,
      unchanged: unchanged.length,
    }));
    // Every row of its source is now in the snapshot as CSM holds it: the same source again needs no look at CSM.
    const run = settled.history.find((entry) => entry.jobId === jobId);
    return withSettledSource(settled, whole && run?.sourceHash ? { hash: run.sourceHash, rows: run.compared } : null);
  });
  await deps.plans.putParts(planId, 'pending', []);
}

/**
 * The plan as an admin should see it: the run whose job has ended is settled (taking the plan's claim over from it,
 * then giving it back); a run whose job goes on shows that job's state (running, or waiting for its owner).
 */
export async function settleRun(deps: SyncDeps, plan: SyncPlan): Promise<SyncPlan> {
  const claim = (await deps.plans.getClaim(plan.id)) ?? (await adoptOpenRun(deps, plan.id, plan.history));
  if (!claim?.jobId) return plan;
  const job = await deps.store.jobs.get(claim.jobId);
  if (job && !isFinal(job.status)) return withJobState(plan, job);
  const now = deps.clock.now();
  if (settling(claim, now) || !jobEnded(job, claim, now)) return plan;
  // Another caller settling it at the same moment: its result is read back below.
  const token = await takeOverToSettle(deps, plan.id, { token: claim.token, jobId: claim.jobId });
  if (token) {
    try {
      await settleClaimed(deps, plan.id, token, claim.jobId);
      await deps.plans.releaseClaim(plan.id, token);
    } catch (error) {
      // Taken for dead half-way: whoever took the claim over settles it again.
      if (!(error instanceof SyncClaimLostError)) throw error;
    }
  }
  return (await deps.plans.getPlan(plan.id)) ?? plan;
}

/** The open run as its job stands, without writing it: the run's own entry is rewritten once, when it settles. */
function withJobState(plan: SyncPlan, job: JobRecord): SyncPlan {
  const waiting = job.status === 'WAITING_FOR_USER';
  return {
    ...plan,
    history: plan.history.map((run) =>
      run.jobId === job.id
        ? {
            ...run,
            status: waiting ? 'WAITING' : 'RUNNING',
            ...(waiting && job.waitingReason ? { reasons: [job.waitingReason] } : {}),
          }
        : run,
    ),
  };
}

/**
 * The operations of a finished job that succeeded (those of its decided chunks, less the failed ones), and those it
 * found CSM already holds (taken out of any chunk it compared, even one a cancel skipped after).
 */
async function settledOperations(
  deps: SyncDeps,
  job: JobRecord,
): Promise<{ succeeded: number[]; unchanged: number[] }> {
  const lines = await deps.store.jobs.lines(job);
  const read = lines.flatMap((line, index) => (line.state === 'DONE' || (line.unchanged ?? 0) > 0 ? [index] : []));
  const failed = new Set((await deps.store.failures.read(job.id, failedChunks(lines))).map((failure) => failure.index));
  const succeeded: number[] = [];
  const unchanged: number[] = [];
  for (const chunk of await deps.store.chunks.getMany(job.id, read)) {
    unchanged.push(...(chunk.unchanged ?? []));
    if (lines[chunk.index].state !== 'DONE') continue;
    for (const index of chunk.operationIndexes) if (!failed.has(index)) succeeded.push(index);
  }
  return { succeeded, unchanged };
}
