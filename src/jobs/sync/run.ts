import type { CsmClient } from '../../csm/client';
import { CsmError, describeCsmError, waitsForUser } from '../../csm/errors';
import type { Principal } from '../../csm/principal';
import type { ImportProblem } from '../../domain/import';
import type { KeyMatch } from '../../domain/mapping/keyMatch';
import {
  idKey,
  isBulkRow,
  nameKey,
  type JobOperation,
  type ProfileRowOperation,
  type RowOperation,
} from '../../domain/operations';
import { planMembershipsSync } from './memberships';
import {
  alreadySettled,
  decodeSnapshot,
  diffAgainstSnapshot,
  encodeEntries,
  encodeSnapshot,
  matchOfRun,
  removedRows,
  sourceHash,
  withoutDropped,
  type SyncDiff,
  type SyncPlan,
  type SyncRun,
  type SyncRuns,
} from '../../domain/sync';
import { SOURCE_HOLDING, SourceUnavailableError } from '../../sources/fetchSource';
import { joined, PieceGatherer, type SourceText, type TextPieces } from '../../domain/text/pieces';
import { newJobId } from '../../store/keys';
import { claimPlan, type RunGoing } from './claim';
import { keepRemovedAside } from './removed';
import { KEY_SCAN_LIMITS } from '../lifecycle/keyMatch';
import { planMapping, readAgainstSite } from './mappedSource';
import { createJob, JobInputError } from '../lifecycle/startJob';
import type { SyncDeps } from './deps';
import { planWith, recordRun, rewriteRun, runsOf, SyncClaimLostError } from './history';
import { settleClaimed, settleRun } from './settle';

const MAX_REASONS = 20;

export type SyncRunResult = { plan: SyncPlan; run: SyncRun; started: boolean };
/** A run refused because another run of the plan is going (see jobs/syncClaim.ts). */
export type SyncRunRefused = { plan: SyncPlan; going: RunGoing };

/** What a claimed piece of work answers, and whether it left the claim to the job it started. */
export interface ClaimedWork<T> {
  value: T;
  jobStarted: boolean;
}

/**
 * Runs `work` holding the plan's claim, or answers `going` while another run holds it. The claim is given back when
 * the work ends without a job; a job it started keeps it until that job is settled (jobs/syncSettle.ts).
 */
export async function withPlanClaim<T>(
  deps: SyncDeps,
  planId: string,
  work: (token: string) => Promise<ClaimedWork<T>>,
): Promise<ClaimedWork<T> | { going: RunGoing }> {
  const claimed = await claimPlan(deps, planId, (token, jobId) => settleClaimed(deps, planId, token, jobId));
  if ('going' in claimed) return claimed;
  const { token } = claimed;
  let keepClaim = false;
  try {
    const done = await work(token);
    keepClaim = done.jobStarted;
    return done;
  } catch (error) {
    const now = await deps.plans.getClaim(planId);
    // A claim that names a job stays for its settling, whatever happened after it was named; a claim taken over
    // (this run was taken for dead) is another run's.
    keepClaim = now?.token !== token || now.jobId !== undefined;
    if (!(error instanceof SyncClaimLostError)) throw error;
    return { going: { since: now?.claimedAt ?? deps.clock.now(), ...(now?.jobId ? { jobId: now.jobId } : {}) } };
  } finally {
    if (!keepClaim) await deps.plans.releaseClaim(planId, token);
  }
}

/**
 * One run of a plan, once at a time (a second one answers `going`): read the source → validate (errors: a failed
 * run, nothing sent) → diff against what earlier runs applied → a job with only the changed rows. No change, no job,
 * no write request; the same source as the last settled run, no CSM call at all.
 */
export async function runSync(
  deps: SyncDeps,
  planId: string,
  by: { principal: Principal; trigger: SyncRun['trigger'] },
): Promise<SyncRunResult | SyncRunRefused | undefined> {
  if (!(await deps.plans.getPlan(planId))) return undefined;
  const outcome = await withPlanClaim(deps, planId, async (token) => {
    const plan = await deps.plans.getPlan(planId);
    if (!plan) return { value: undefined, jobStarted: false };
    return runClaimed(deps, plan, token, by);
  });
  if (!('going' in outcome)) return outcome.value;
  const plan = await deps.plans.getPlan(planId);
  return plan ? { plan: await settleRun(deps, plan), going: outcome.going } : undefined;
}

type RunFields = Omit<SyncRun, 'at' | 'trigger' | 'succeeded' | 'failed'> & Partial<SyncRun>;
/** Records the run (with the settled source, or `null` to clear it) and answers it as the claimed work's value. */
type RecordRun = (
  run: RunFields,
  settledSource?: SyncRuns['settledSource'] | null,
) => Promise<ClaimedWork<SyncRunResult>>;

