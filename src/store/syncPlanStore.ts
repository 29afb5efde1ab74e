import { Filter, FilterConditions, kvs } from '@forge/kvs';
import { batchDelete, batchGet, queryAll } from './kvsBatch';
import { isConditionRefused } from './storageErrors';
import { DEFAULT_REMOVED_FROM_SOURCE, type SyncPlan, type SyncRuns } from '../domain/sync';
import { legacyTextKeys, readText, readHead, textHeadKey, textPartKeys, writeText, type SyncText } from './syncTexts';

/**
 * A plan's claim: the one run of it that may go on (jobs/sync/claim.ts). `jobId` is set before the run's job is
 * created, so a claim names the job whose end releases it.
 */
export interface SyncClaim {
  token: string;
  claimedAt: number;
  jobId?: string;
}

/**
 * Sync plans, the file each keeps as its desired state, what its runs applied, its runs' history and its claim.
 * Large texts are split into parts (domain/text/parts.ts): a storage value holds at most 240 KiB.
 *
 * The plan as saved and its runs are two records: saving a plan never writes its history, and the history is written
 * only under the plan's claim (a transaction that checks the claim is the writer's), so no write of one run, of a
 * save or of a listing takes away another run's entry.
 */
export interface SyncPlanStore {
  listPlans(): Promise<SyncPlan[]>;
  getPlan(planId: string): Promise<SyncPlan | undefined>;
  /** Writes the plan as saved (its history and last run are its runs', and are not written here). */
  putPlan(plan: SyncPlan): Promise<void>;
  deletePlan(planId: string): Promise<void>;
  getParts(planId: string, what: SyncText): Promise<string[]>;
  putParts(planId: string, what: SyncText, parts: string[]): Promise<void>;
  getRuns(planId: string): Promise<SyncRuns | undefined>;
  /** Writes the runs only while `token` holds the plan's claim: false (nothing written) once another run took it. */
  putRuns(planId: string, runs: SyncRuns, token: string): Promise<boolean>;
  getClaim(planId: string): Promise<SyncClaim | undefined>;
  /**
   * Stores `claim` if the plan has none, or (with `over`) if the one it has is still `over`'s: one conditional
   * write, so of two runs racing exactly one gets true.
   */
  claim(planId: string, claim: SyncClaim, over?: string): Promise<boolean>;
  /** Rewrites the claim (to name its job) only while it is still `claim.token`'s. */
  updateClaim(planId: string, claim: SyncClaim): Promise<boolean>;
  /** Gives the claim back, only if it is still `token`'s. */
  releaseClaim(planId: string, token: string): Promise<void>;
}

export type { SyncText } from './syncTexts';

/** A custom entity (manifest.yml, app.storage.entities): only entities take conditions in a transaction. */
export const SYNC_CLAIM_ENTITY = 'sync-run-claim';
const claimEntity = { entityName: SYNC_CLAIM_ENTITY };
const claimHeldBy = (token: string) => ({
  ...claimEntity,
  conditions: new Filter<SyncClaim>().and('token', FilterConditions.equalTo(token)),
});

const KEY_PATTERN = /^[a-zA-Z0-9:._\s\-#]+$/;
const PLAN_PREFIX = 'sync-plan:';
function checkedPlanId(planId: string): string {
  if (!KEY_PATTERN.test(planId) || planId.length > 60)
    throw new Error(`"${planId.slice(0, 80)}" cannot be a sync plan id (letters, digits, - and _ only).`);
  return planId;
}
/**
 * The ids of the plans, under one key besides each plan's own: [docs] a query may not see a plan saved a moment ago
 * (kvs reference). The list is read with the query (for a plan the list missed: two saves of new plans racing) and
 * every plan is then read by key, so a plan just saved or changed is listed as it is.
 */
const PLAN_IDS_KEY = 'sync-plan-ids';
const planKey = (planId: string) => `${PLAN_PREFIX}${checkedPlanId(planId)}`;
const runsKey = (planId: string) => `sync-runs:${checkedPlanId(planId)}`;
const claimKey = (planId: string) => `sync-claim:${checkedPlanId(planId)}`;

/** As stored: plans saved before runs had their own record keep their history in the plan. */
type StoredPlan = Omit<SyncPlan, 'removedFromSource'> & Partial<Pick<SyncPlan, 'removedFromSource'>>;

function withRuns(stored: StoredPlan, runs: SyncRuns | undefined): SyncPlan {
  return {
    ...stored,
    removedFromSource: stored.removedFromSource ?? DEFAULT_REMOVED_FROM_SOURCE,
    lastRunAt: runs ? runs.lastRunAt : stored.lastRunAt,
    history: runs ? runs.history : (stored.history ?? []),
  };
}

function getRuns(planId: string): Promise<SyncRuns | undefined> {
  return kvs.get<SyncRuns>(runsKey(planId));
}

/** True when the write went through, false when its condition was not met. */
async function conditional(write: Promise<void>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionRefused(error)) return false;
    throw error;
  }
}

