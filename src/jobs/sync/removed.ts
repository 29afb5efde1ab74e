import type { CsmClient } from '../../csm/client';
import { fnv1a64Hex } from '../../domain/plan';
import { decodeEntries, encodeEntries, removedLookup, removedOnSite, syncKey, type SyncPlan } from '../../domain/sync';
import type { JobRecord } from '../../domain/job';
import type { DeletionRowOperation, ProfileRowOperation } from '../../domain/operations';
import { newJobId } from '../../store/keys';
import { createJob } from '../lifecycle/startJob';
import type { SyncDeps } from './deps';

/**
 * Organizations removed from a 'delete' plan's source: each run that finds some keeps their keys aside (they leave
 * the snapshot all the same), and the plan offers them for deletion. Nothing is deleted until the admin has seen
 * them, looked up on the site by id, and confirmed: then one delete job of the engine deletes exactly those ids.
 */

/**
 * Kept-aside keys are stored as snapshot entries are (encodeEntries), each with the time it was kept aside as its
 * 16-character fingerprint: a set kept aside again after an earlier one was deleted is another set (another review,
 * another delete job), never the finished job of the first.
 */
function keptAt(now: number): string {
  return String(Math.floor(now)).padStart(16, '0').slice(-16);
}

/** Adds what a run found removed to the keys kept aside, less any the source lists again. */
export async function keepRemovedAside(
  deps: SyncDeps,
  plan: SyncPlan,
  removed: readonly string[],
  sourceRows: readonly ProfileRowOperation[],
): Promise<void> {
  // A 'leave' plan reads nothing more (keys kept aside while it was a 'delete' plan wait, not offered).
  if (plan.removedFromSource !== 'delete') return;
  const kept = new Map(decodeEntries(await deps.plans.getParts(plan.id, 'removed')));
  const stamp = keptAt(deps.clock.now());
  for (const key of removed) if (!kept.has(key)) kept.set(key, stamp);
  const back = new Set(sourceRows.map((op) => syncKey(op, plan.matchBy)));
  for (const key of [...kept.keys()]) if (back.has(key)) kept.delete(key);
  await deps.plans.putParts(plan.id, 'removed', encodeEntries(kept));
}

export interface RemovedToDelete {
  /** The organizations still on the site, by id (the first `shown` of them listed). */
  organizations: { id: string; name: string }[];
  /** Keys kept aside whose organization is already gone. */
  gone: number;
  keys: string[];
  /** Names this exact set of kept-aside keys: a confirm must bring back the one its review showed. */
  reviewed: string;
}

/** The organizations kept aside for deletion, looked up on the site now (50 a read), as the admin present. */
export async function removedToDelete(deps: SyncDeps, plan: SyncPlan, csm: CsmClient): Promise<RemovedToDelete> {
  const entries = decodeEntries(await deps.plans.getParts(plan.id, 'removed'));
  const keys = entries.map(([key]) => key);
  const reviewed = fnv1a64Hex(entries.map(([key, stamp]) => `${stamp}${key}`).join('\n'));
  if (keys.length === 0) return { organizations: [], gone: 0, keys, reviewed };
  const { ids, names } = removedLookup(keys);
  const found = await csm.fetchOrganizations({ ids, names });
  return { ...removedOnSite(keys, found), keys, reviewed };
}

/**
 * Starts the delete job of exactly the set the admin reviewed (`reviewed`, from removedToDelete), once: a second
 * confirm (two clicks, two admins) answers the job the first one started; a set that changed since the review (a run
 * kept more aside, or one came back to the source) is refused, to be reviewed again. The keys it takes are no longer
 * offered.
 */
export async function deleteRemoved(
  deps: SyncDeps,
  plan: SyncPlan,
  csm: CsmClient,
  ownerAccountId: string,
  reviewed: string,
): Promise<{ job?: JobRecord; existing: boolean; gone: number; changed?: true }> {
  const removed = await removedToDelete(deps, plan, csm);
  if (removed.keys.length === 0) return { existing: false, gone: 0 };
  if (removed.reviewed !== reviewed) return { existing: false, gone: removed.gone, changed: true };
  const batch = `${plan.id}-${removed.reviewed}`;
  const id = newJobId(deps.clock.now(), deps.random);
  const winner = await deps.store.jobs.claimFollowUp(batch, 'deleteRemoved', id);
  if (winner !== id) {
    // The other confirm's job may be a moment from being stored; this one never makes a second.
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const job = await deps.store.jobs.get(winner);
      if (job) return { job, existing: true, gone: removed.gone };
      await deps.clock.sleep(250);
    }
    return { existing: true, gone: removed.gone };
  }
  const operations: DeletionRowOperation[] = removed.organizations.map((org, index) => ({
    index,
    row: index + 1,
    kind: 'deletions',
    organizationId: org.id,
    name: org.name,
  }));
  const job =
    operations.length > 0
      ? await createJob(deps, {
          id,
          kind: 'deletions',
          operations,
          ownerAccountId,
          fileName: `sync: ${plan.name} (removed from the source)`,
          rows: operations.length,
          skippedRows: 0,
          requestsSoFar: csm.counts,
        })
      : undefined;
  // Only the keys this job took: a run that kept more aside meanwhile leaves them offered.
  const taken = new Set(removed.keys);
  const left = decodeEntries(await deps.plans.getParts(plan.id, 'removed')).filter(([key]) => !taken.has(key));
  await deps.plans.putParts(plan.id, 'removed', encodeEntries(left));
  return { job, existing: false, gone: removed.gone };
}
