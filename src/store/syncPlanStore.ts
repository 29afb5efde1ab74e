import { kvs } from '@forge/kvs';
import { batchDelete, batchSet, queryAll } from './kvsBatch';
import type { SyncPlan } from '../domain/sync';

/**
 * Sync plans, the file each keeps as its desired state, and what its runs applied. Large texts are
 * split into parts (domain/text/parts.ts): a storage value holds at most 240 KiB.
 */
export interface SyncPlanStore {
  listPlans(): Promise<SyncPlan[]>;
  getPlan(planId: string): Promise<SyncPlan | undefined>;
  putPlan(plan: SyncPlan): Promise<void>;
  deletePlan(planId: string): Promise<void>;
  getParts(planId: string, what: SyncText): Promise<string[]>;
  putParts(planId: string, what: SyncText, parts: string[]): Promise<void>;
}

/** source: the uploaded file; snapshot: what succeeded; pending: what the running job sends; resend: drifted keys. */
export type SyncText = 'source' | 'snapshot' | 'pending' | 'resend';

const KEY_PATTERN = /^[a-zA-Z0-9:._\s\-#]+$/;
const PLAN_PREFIX = 'sync-plan:';
function checkedPlanId(planId: string): string {
  if (!KEY_PATTERN.test(planId) || planId.length > 60)
    throw new Error(`"${planId.slice(0, 80)}" cannot be a sync plan id (letters, digits, - and _ only).`);
  return planId;
}
const planKey = (planId: string) => `${PLAN_PREFIX}${checkedPlanId(planId)}`;
const textPrefix = (planId: string, what: SyncText) => `sync-${what}:${checkedPlanId(planId)}:`;
const textKey = (planId: string, what: SyncText, part: number) =>
  `${textPrefix(planId, what)}${String(part).padStart(5, '0')}`;

export const kvsSyncPlanStore: SyncPlanStore = {
  async listPlans() {
    const plans = await queryAll<SyncPlan>(PLAN_PREFIX);
    return plans.map((entry) => entry.value).sort((a, b) => a.createdAt - b.createdAt);
  },
  async getPlan(planId) {
    return kvs.get<SyncPlan>(planKey(planId));
  },
  async putPlan(plan) {
    await kvs.set(planKey(plan.id), plan);
  },
  async deletePlan(planId) {
    const texts: SyncText[] = ['source', 'snapshot', 'pending', 'resend'];
    for (const what of texts)
      await batchDelete((await queryAll<string>(textPrefix(planId, what))).map((entry) => entry.key));
    await kvs.delete(planKey(planId));
  },
  async getParts(planId, what) {
    const parts = await queryAll<string>(textPrefix(planId, what));
    return parts.sort((a, b) => (a.key < b.key ? -1 : 1)).map((entry) => entry.value);
  },
  async putParts(planId, what, parts) {
    const old = await queryAll<string>(textPrefix(planId, what));
    await batchSet(
      parts.map((value, index) => ({ key: textKey(planId, what, index), value })),
      `the sync plan's ${what}`,
    );
    const kept = new Set(parts.map((_, index) => textKey(planId, what, index)));
    await batchDelete(old.map((entry) => entry.key).filter((key) => !kept.has(key)));
  },
};
