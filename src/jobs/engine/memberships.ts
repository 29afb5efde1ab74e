import type { CsmClient } from '../../csm/client';
import { CsmError, describeCsmError, isTransient, waitsForUser } from '../../csm/errors';
import { membershipsOfChunk, type MembershipsBody } from '../../domain/chunkOperations';
import type { ChunkRecord } from '../../domain/job';
import { decideMembership, noCustomer, type MembershipSite } from '../../domain/memberships';
import {
  describeCustomer,
  describeOrganization,
  type CustomerRef,
  type MembershipRowOperation,
  type OrganizationRef,
} from '../../domain/operations';
import { explainCsmError } from '../../domain/outcomes';
import { keepOperations, MEMBERS_PER_CALL } from '../../domain/plan';
import type { ChunkOutcome } from './outcomes';
import { nameKey } from '../../domain/import/organizationIdentity';

/** Email look-ups made at once (Jira's user search takes one email a call). */
const SEARCHES_AT_ONCE = 4;

/**
 * Looks up what memberships rows name: their organizations (50 a read, by id and by name), their customers' emails
 * (one user search each, a few at once, each email once), and the members of every organization found (paged).
 * The preview and the engine's compare before each call read the site this way.
 */
export async function readMembershipSite(
  csm: CsmClient,
  operations: readonly MembershipRowOperation[],
  options: { members?: boolean } = {},
): Promise<MembershipSite> {
  const ids = new Set<string>();
  const names = new Set<string>();
  const emails = new Set<string>();
  for (const { organization, customer } of operations) {
    if (organization.id !== undefined) ids.add(organization.id);
    else if (organization.name !== undefined) names.add(organization.name);
    if (customer.accountId === undefined && customer.email !== undefined) emails.add(customer.email);
  }
  const found = ids.size + names.size > 0 ? await csm.fetchOrganizations({ ids: [...ids], names: [...names] }) : [];
  const byId = new Map(found.map((org) => [org.id, org]));
  const byName = new Map(found.map((org) => [nameKey(org.name), org]));
  const accounts = await lookUpEmails(csm, [...emails]);
  const members = new Map<string, ReadonlySet<string>>();
  if (options.members !== false)
    for (const org of found) members.set(org.id, new Set((await csm.listMembers(org.id)).map((u) => u.accountId)));
  return {
    organization: (ref) => (ref.id !== undefined ? byId.get(ref.id) : byName.get(nameKey(ref.name ?? ''))),
    customer: (ref) => {
      if (ref.accountId !== undefined) return { accountId: ref.accountId };
      return accounts.get(ref.email ?? '') ?? { problem: noCustomer(ref) };
    },
    members: (organizationId) => members.get(organizationId) ?? new Set(),
  };
}

async function lookUpEmails(
  csm: CsmClient,
  emails: readonly string[],
): Promise<Map<string, { accountId: string } | { problem: string }>> {
  const found = new Map<string, { accountId: string } | { problem: string }>();
  for (let start = 0; start < emails.length; start += SEARCHES_AT_ONCE) {
    const batch = emails.slice(start, start + SEARCHES_AT_ONCE);
    const answers = await Promise.all(batch.map((email) => csm.findUsersByEmail(email)));
    batch.forEach((email, position) => {
      const users = answers[position];
      const customer = users.find((user) => user.accountType !== 'app');
      if (customer) found.set(email, { accountId: customer.accountId });
      else if (users.length > 0)
        found.set(email, { problem: `${email} belongs to an app, not a person: an app cannot be a customer.` });
    });
  }
  return found;
}

/**
 * A memberships chunk compared with the site before its call: the organization and every customer looked up (the
 * body then carries their ids), the changes already true taken out (unchanged: already a member, not a member), the
 * rows that cannot be sent kept with their reason (`problem`: no such organization or email; a MOVE whose
 * addition failed, named in `failedAdditions`), to fail when the chunk is sent.
 */
export async function compareMemberships(
  csm: CsmClient,
  stored: ChunkRecord,
  failedAdditions: ReadonlySet<number>,
): Promise<ChunkRecord> {
  const operations = membershipsOfChunk(stored);
  const site = await readMembershipSite(csm, operations);
  const body = stored.body as MembershipsBody;
  const unchanged = new Set<number>();
  let organization: OrganizationRef = body.organization;
  const customers: MembershipsBody['customers'] = operations.map((op) => {
    const decision = decideMembership(op, site);
    const move = op.moveOf !== undefined ? { moveOf: op.moveOf } : {};
    if (op.moveOf !== undefined && failedAdditions.has(op.moveOf))
      return {
        ...op.customer,
        ...move,
        problem: `Not removed from ${describeOrganization(op.organization)}: adding to the new organization failed first, so the customer stays here.`,
      };
    if (decision.change === 'error') return { ...op.customer, ...move, problem: decision.note };
    organization = { id: decision.organization.id, name: decision.organization.name };
    if (decision.change === 'member' || decision.change === 'not-member') unchanged.add(op.index);
    return { ...op.customer, accountId: decision.accountId, ...move };
  });
  const compared: ChunkRecord = { ...stored, body: { ...body, organization, customers }, compared: true };
  return { ...keepOperations(compared, (op) => !unchanged.has(op)), unchanged: [...unchanged] };
}

