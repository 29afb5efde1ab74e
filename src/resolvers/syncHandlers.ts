import { presentUser } from '../csm/principal';
import type { SyncPlan } from '../domain/sync';
import type { EngineDeps } from '../jobs/deps';
import { withSync, type SyncDeps } from '../jobs/sync/deps';
import { describeRunGoing } from '../jobs/sync/claim';
import { readSyncSource, runSync } from '../jobs/sync/run';
import { planMembershipsSync } from '../jobs/sync/memberships';
import { SourceUnavailableError } from '../sources/fetchSource';
import { sourceFileRefusal, sourceOriginRefusal } from '../jobs/sync/sourceCheck';
import { mappingRefusal } from '../jobs/sync/mappedSource';
import type { Mapping } from '../domain/mapping/mapping';
import { deleteRemoved, removedToDelete } from '../jobs/sync/removed';
import { settleRun } from '../jobs/sync/settle';
import { verifySync } from '../jobs/sync/verify';
import { splitTextByBytes } from '../domain/text/parts';
import type { SourceText } from '../domain/text/pieces';
import type { ResolverAnswer, ResolverName, ResolverRequest } from './contract';
import { ResolverFailure, type Caller } from './resolverFailure';
import { fileText as uploadedText } from './fileSource';

type Payload<K extends ResolverName> = ResolverRequest<K>;
type Answer<K extends ResolverName> = Promise<ResolverAnswer<K>>;

/** A verify answer lists at most this many drifted rows, each with what differs; `driftedTotal` counts them all. */
export const DRIFTED_PER_ANSWER = 500;

/** A preview of the organizations removed from a source lists at most this many; `total` counts them all. */
export const REMOVED_PER_ANSWER = 500;

function newPlanId(now: number, random: () => number): string {
  return `plan-${now.toString(36)}-${Math.floor(random() * 36 ** 4).toString(36)}`;
}

async function mustFindPlan(deps: SyncDeps, planId: string): Promise<SyncPlan> {
  const plan = await deps.plans.getPlan(planId);
  if (!plan)
    throw new ResolverFailure(
      'NOT_FOUND',
      `There is no sync plan ${planId}. It may have been deleted; reload the page.`,
    );
  return plan;
}

/** The sync plan resolvers; `syncDeps` lets tests swap the plan store or the URL fetcher. */
export function syncHandlers(syncDeps: (deps: EngineDeps) => SyncDeps = (deps) => withSync(deps)) {
  return {
    listSyncPlans: (deps: EngineDeps) => listSyncPlans(syncDeps(deps)),
    saveSyncPlan: (deps: EngineDeps, payload: Payload<'saveSyncPlan'>, caller: Caller) =>
      saveSyncPlan(syncDeps(deps), payload, caller),
    deleteSyncPlan: (deps: EngineDeps, payload: Payload<'deleteSyncPlan'>) => deleteSyncPlan(syncDeps(deps), payload),
    runSyncNow: (deps: EngineDeps, payload: Payload<'runSyncNow'>) => runSyncNow(syncDeps(deps), payload),
    deleteRemovedFromSource: (deps: EngineDeps, payload: Payload<'deleteRemovedFromSource'>, caller: Caller) =>
      deleteRemovedFromSource(syncDeps(deps), payload, caller),
    verifySync: (deps: EngineDeps, payload: Payload<'verifySync'>) => verifySyncPlan(syncDeps(deps), payload),
    previewSyncPlan: (deps: EngineDeps, payload: Payload<'previewSyncPlan'>) =>
      previewSyncPlan(syncDeps(deps), payload),
  };
}

/** A preview lists at most this many of a memberships plan's changes; the counts have them all. */
export const CHANGES_PER_PREVIEW = 200;

