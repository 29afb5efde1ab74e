import { isFinal, type JobRecord } from '../domain/job';
import {
  decodeEntries,
  decodeSnapshot,
  encodeSnapshot,
  withSettledRun,
  type SyncPlan,
  type SyncRun,
} from '../domain/sync';
import { failedChunks } from './failures';
import type { SyncDeps } from './syncDeps';

/**
 * Once the job a run started has ended, the rows it applied join the plan's snapshot, so the next
 * run diffs against them. Returns the plan as settled, or `running` while the job still goes on.
 */
export async function settleRun(deps: SyncDeps, plan: SyncPlan): Promise<{ plan: SyncPlan; running: boolean }> {
  const open = plan.history.find((run) => run.status === 'RUNNING' || (run.status === 'WAITING' && run.jobId));
  if (!open?.jobId) return { plan, running: false };
  const job = await deps.store.jobs.get(open.jobId);
  if (!job)
    return {
      plan: await save(
        deps,
        withSettledRun(plan, open.jobId, (run) => ({
          ...run,
          status: 'FAILED',
          reasons: ['The job of this run is gone.'],
        })),
      ),
      running: false,
    };
  if (!isFinal(job.status)) {
    const status: SyncRun['status'] = job.status === 'WAITING_FOR_USER' ? 'WAITING' : 'RUNNING';
    const reasons = job.waitingReason ? [job.waitingReason] : open.reasons;
    if (status === open.status) return { plan, running: true };
    return {
      plan: await save(
        deps,
        withSettledRun(plan, open.jobId, (run) => ({ ...run, status, reasons })),
      ),
      running: true,
    };
  }
  const succeeded = await succeededOperations(deps, job);
  const failed = job.tally.failed;
  const sent = decodeEntries(await deps.plans.getParts(plan.id, 'pending'));
  const snapshot = decodeSnapshot(await deps.plans.getParts(plan.id, 'snapshot'));
  for (const index of succeeded) {
    const entry = sent[index];
    if (entry) snapshot.set(entry[0], entry[1]);
  }
  await deps.plans.putParts(plan.id, 'snapshot', encodeSnapshot(snapshot));
  await deps.plans.putParts(plan.id, 'pending', []);
  const status: SyncRun['status'] =
    failed === 0 && job.status === 'SUCCEEDED' ? 'APPLIED' : succeeded.length > 0 ? 'PARTIAL' : 'FAILED';
  const settled = withSettledRun(plan, job.id, (run) => ({ ...run, status, succeeded: succeeded.length, failed }));
  return { plan: await save(deps, settled), running: false };
}

async function save(deps: SyncDeps, plan: SyncPlan): Promise<SyncPlan> {
  await deps.plans.putPlan(plan);
  return plan;
}

/** The operations of a finished job that succeeded: those of its decided chunks, less the failed ones. */
async function succeededOperations(deps: SyncDeps, job: JobRecord): Promise<number[]> {
  const lines = await deps.store.jobs.lines(job);
  const decided = lines.flatMap((line, index) => (line.state === 'DONE' ? [index] : []));
  const failed = new Set((await deps.store.failures.read(job.id, failedChunks(lines))).map((failure) => failure.index));
  const succeeded: number[] = [];
  for (const chunk of await deps.store.chunks.getMany(job.id, decided)) {
    for (const index of chunk.operationIndexes) if (!failed.has(index)) succeeded.push(index);
  }
  return succeeded;
}