/**
 * Sends a compared memberships chunk: the rows with a problem fail (nothing is sent for them), the others go in
 * calls of MEMBERS_PER_CALL, then the organization's members are read back and a change that is not there fails its row (a call CSM
 * answered 204 that did not happen, as a peer reports of bulk associations). A call refused for what it carries
 * (an agent, an unknown account) is split into one call per customer, so only those rows fail. A failure that may
 * pass is thrown: the chunk stays SUBMITTING and is sent again (adding a member twice, or removing a non-member, is
 * harmless).
 */
export async function sendMemberships(csm: CsmClient, chunk: ChunkRecord): Promise<ChunkOutcome> {
  const { operation, organization } = chunk.body as MembershipsBody;
  const outcome: ChunkOutcome = { succeeded: [], failed: [] };
  const operations = membershipsOfChunk(chunk);
  const problems = (chunk.body as MembershipsBody).customers;
  const toSend: MembershipRowOperation[] = [];
  operations.forEach((op, position) => {
    const problem = problems[position].problem;
    if (problem !== undefined) outcome.failed.push({ index: op.index, error: problem, retryable: false });
    else toSend.push(op);
  });
  if (toSend.length === 0 || organization.id === undefined) return outcome;
  const where = describeOrganization(organization);
  const sent = await callInParts(csm, organization.id, operation, toSend, outcome, where);
  if (sent.length === 0) return outcome;
  let members: Set<string>;
  try {
    members = new Set((await csm.listMembers(organization.id)).map((user) => user.accountId));
  } catch (error) {
    if (error instanceof CsmError && error.kind === 'notFound') {
      for (const op of sent)
        outcome.failed.push({ index: op.index, error: `${where} was deleted meanwhile.`, retryable: false });
      return outcome;
    }
    throw error;
  }
  for (const op of sent) {
    const there = members.has(op.customer.accountId!);
    if (there === (operation === 'ADD')) outcome.succeeded.push(op.index);
    else outcome.failed.push({ index: op.index, error: notDone(operation, op.customer, where), retryable: true });
  }
  return outcome;
}

/** Calls of MEMBERS_PER_CALL; one refused for what it carries is made again one customer a call. Returns the rows CSM took. */
async function callInParts(
  csm: CsmClient,
  organizationId: string,
  operation: MembershipsBody['operation'],
  rows: MembershipRowOperation[],
  outcome: ChunkOutcome,
  where: string,
): Promise<MembershipRowOperation[]> {
  const taken: MembershipRowOperation[] = [];
  const parts: MembershipRowOperation[][] = [];
  for (let start = 0; start < rows.length; start += MEMBERS_PER_CALL)
    parts.push(rows.slice(start, start + MEMBERS_PER_CALL));
  for (let position = 0; position < parts.length; position += 1) {
    const part = parts[position];
    try {
      await csm.changeMembers(
        organizationId,
        operation,
        part.map((op) => op.customer.accountId!),
      );
      taken.push(...part);
    } catch (error) {
      if (!(error instanceof CsmError) || isTransient(error) || waitsForUser(error) || error.kind === 'taskCap')
        throw error;
      if (error.kind === 'notFound') {
        for (const op of rows)
          outcome.failed.push({ index: op.index, error: `${where} no longer exists.`, retryable: false });
        return [];
      }
      if (part.length > 1) {
        parts.splice(position + 1, 0, ...part.map((op) => [op]));
        continue;
      }
      const reason = explainCsmError([error.message, ...error.details].join('; ')) || describeCsmError(error);
      const verb = operation === 'ADD' ? 'add' : 'remove';
      outcome.failed.push({
        index: part[0].index,
        error: `Customer Service Management did not ${verb} ${describeCustomer(part[0].customer)}: ${reason}`,
        retryable: false,
      });
    }
  }
  return taken;
}

function notDone(operation: MembershipsBody['operation'], customer: CustomerRef, where: string): string {
  const who = describeCustomer(customer);
  return operation === 'ADD'
    ? `Customer Service Management accepted the call, but ${who} is not a member of ${where} when read back: the change did not happen. Retry the row; if it fails again, add the customer in Jira Service Management.`
    : `Customer Service Management accepted the call, but ${who} is still a member of ${where} when read back. Retry the row.`;
}
