import { CsmError, describeCsmError, waitsForUser } from '../csm/errors';
import type { Principal } from '../csm/principal';
import { readImport } from '../domain/import';
import {
  decodeSnapshot,
  diffAgainstSnapshot,
  encodeEntries,
  withRun,
  type SyncPlan,
  type SyncRun,
} from '../domain/sync';
import { SourceUnavailableError } from '../sources/fetchSource';
import { createJob, JobInputError } from './startJob';
import type { SyncDeps } from './syncDeps';
import { settleRun } from './syncSettle';

const MAX_REASONS = 20;

export type SyncRunResult = { plan: SyncPlan; run: SyncRun; started: boolean };

/**
 * One run of a plan: read the source → validate (errors: a failed run, nothing sent) → diff against
 * what earlier runs applied → a job with only the changed rows. No change, no job, no write request.
 */
export async function runSync(
  deps: SyncDeps,
  planId: string,
  by: { principal: Principal; trigger: SyncRun['trigger'] },
): Promise<SyncRunResult | undefined> {
  const found = await deps.plans.getPlan(planId);
  if (!found) return undefined;
  const { plan, running } = await settleRun(deps, found);
  if (running) return { plan, run: plan.history[0], started: false };
  const at = deps.clock.now();
  const record = async (run: Omit<SyncRun, 'at' | 'trigger' | 'succeeded' | 'failed'> & Partial<SyncRun>) => {
    const full: SyncRun = { at, trigger: by.trigger, succeeded: 0, failed: 0, ...run };
    const updated = withRun(plan, full);
    await deps.plans.putPlan(updated);
    return { plan: updated, run: full, started: full.jobId !== undefined };
  };

  let text: string;
  try {
    text = await readSyncSource(deps, plan);
  } catch (error) {
    if (error instanceof SourceUnavailableError)
      return record({ status: 'FAILED', compared: 0, changed: 0, reasons: [error.message] });
    throw error;
  }

  const csm = deps.csm(by.principal);
  let detailFields;
  try {
    detailFields = await csm.getDetailFields();
  } catch (error) {
    if (!(error instanceof CsmError)) throw error;
    const waits = waitsForUser(error);
    return record({
      status: waits ? 'WAITING' : 'FAILED',
      compared: 0,
      changed: 0,
      reasons: [describeCsmError(error)],
    });
  }

  const imported = readImport({ text, kind: plan.kind }, { detailFields });
  const errors = imported.problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    const reasons = errors
      .slice(0, MAX_REASONS)
      .map((problem) =>
        problem.row === null
          ? problem.message
          : `Row ${problem.row}${problem.column ? `, ${problem.column}` : ''}: ${problem.message}`,
      );
    if (errors.length > MAX_REASONS) reasons.push(`… and ${errors.length - MAX_REASONS} more problems.`);
    return record({ status: 'FAILED', compared: imported.rowCount, changed: 0, reasons });
  }

  const snapshot = decodeSnapshot(await deps.plans.getParts(plan.id, 'snapshot'));
  const resend = new Set(decodeSnapshot(await deps.plans.getParts(plan.id, 'resend')).keys());
  const diff = diffAgainstSnapshot(imported.operations, snapshot, plan.matchBy, resend);
  if (resend.size > 0) await deps.plans.putParts(plan.id, 'resend', []);
  if (diff.changes.length === 0) return record({ status: 'UNCHANGED', compared: diff.compared, changed: 0 });

  // Written before the job exists, so a job that ends at once still finds which key each row was.
  await deps.plans.putParts(
    plan.id,
    'pending',
    encodeEntries(diff.changes.map((change) => [change.key, change.fingerprint])),
  );
  try {
    const job = await createJob(deps, {
      kind: plan.kind,
      operations: diff.changes.map((change) => change.operation),
      ownerAccountId: plan.ownerAccountId,
      fileName: `sync: ${plan.name}`,
      rows: diff.changes.length,
      skippedRows: 0,
      requestsSoFar: csm.counts,
    });
    return record({ status: 'RUNNING', compared: diff.compared, changed: diff.changes.length, jobId: job.id });
  } catch (error) {
    if (error instanceof JobInputError)
      return record({
        status: 'FAILED',
        compared: diff.compared,
        changed: diff.changes.length,
        reasons: [error.message],
      });
    throw error;
  }
}

export async function readSyncSource(deps: SyncDeps, plan: SyncPlan): Promise<string> {
  if (plan.source.kind === 'url') return deps.fetchSource(plan.source.url);
  const parts = await deps.plans.getParts(plan.id, 'source');
  if (parts.length === 0)
    throw new SourceUnavailableError(
      `The plan "${plan.name}" has no source file. Upload the file again on the Sync plans page.`,
    );
  return parts.join('');
}
