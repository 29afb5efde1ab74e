import { decideMembership, type MembershipSite } from '../memberships';
import type { MembershipRowOperation } from '../operations';

/** What a memberships plan's run sends: the source's members each organization lacks, and (asked) those it has not. */
export interface MembershipsSyncChanges {
  /** Changes for a memberships job: additions at the source's rows, removals numbered after them. */
  changes: MembershipRowOperation[];
  add: number;
  remove: number;
  /** Source rows the site cannot take (no such organization or customer): sent, so the job fails them with why. */
  fail: number;
}

/**
 * The members of each organization of a memberships source become exactly those the source lists: every listed
 * customer not a member is added; with `removeOthers` (the plan's "removed from the source: remove"), every member
 * the source does not list for an organization it names is removed. Organizations the source does not name are
 * left alone. `wanted`: the source's rows, all ADD.
 */
export function membershipsSyncChanges(
  wanted: readonly MembershipRowOperation[],
  site: MembershipSite,
  options: { removeOthers: boolean; nextRow: number },
): MembershipsSyncChanges {
  const changes: MembershipRowOperation[] = [];
  const listed = new Map<string, { name: string; accounts: Set<string> }>();
  let fail = 0;
  for (const op of wanted) {
    const decision = decideMembership(op, site);
    if (decision.change === 'error') {
      fail += 1;
      changes.push(op);
      continue;
    }
    const { organization, accountId } = decision;
    const entry = listed.get(organization.id) ?? { name: organization.name, accounts: new Set() };
    entry.accounts.add(accountId);
    listed.set(organization.id, entry);
    if (decision.change === 'add')
      changes.push({
        ...op,
        organization: { id: organization.id, name: organization.name },
        customer: { ...op.customer, accountId },
      });
  }
  const add = changes.length - fail;
  let row = options.nextRow;
  if (options.removeOthers)
    for (const [id, { name, accounts }] of listed)
      for (const member of site.members(id))
        if (!accounts.has(member))
          changes.push({
            index: 0,
            row: row++,
            kind: 'memberships',
            operation: 'REMOVE',
            organization: { id, name },
            customer: { accountId: member },
          });
  return { changes, add, remove: changes.length - add - fail, fail };
}