export const kvsSyncPlanStore: SyncPlanStore = {
  async listPlans() {
    const [queried, listed] = await Promise.all([queryAll<StoredPlan>(PLAN_PREFIX), kvs.get<string[]>(PLAN_IDS_KEY)]);
    const ids = [...new Set([...queried.map((entry) => entry.value.id), ...(listed ?? [])])];
    const plans = await batchGet<StoredPlan>(ids.map(planKey), 'the sync plans');
    const stored = ids.flatMap((id) => plans.get(planKey(id)) ?? []);
    const runs = await batchGet<SyncRuns>(
      stored.map((plan) => runsKey(plan.id)),
      'the sync plans',
    );
    return stored.map((plan) => withRuns(plan, runs.get(runsKey(plan.id)))).sort((a, b) => a.createdAt - b.createdAt);
  },
  async getPlan(planId) {
    const stored = await kvs.get<StoredPlan>(planKey(planId));
    return stored ? withRuns(stored, await getRuns(planId)) : undefined;
  },
  async putPlan(plan) {
    // Keeps the history of a plan saved before runs had their own record, until its first run writes that record.
    const { history, lastRunAt, ...saved } = plan;
    const legacy = (await getRuns(plan.id)) ? {} : { history, lastRunAt };
    await kvs.set(planKey(plan.id), { ...saved, ...legacy });
    const ids = (await kvs.get<string[]>(PLAN_IDS_KEY)) ?? [];
    if (!ids.includes(plan.id)) await kvs.set(PLAN_IDS_KEY, [...ids, plan.id]);
  },
  async deletePlan(planId) {
    const texts: SyncText[] = ['source', 'snapshot', 'pending', 'resend', 'removed'];
    for (const what of texts) {
      const id = checkedPlanId(planId);
      const head = await readHead(id, what);
      const keys = [...(head ? textPartKeys(id, what, head) : []), ...(await legacyTextKeys(id, what))];
      await batchDelete(keys, `the sync plan's ${what} file`);
      await kvs.delete(textHeadKey(id, what));
    }
    await kvs.delete(runsKey(planId));
    await kvs.entity<SyncClaim>(SYNC_CLAIM_ENTITY).delete(claimKey(planId));
    await kvs.delete(planKey(planId));
    const ids = (await kvs.get<string[]>(PLAN_IDS_KEY)) ?? [];
    if (ids.includes(planId))
      await kvs.set(
        PLAN_IDS_KEY,
        ids.filter((id) => id !== planId),
      );
  },
  getParts: (planId, what) => readText(checkedPlanId(planId), what),
  putParts: (planId, what, parts) => writeText(checkedPlanId(planId), what, parts),
  getRuns,
  async putRuns(planId, runs, token) {
    return conditional(kvs.transact().check(claimKey(planId), claimHeldBy(token)).set(runsKey(planId), runs).execute());
  },
  async getClaim(planId) {
    return kvs.entity<SyncClaim>(SYNC_CLAIM_ENTITY).get(claimKey(planId));
  },
  async claim(planId, claim, over) {
    const free = over
      ? new Filter<SyncClaim>().and('token', FilterConditions.equalTo(over))
      : new Filter<SyncClaim>().and('token', FilterConditions.notExists());
    return conditional(
      kvs
        .transact()
        .set(claimKey(planId), claim, { ...claimEntity, conditions: free })
        .execute(),
    );
  },
  async updateClaim(planId, claim) {
    return conditional(kvs.transact().set(claimKey(planId), claim, claimHeldBy(claim.token)).execute());
  },
  async releaseClaim(planId, token) {
    await conditional(kvs.transact().delete(claimKey(planId), claimHeldBy(token)).execute());
  },
};