/** The run itself, holding the plan's claim (`token`). */
export async function runClaimed(
  deps: SyncDeps,
  plan: SyncPlan,
  token: string,
  by: { principal: Principal; trigger: SyncRun['trigger'] },
): Promise<ClaimedWork<SyncRunResult>> {
  const at = deps.clock.now();
  const record: RecordRun = async (run, settledSource) => {
    const full: SyncRun = { at, trigger: by.trigger, succeeded: 0, failed: 0, ...run };
    const runs = await recordRun(deps, plan.id, token, full, settledSource);
    return { value: { plan: planWith(plan, runs), run: full, started: false }, jobStarted: false };
  };

  let text: SourceText;
  try {
    text = await readSyncSource(deps, plan);
  } catch (error) {
    if (error instanceof SourceUnavailableError)
      return record({ status: 'FAILED', compared: 0, changed: 0, reasons: [error.message] });
    throw error;
  }

  const mapped = await planMapping(deps, plan);
  if ('refused' in mapped) return record({ status: 'FAILED', compared: 0, changed: 0, reasons: [mapped.refused] });
  const { mapping } = mapped;
  const hash = sourceHash(text, plan, mapping);
  if (plan.kind === 'memberships') return runMemberships(deps, plan, text, { token, at, record, by, hash });
  const resend = new Set(decodeSnapshot(await deps.plans.getParts(plan.id, 'resend')).keys());
  const { settledSource } = await runsOf(deps, plan.id);
  if (settledSource && alreadySettled(settledSource, hash, resend.size))
    return record({ status: 'UNCHANGED', compared: settledSource.rows, changed: 0, sourceHash: hash });

  const csm = deps.csm(by.principal);
  // A scheduled run has minutes; one started from the page or the CLI answers within a resolver's time.
  const keyScan = by.trigger === 'schedule' ? KEY_SCAN_LIMITS.background : KEY_SCAN_LIMITS.resolver;
  const checked = await readAgainstSite(csm, { text, kind: plan.kind, mapping }, keyScan);
  if ('refused' in checked) return record({ ...checked.refused, compared: 0, changed: 0 });
  const { imported, keyMatches } = checked;
  const reasons = problemReasons(imported.problems, plan.source.kind === 'url' ? plan.source.url : undefined);
  if (reasons.length > 0) return record({ status: 'FAILED', compared: imported.rowCount, changed: 0, reasons });

  const snapshot = decodeSnapshot(await deps.plans.getParts(plan.id, 'snapshot'));
  // A sync plan's source is a profiles file: every row is a bulk row.
  const rows = imported.operations.filter(isBulkRow);
  const matchBy = matchOfRun(plan.matchBy, mapping);
  const diff = withoutMatched(diffAgainstSnapshot(rows, snapshot, matchBy, resend), keyMatches);
  if (resend.size > 0) await deps.plans.putParts(plan.id, 'resend', []);
  // Either way the snapshot forgets them, so one that comes back is compared again; a 'delete' plan keeps them aside
  // for the admin to review and delete (syncRemoved.ts): a run never deletes by itself.
  await keepRemovedAside(deps, { ...plan, matchBy }, diff.removed, rows.filter(isProfileRow));
  const removed =
    diff.removed.length > 0 ? { ...removedRows(diff.removed), action: plan.removedFromSource } : undefined;
  if (diff.dropped.length > 0)
    await deps.plans.putParts(plan.id, 'snapshot', encodeSnapshot(withoutDropped(snapshot, diff.dropped)));
  const found = { compared: diff.compared, sourceHash: hash, ...(removed ? { removed } : {}) };
  if (diff.changes.length === 0)
    return record({ status: 'UNCHANGED', changed: 0, ...found }, { hash, rows: diff.compared });
  const pending = diff.changes.map((change): [string, string] => [change.key, change.fingerprint]);
  const changes = { operations: diff.changes.map((change) => change.operation), pending };
  return startRunJob(deps, plan, { token, at, csm, record }, changes, found);
}

/** A memberships plan's run: compared with the site every time (see planMembershipsSync), no snapshot. */
async function runMemberships(
  deps: SyncDeps,
  plan: SyncPlan,
  text: SourceText,
  run: { token: string; at: number; record: RecordRun; by: { principal: Principal }; hash: string },
): Promise<ClaimedWork<SyncRunResult>> {
  const csm = deps.csm(run.by.principal);
  let planned;
  try {
    planned = await planMembershipsSync(csm, plan, text);
  } catch (error) {
    if (!(error instanceof CsmError)) throw error;
    const status = waitsForUser(error) ? 'WAITING' : 'FAILED';
    return run.record({ status, compared: 0, changed: 0, reasons: [describeCsmError(error)] });
  }
  const { compared } = planned;
  if (planned.refused) return run.record({ status: 'FAILED', compared, changed: 0, reasons: planned.reasons });
  if (planned.changes.length === 0) return run.record({ status: 'UNCHANGED', compared, changed: 0 });
  const operations = planned.changes;
  return startRunJob(deps, plan, { ...run, csm }, { operations, pending: [] }, { compared, sourceHash: run.hash });
}

