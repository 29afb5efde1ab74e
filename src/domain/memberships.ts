import {
  describeCustomer,
  describeOrganization,
  type CustomerRef,
  type MembershipRowOperation,
  type OrganizationRef,
} from './operations';
import type { RowPreview } from './preview';

/** An organization as the site has it. */
export interface SiteOrganization {
  id: string;
  name: string;
}

/**
 * What the site says of the organizations and customers a memberships file names: looked up before the preview
 * counts and again right before each call (jobs/engine/memberships.ts).
 */
export interface MembershipSite {
  organization(ref: OrganizationRef): SiteOrganization | undefined;
  /** The account, or why the customer cannot be a member (no such email, an app account). */
  customer(ref: CustomerRef): { accountId: string } | { problem: string };
  /** The members of an organization found on the site (account ids). */
  members(organizationId: string): ReadonlySet<string>;
}

export type MembershipDecision =
  | { change: 'add' | 'remove' | 'member' | 'not-member'; organization: SiteOrganization; accountId: string }
  | { change: 'error'; note: string };

/** What one change would do on the site as it is: add, remove, nothing (already true), or fail (why). */
export function decideMembership(op: MembershipRowOperation, site: MembershipSite): MembershipDecision {
  const organization = site.organization(op.organization);
  if (!organization) return { change: 'error', note: noOrganization(op.organization) };
  const customer = site.customer(op.customer);
  if ('problem' in customer) return { change: 'error', note: customer.problem };
  const isMember = site.members(organization.id).has(customer.accountId);
  const change = op.operation === 'ADD' ? (isMember ? 'member' : 'add') : isMember ? 'remove' : 'not-member';
  return { change, organization, accountId: customer.accountId };
}

export function noOrganization(ref: OrganizationRef): string {
  return ref.id !== undefined
    ? `There is no organization with ID ${ref.id}.`
    : `There is no organization named "${ref.name}". Check the spelling, or create it first.`;
}

export function noCustomer(ref: CustomerRef): string {
  return ref.email !== undefined
    ? `No customer on this site has the email ${ref.email}. Invite them as a customer first (Customers in the service project), or check the address.`
    : `No customer on this site has the account id ${ref.accountId}.`;
}

const NOTES = {
  member: 'Already a member: not sent.',
  'not-member': 'Not a member: nothing to remove.',
} as const;

/**
 * The preview of a file's changes, one line a row: a MOVE row's two changes make one line (moved; already there and
 * not in the other: unchanged; either failing: will fail, with why).
 */
export function previewMemberships(operations: readonly MembershipRowOperation[], site: MembershipSite): RowPreview[] {
  const lines: RowPreview[] = [];
  for (let position = 0; position < operations.length; position += 1) {
    const op = operations[position];
    const removal = operations[position + 1]?.moveOf === op.index ? operations[position + 1] : undefined;
    if (removal) position += 1;
    const decision = decideMembership(op, site);
    const base = { row: op.row, index: op.index, organization: organizationLabel(op.organization, decision) };
    const who = describeCustomer(op.customer);
    if (decision.change === 'error') {
      lines.push({ ...base, change: 'error', note: decision.note });
      continue;
    }
    if (!removal) {
      const note =
        decision.change === 'member' || decision.change === 'not-member' ? NOTES[decision.change] : undefined;
      lines.push({ ...base, change: decision.change, ...(note ? { note: `${who}: ${note}` } : { note: who }) });
      continue;
    }
    const away = decideMembership(removal, site);
    if (away.change === 'error') {
      lines.push({ ...base, change: 'error', note: away.note });
      continue;
    }
    const moves = decision.change === 'add' || away.change === 'remove';
    lines.push({
      ...base,
      change: moves ? 'move' : 'member',
      note: moves
        ? `${who}: from ${describeOrganization(removal.organization)}`
        : `${who}: already a member here and not in ${describeOrganization(removal.organization)}: not sent.`,
    });
  }
  return lines;
}

function organizationLabel(ref: OrganizationRef, decision: MembershipDecision): string {
  return decision.change === 'error' ? (ref.name ?? `organization ${ref.id}`) : decision.organization.name;
}

/**
 * The changes that put `changed` back, the other way round, keeping their rows and indexes: an addition becomes a
 * removal and a removal an addition. A MOVE's two changes (the removal names its addition) become a MOVE back: the
 * addition where it came from names the removal from where it went.
 */
export function undoMemberships(changed: readonly MembershipRowOperation[]): MembershipRowOperation[] {
  const byIndex = new Map(changed.map((op) => [op.index, op]));
  const addBackOf = new Map<number, number>();
  for (const op of changed) if (op.moveOf !== undefined && byIndex.has(op.moveOf)) addBackOf.set(op.moveOf, op.index);
  return changed.map(({ moveOf: _moveOf, ...op }) => {
    const undone: MembershipRowOperation = { ...op, operation: op.operation === 'ADD' ? 'REMOVE' : 'ADD' };
    // The job's addition of a MOVE, undone, is the removal: it names the undone removal (now the addition back).
    const addedBack = addBackOf.get(op.index);
    if (addedBack !== undefined) undone.moveOf = addedBack;
    return undone;
  });
}
