import type { Principal } from '../../csm/principal';
import type { ProfileRowOperation } from '../../domain/operations';
import {
  decodeSnapshot,
  encodeSnapshot,
  findDrift,
  matchOfRun,
  rowFingerprint,
  syncKey,
  type DriftedRow,
} from '../../domain/sync';
import { readImportOnSite } from '../lifecycle/sameOrganization';
import { JobInputError } from '../lifecycle/startJob';
import { planMapping } from './mappedSource';
import type { SyncDeps } from './deps';
import { readSyncSource } from './run';

export interface SyncVerification {
  compared: number;
  drifted: DriftedRow[];
  /** True when the drifted rows will be sent by the next run even though the source did not change. */
  includedInNextRun: boolean;
}

/** Reads the organizations an earlier run applied back from CSM and reports those that no longer match the source. */
export async function verifySync(
  deps: SyncDeps,
  planId: string,
  by: { principal: Principal; includeInNextRun: boolean },
): Promise<SyncVerification> {
  const plan = await deps.plans.getPlan(planId);
  if (!plan) throw new Error(`There is no sync plan ${planId}.`);
  const csm = deps.csm(by.principal);
  const mapped = await planMapping(deps, plan);
  if ('refused' in mapped) throw new JobInputError(mapped.refused);
  // Read as a run reads it (its mapping, its key matched on the site), so its rows have the keys a run gave them.
  const { imported } = await readImportOnSite(
    csm,
    { text: await readSyncSource(deps, plan), kind: plan.kind },
    mapped.mapping ? { mapping: mapped.mapping } : {},
  );
  const unreadable = imported.problems.find((problem) => problem.row === null && problem.severity === 'error');
  if (unreadable) throw new JobInputError(unreadable.message);
  const matchBy = matchOfRun(plan.matchBy, mapped.mapping);
  const snapshot = decodeSnapshot(await deps.plans.getParts(plan.id, 'snapshot'));
  const applied = imported.operations
    .filter((operation): operation is ProfileRowOperation => operation.kind === 'profiles')
    .map((operation) => ({ operation, key: syncKey(operation, matchBy) }))
    .filter(({ operation, key }) => snapshot.get(key) === rowFingerprint(operation));
  const ids = applied.flatMap(({ operation }) =>
    operation.item.payload.id !== undefined ? [operation.item.payload.id] : [],
  );
  const names = applied.flatMap(({ operation }) =>
    operation.item.payload.id === undefined && operation.item.payload.name ? [operation.item.payload.name] : [],
  );
  const observed = applied.length > 0 ? await csm.fetchProfiles({ ids, names }) : [];
  const drifted = findDrift(applied, observed);
  if (by.includeInNextRun && drifted.length > 0) {
    await deps.plans.putParts(
      plan.id,
      'resend',
      encodeSnapshot(new Map(drifted.map((row) => [row.key, '0000000000000000']))),
    );
  }
  return { compared: applied.length, drifted, includedInNextRun: by.includeInNextRun && drifted.length > 0 };
}