/** The run's job, with only the changed rows; the run is RUNNING until the job is settled (syncSettle.ts). */
async function startRunJob(
  deps: SyncDeps,
  plan: SyncPlan,
  run: { token: string; at: number; csm: CsmClient; record: RecordRun },
  changes: { operations: JobOperation[]; pending: [string, string][] },
  found: Pick<RunFields, 'compared' | 'sourceHash' | 'removed'>,
): Promise<ClaimedWork<SyncRunResult>> {
  const { token, at, csm } = run;
  const { operations } = changes;
  // Written before the job exists, so a job that ends at once still finds which key each row was.
  await deps.plans.putParts(plan.id, 'pending', encodeEntries(changes.pending));
  // The claim names the job before it exists, and the run is in the history before it: whoever finds the job
  // ended (or never made) settles this run, and nothing can start a second job meanwhile.
  const jobId = newJobId(deps.clock.now(), deps.random);
  if (!(await deps.plans.updateClaim(plan.id, { token, claimedAt: at, jobId }))) throw new SyncClaimLostError(plan.id);
  const running = await run.record({ status: 'RUNNING', changed: operations.length, jobId, ...found }, null);
  try {
    await createJob(deps, {
      id: jobId,
      kind: plan.kind,
      operations,
      ownerAccountId: plan.ownerAccountId,
      fileName: `sync: ${plan.name}`,
      rows: operations.length,
      skippedRows: 0,
      requestsSoFar: csm.counts,
    });
    return { value: { ...running.value, started: true }, jobStarted: true };
  } catch (error) {
    if (!(error instanceof JobInputError)) throw error;
    // No job: the claim no longer names one, and is given back with the run failed.
    await deps.plans.updateClaim(plan.id, { token, claimedAt: at });
    const runs = await rewriteRun(deps, plan.id, token, jobId, ({ jobId: _none, ...rest }) => ({
      ...rest,
      status: 'FAILED',
      reasons: [error.message],
    }));
    await deps.plans.putParts(plan.id, 'pending', []);
    return { value: { plan: planWith(plan, runs), run: runs.history[0], started: false }, jobStarted: false };
  }
}

/**
 * The errors of a source as a run (or a save, see resolvers/syncHandlers.ts) reports them: at most MAX_REASONS, each
 * naming its row and column once (the message says where: "Row 3, column "Region": …"); `url`: a URL source's.
 */
export function problemReasons(problems: ImportProblem[], url?: string): string[] {
  const errors = problems.filter((problem) => problem.severity === 'error');
  // A URL source is no file: what the import calls "the file" is what the URL serves.
  const reasons = errors
    .slice(0, MAX_REASONS)
    .map((problem) => (url ? problem.message.replace(/^The file\b/, `What ${url} serves`) : problem.message));
  if (errors.length > MAX_REASONS) reasons.push(`… and ${errors.length - MAX_REASONS} more problems.`);
  return reasons;
}

/**
 * A plan's source as a run reads it: a URL source in the pieces it arrived in, a file in its stored parts gathered
 * into pieces. Neither is joined (domain/text/pieces.ts), unless SOURCE_HOLDING says to hold it whole, as runs did
 * before; readImport takes the pieces (hash them first).
 */
export async function readSyncSource(deps: SyncDeps, plan: SyncPlan): Promise<SourceText> {
  const pieces = plan.source.kind === 'url' ? await deps.fetchSource(plan.source.url) : await storedSource(deps, plan);
  return SOURCE_HOLDING.whole ? joined(pieces) : pieces;
}

/** The stored parts (200 KB each, cut anywhere) gathered into pieces that end at line ends, as a URL source's. */
async function storedSource(deps: SyncDeps, plan: SyncPlan): Promise<TextPieces> {
  const parts = await deps.plans.getParts(plan.id, 'source');
  if (parts.length === 0)
    throw new SourceUnavailableError(
      `The plan "${plan.name}" has no source file. Upload the file again on the Sync plans page.`,
    );
  const pieces = new PieceGatherer();
  for (const part of parts) pieces.add(part);
  return pieces.done();
}

/**
 * A row found by its key is the organization holding it, by its id and by the name it has now: neither is removed
 * from the source (the row renames it, or an earlier run applied it by name before its key was found).
 */
function withoutMatched(diff: SyncDiff, matches: readonly KeyMatch[]): SyncDiff {
  if (matches.length === 0) return diff;
  const standFor = new Set(matches.flatMap((match) => [idKey(match.id), nameKey(match.name)]));
  return { ...diff, removed: diff.removed.filter((key) => !standFor.has(key)) };
}

function isProfileRow(op: RowOperation): op is ProfileRowOperation {
  return op.kind === 'profiles';
}
