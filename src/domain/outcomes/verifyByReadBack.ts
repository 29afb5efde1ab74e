import type { DetailRowOperation, OrganizationRowOperation, ProfileRowOperation, RowOperation } from '../operations';
import type { ObservedOrganization } from './observed';
import { ObservedIndex, observedValues } from './observedIndex';
import type { ReadBackOutcome } from './types';

/** Why a row read back wrong: its text, and whether the organization it is about is not there (nor created by it). */
type Check = { error: string; missing?: boolean } | undefined;

/** Decides operations whose task did not tell, by comparing what each asked for with the organizations read back. */
export function verifyByReadBack(
  operations: readonly RowOperation[],
  observed: readonly ObservedOrganization[],
): ReadBackOutcome {
  const index = new ObservedIndex(observed);
  const outcome: ReadBackOutcome = { succeeded: [], failed: [] };
  for (const op of operations) {
    const check =
      op.kind === 'profiles'
        ? checkProfile(op, index)
        : op.kind === 'organizations'
          ? checkOrganization(op, index)
          : checkDetail(op, index);
    if (check === undefined) outcome.succeeded.push(op.index);
    else outcome.failed.push({ index: op.index, ...check });
  }
  return outcome;
}

function checkProfile(op: ProfileRowOperation, index: ObservedIndex): Check {
  const { operationType, payload } = op.item;
  const organization = payload.id !== undefined ? index.withId(payload.id) : index.named(payload.name ?? '');
  if (organization === undefined) {
    if (payload.id === undefined)
      return {
        error: `Organization "${payload.name}" was not found after the task: it was not ${operationType === 'UPDATE' ? 'updated' : 'created'}.`,
        ...(operationType === 'UPDATE' ? { missing: true } : {}),
      };
    const hint =
      operationType === 'UPSERT' && payload.name === undefined
        ? ' UPSERT with only an ID does not create organizations: add the name to create it.'
        : '';
    return { error: `No organization with ID ${payload.id} was found.${hint}`, missing: true };
  }
  const differences: string[] = [];
  if (payload.id !== undefined && payload.name !== undefined && organization.name !== payload.name) {
    differences.push(`it is still named "${organization.name}"`);
  }
  for (const { name, values } of payload.details ?? []) {
    const found = observedValues(organization, name);
    if (!sameValues(found, values))
      differences.push(`${name} is still ${listValues(found)} (expected ${listValues(values)})`);
  }
  const missingCustomers = missingFrom(organization.customerIds, payload.associateCustomers?.customerIds);
  if (missingCustomers.length > 0)
    differences.push(`customer ${missingCustomers.join(', ')} is not a member (the association did not happen)`);
  const missingProducts = missingFrom(organization.productIds, payload.associateProducts?.productIds);
  if (missingProducts.length > 0) differences.push(`product ${missingProducts.join(', ')} is not associated`);
  return differences.length === 0 ? undefined : { error: `${describe(organization)}: ${differences.join('; ')}.` };
}

function checkOrganization(op: OrganizationRowOperation, index: ObservedIndex): Check {
  const { operationType, payload } = op.item;
  if (operationType === 'CREATE') {
    return index.named(payload.name)
      ? undefined
      : { error: `Organization "${payload.name}" was not found after the task: it was not created.` };
  }
  const organization = payload.id === undefined ? undefined : index.withId(payload.id);
  if (organization === undefined)
    return { error: `No organization with ID ${payload.id ?? '(none given)'} was found.`, missing: true };
  return organization.name === payload.name
    ? undefined
    : { error: `${describe(organization)} is still named "${organization.name}", not "${payload.name}".` };
}

function checkDetail(op: DetailRowOperation, index: ObservedIndex): Check {
  const organization = index.withId(op.organizationId);
  if (organization === undefined)
    return { error: `No organization with ID ${op.organizationId} was found.`, missing: true };
  const { operationType, payload } = op.operation;
  const wanted = payload.values ?? [];
  const found = observedValues(organization, payload.name);
  const where = `${describe(organization)}: ${payload.name}`;
  const error = detailDifference(operationType, found, wanted, where);
  return error === undefined ? undefined : { error };
}

function detailDifference(
  operationType: DetailRowOperation['operation']['operationType'],
  found: readonly string[],
  wanted: readonly string[],
  where: string,
): string | undefined {
  switch (operationType) {
    case 'UPDATE':
      return sameValues(found, wanted)
        ? undefined
        : `${where} is still ${listValues(found)} (expected ${listValues(wanted)}).`;
    case 'PATCH': {
      const missing = missingFrom(found, wanted);
      return missing.length === 0 ? undefined : `${where} lacks ${missing.join(', ')} (it has ${listValues(found)}).`;
    }
    case 'DELETE': {
      const left = wanted.length === 0 ? found : wanted.filter((value) => found.includes(value));
      return left.length === 0 ? undefined : `${where} still has ${left.join(', ')}.`;
    }
  }
}

function describe(organization: ObservedOrganization): string {
  return `Organization "${organization.name}" (ID ${organization.id})`;
}

function sameValues(found: readonly string[], wanted: readonly string[]): boolean {
  const foundSet = new Set(found);
  const wantedSet = new Set(wanted);
  return foundSet.size === wantedSet.size && [...wantedSet].every((value) => foundSet.has(value));
}

/** What was asked for but not found; nothing when the reader did not look (`found` undefined). */
function missingFrom(found: readonly string[] | undefined, wanted: readonly string[] | undefined): string[] {
  if (found === undefined || wanted === undefined) return [];
  const foundSet = new Set(found);
  return wanted.filter((value) => !foundSet.has(value));
}

function listValues(values: readonly string[]): string {
  return values.length === 0 ? 'empty' : values.join(', ');
}