async function previewSyncPlan(sync: SyncDeps, payload: Payload<'previewSyncPlan'>): Answer<'previewSyncPlan'> {
  const plan = await mustFindPlan(sync, payload.planId);
  if (plan.kind !== 'memberships')
    throw new ResolverFailure('INVALID_INPUT', `"${plan.name}" keeps profiles: check it with "Verify" instead.`);
  let text: SourceText;
  try {
    text = await readSyncSource(sync, plan);
  } catch (error) {
    if (error instanceof SourceUnavailableError) throw new ResolverFailure('INVALID_INPUT', error.message);
    throw error;
  }
  const planned = await planMembershipsSync(sync.csm(presentUser), plan, text);
  if (planned.refused) throw new ResolverFailure('INVALID_INPUT', planned.reasons.join(' '));
  const { compared, add, remove, fail } = planned;
  const changes = planned.changes.slice(0, CHANGES_PER_PREVIEW).map((op) => ({
    row: op.row,
    operation: op.operation,
    organization: op.organization.name ?? `organization ${op.organization.id}`,
    customer: op.customer.email ?? op.customer.accountId ?? '',
  }));
  return { compared, add, remove, fail, changes };
}

async function listSyncPlans(sync: SyncDeps): Answer<'listSyncPlans'> {
  const plans: SyncPlan[] = [];
  for (const plan of await sync.plans.listPlans()) plans.push(await settleRun(sync, plan));
  return { plans };
}

async function saveSyncPlan(sync: SyncDeps, payload: Payload<'saveSyncPlan'>, caller: Caller): Answer<'saveSyncPlan'> {
  const now = sync.clock.now();
  const originRefusal = payload.source.kind === 'url' ? sourceOriginRefusal(payload.source.url) : undefined;
  if (originRefusal) throw new ResolverFailure('INVALID_INPUT', originRefusal);
  const existing = payload.planId ? await sync.plans.getPlan(payload.planId) : undefined;
  const mapping = await chosenMapping(sync, payload);
  const fileText = await sourceFileText(sync, payload.source, existing, caller);
  const plan: SyncPlan = {
    id: existing?.id ?? payload.planId ?? newPlanId(now, sync.random),
    name: payload.name,
    // Whoever saves the plan answers for it: scheduled runs act as them.
    ownerAccountId: caller.accountId,
    source:
      payload.source.kind === 'url'
        ? { kind: 'url', url: payload.source.url }
        : { kind: 'file', fileName: payload.source.fileName },
    schedule: payload.schedule,
    kind: payload.kind,
    matchBy: payload.matchBy,
    removedFromSource: payload.removedFromSource,
    ...(payload.mappingName !== undefined ? { mappingName: payload.mappingName.trim() } : {}),
    enabled: payload.enabled,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    lastRunAt: existing?.lastRunAt,
    history: existing?.history ?? [],
  };
  if (fileText !== undefined) {
    const fileName = payload.source.kind === 'file' ? payload.source.fileName : undefined;
    const fileRefusal = await sourceFileRefusal(sync, fileText, fileName, plan.kind, mapping);
    if (fileRefusal) throw new ResolverFailure('INVALID_INPUT', fileRefusal.message, fileRefusal.problems);
    await sync.plans.putParts(plan.id, 'source', splitTextByBytes(fileText));
  }
  await sync.plans.putPlan(plan);
  return plan;
}

/** The saved mapping a plan is to read its source with, as saved now; a missing or unfit one is refused, naming it. */
async function chosenMapping(sync: SyncDeps, payload: Payload<'saveSyncPlan'>): Promise<Mapping | undefined> {
  if (payload.mappingName === undefined) return undefined;
  const saved = await sync.store.mappings.get(payload.mappingName);
  const refused = mappingRefusal(payload.mappingName, saved, payload.kind);
  if (refused !== undefined) throw new ResolverFailure('INVALID_INPUT', `The plan was not saved. ${refused}`);
  return saved!.mapping;
}

/**
 * The file a saved plan keeps: sent inline, or uploaded (the upload is then deleted); none when the plan reads a URL
 * or keeps the file it had. A new file source without a file is refused.
 */
async function sourceFileText(
  deps: EngineDeps,
  source: Payload<'saveSyncPlan'>['source'],
  existing: SyncPlan | undefined,
  caller: Caller,
): Promise<string | undefined> {
  if (source.kind !== 'file') return undefined;
  if (source.text !== undefined) return source.text;
  if (source.uploadId !== undefined) {
    const text = await uploadedText(deps, { uploadId: source.uploadId }, caller);
    await deps.store.uploads.delete(source.uploadId);
    return text;
  }
  if (existing?.source.kind !== 'file')
    throw new ResolverFailure(
      'INVALID_INPUT',
      'A file source needs a file: choose the file that holds the organizations.',
    );
  return undefined;
}

