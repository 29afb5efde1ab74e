import type { CsmClient } from '../../csm/client';
import { readImport } from '../../domain/import';
import type { MembershipRowOperation } from '../../domain/operations';
import { membershipsSyncChanges, type MembershipsSyncChanges } from '../../domain/sync/memberships';
import type { SyncPlan } from '../../domain/sync';
import type { SourceText } from '../../domain/text/pieces';
import { readMembershipSite } from '../engine/memberships';
import { problemReasons } from './run';

export type MembershipsSyncPlan =
  | { refused: true; compared: number; reasons: string[] }
  | ({ refused: false; compared: number } & MembershipsSyncChanges);

/**
 * What a memberships plan's run would send now: the source read (who belongs where, every row an ADD), its
 * organizations and customers looked up, and each named organization's members read. A run does this every time,
 * whatever it did before: members change outside the app, and only the site says who belongs now.
 */
export async function planMembershipsSync(
  csm: CsmClient,
  plan: SyncPlan,
  text: SourceText,
): Promise<MembershipsSyncPlan> {
  const imported = readImport({ text, kind: 'memberships' }, { detailFields: [] });
  const reasons = problemReasons(imported.problems, plan.source.kind === 'url' ? plan.source.url : undefined);
  const wanted = imported.operations as MembershipRowOperation[];
  reasons.push(...onlyAdditions(wanted));
  if (reasons.length > 0) return { refused: true, compared: imported.rowCount, reasons };
  const site = await readMembershipSite(csm, wanted);
  const planned = membershipsSyncChanges(wanted, site, {
    removeOthers: plan.removedFromSource === 'delete',
    nextRow: imported.rowCount + 2,
  });
  return { refused: false, compared: imported.rowCount, ...planned };
}

/** A memberships source says who belongs: a row that removes or moves is refused, naming the first. */
export function onlyAdditions(operations: readonly MembershipRowOperation[]): string[] {
  const notAdd = operations.find((op) => op.operation !== 'ADD');
  return notAdd
    ? [
        `Row ${notAdd.row}: a memberships source lists who belongs to each organization, so its Operation is ADD or empty. To remove the members it does not list, set the plan's "Members not in the source" to Remove.`,
      ]
    : [];
}