async function deleteSyncPlan(sync: SyncDeps, payload: Payload<'deleteSyncPlan'>): Answer<'deleteSyncPlan'> {
  await mustFindPlan(sync, payload.planId);
  await sync.plans.deletePlan(payload.planId);
  return { planId: payload.planId, deleted: true };
}

async function runSyncNow(sync: SyncDeps, payload: Payload<'runSyncNow'>): Answer<'runSyncNow'> {
  await mustFindPlan(sync, payload.planId);
  const result = await runSync(sync, payload.planId, { principal: presentUser, trigger: 'manual' });
  if (!result) throw new ResolverFailure('NOT_FOUND', `There is no sync plan ${payload.planId}.`);
  // A second "Run now" (two clicks, two admins, the hourly run at the same moment) starts no second job.
  if ('going' in result)
    throw new ResolverFailure('RUN_GOING', describeRunGoing(result.plan.name, result.going), [result.going]);
  return result;
}

/** Without `confirm`, the review of what would be deleted; with it, the delete job of what was reviewed. */
async function deleteRemovedFromSource(
  sync: SyncDeps,
  payload: Payload<'deleteRemovedFromSource'>,
  caller: Caller,
): Answer<'deleteRemovedFromSource'> {
  const plan = await mustFindPlan(sync, payload.planId);
  if (plan.removedFromSource !== 'delete')
    throw new ResolverFailure(
      'INVALID_INPUT',
      `The plan "${plan.name}" leaves organizations removed from its source as they are: choose to review and delete them in the plan first.`,
    );
  if (!payload.confirm) return reviewRemoved(sync, plan);
  if (payload.reviewed === undefined)
    throw new ResolverFailure('INVALID_INPUT', 'Review the organizations removed from the source first.');
  return confirmRemoved(sync, plan, payload.reviewed, caller);
}

async function reviewRemoved(sync: SyncDeps, plan: SyncPlan): Answer<'deleteRemovedFromSource'> {
  const { organizations, gone, reviewed } = await removedToDelete(sync, plan, sync.csm(presentUser));
  return {
    total: organizations.length,
    gone,
    organizations: organizations.slice(0, REMOVED_PER_ANSWER),
    reviewed,
    started: undefined,
  };
}

async function confirmRemoved(
  sync: SyncDeps,
  plan: SyncPlan,
  reviewed: string,
  caller: Caller,
): Answer<'deleteRemovedFromSource'> {
  const csm = sync.csm(presentUser);
  const { job, existing, gone, changed } = await deleteRemoved(sync, plan, csm, caller.accountId, reviewed);
  if (changed)
    throw new ResolverFailure(
      'INVALID_INPUT',
      `The organizations removed from the source of "${plan.name}" changed since you reviewed them (a run found more, or some came back): nothing was deleted. Review them again.`,
    );
  if (!job && existing)
    throw new ResolverFailure(
      'INVALID_INPUT',
      'Another admin has just confirmed deleting them: open the Jobs tab, or review them again in a moment.',
    );
  if (!job)
    throw new ResolverFailure(
      'INVALID_INPUT',
      gone > 0
        ? `The ${gone === 1 ? 'organization' : `${gone} organizations`} removed from the source ${gone === 1 ? 'is' : 'are'} already gone from the site: nothing to delete.`
        : `No organization removed from the source of "${plan.name}" waits to be deleted.`,
    );
  return { total: job.operations, gone, organizations: [], reviewed, started: { id: job.id, existing } };
}

async function verifySyncPlan(sync: SyncDeps, payload: Payload<'verifySync'>): Answer<'verifySync'> {
  await mustFindPlan(sync, payload.planId);
  const verification = await verifySync(sync, payload.planId, {
    principal: presentUser,
    includeInNextRun: payload.includeInNextRun,
  });
  return {
    ...verification,
    drifted: verification.drifted.slice(0, DRIFTED_PER_ANSWER),
    driftedTotal: verification.drifted.length,
  };
}
