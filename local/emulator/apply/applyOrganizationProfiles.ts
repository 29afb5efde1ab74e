import type { TaskFailure } from '../types';
import type { Site } from '../model/site';
import { idpManagedMessage, type Organization } from '../model/organizationDirectory';
import type { OrganizationProfileOperation } from '../schemas/bulkRequests';
import { invalidValuesReason } from '../model/detailFieldValues';
import { distinct, failure, type ApplyOutcome } from './outcome';
import { isMemberEligible, notEligibleMessage } from '../model/customers';

type Target = { org: Organization; rename?: string } | { create: string } | { failure: TaskFailure };

export function applyOrganizationProfiles(site: Site, operations: OrganizationProfileOperation[]): ApplyOutcome {
  const failures: TaskFailure[] = [];
  let failedUnits = 0;
  for (const op of operations) {
    const problems = applyOne(site, op);
    if (problems.length) {
      failedUnits++;
      failures.push(...problems);
    }
  }
  return { failures, units: operations.length, failedUnits };
}

function applyOne(site: Site, op: OrganizationProfileOperation): TaskFailure[] {
  const { id, name } = op.payload;
  const passing = site.rowFaults.take([id, name]);
  if (passing) return [failure(id ?? null, op.operationType, name ?? id ?? '', id ? [id] : [], passing)];
  const target = resolveTarget(site, op);
  if ('failure' in target) return [target.failure];
  const entityId = 'org' in target ? target.org.id : null;
  const label = 'org' in target ? (target.rename ?? target.org.name) : target.create;
  const problems = [
    ...detailProblems(site, op, entityId),
    ...unknownIds(
      op.payload.associateCustomers?.customerIds,
      (id) => site.customers.has(id),
      'associateCustomers',
      'customer',
      op,
      entityId,
      label,
    ),
    ...ineligibleCustomers(site, op, entityId),
    ...idpManagedMembers(op, 'org' in target ? target.org : undefined),
    ...unknownIds(
      op.payload.associateProducts?.productIds,
      (id) => site.products.has(id),
      'associateProducts',
      'product',
      op,
      entityId,
      label,
    ),
  ];
  if (problems.length) return problems;

  const org = 'org' in target ? target.org : site.organizations.create(target.create);
  if ('org' in target && target.rename !== undefined) site.organizations.rename(org, target.rename);
  for (const detail of op.payload.details ?? []) {
    const values = distinct(detail.values);
    if (values.length) org.details.set(detail.name, values);
    else org.details.delete(detail.name);
  }
  // A silently dropped account is accepted and not associated, with no failure: what a live site was seen to do.
  for (const id of op.payload.associateCustomers?.customerIds ?? [])
    if (!site.silentDrops.drops(id, site.customers)) org.customerIds.add(id);
  for (const id of op.payload.associateProducts?.productIds ?? []) org.productIds.add(id);
  return [];
}

function resolveTarget(site: Site, op: OrganizationProfileOperation): Target {
  const { id, name } = op.payload;
  const fail = (error: string): Target => ({
    failure: failure(id ?? null, op.operationType, name ?? id ?? '', id ? [id] : [], error),
  });
  // Only an organization found by id can be renamed: one found by name keeps the name it has.
  const update = (org: Organization): Target => {
    if (id === undefined || name === undefined || name === org.name) return { org };
    if (org.scimManaged) return fail(idpManagedMessage(org.id, 'it cannot be renamed here'));
    const holder = site.organizations.findByName(name);
    if (holder && holder !== org)
      return fail(
        `Cannot rename organization ${org.id} to '${name}': organization ${holder.id} already has that name.`,
      );
    return { org, rename: name };
  };
  const create = (newName: string): Target => {
    const holder = site.organizations.findByName(newName);
    return holder
      ? fail(`An organization named '${holder.name}' already exists (id ${holder.id}); names are unique ignoring case.`)
      : { create: newName };
  };

  switch (op.operationType) {
    case 'CREATE':
      return create(name as string);
    case 'UPDATE': {
      const org = id !== undefined ? site.organizations.findById(id) : site.organizations.findByName(name as string);
      if (!org)
        return fail(id !== undefined ? `Organization ${id} not found.` : `No organization named '${name}' was found.`);
      return update(org);
    }
    case 'UPSERT': {
      const byId = id !== undefined ? site.organizations.findById(id) : undefined;
      if (byId) return update(byId);
      if (name === undefined)
        return fail(
          `Organization ${id} not found; UPSERT with only an id cannot create an organization: add a name to create it.`,
        );
      const byName = site.organizations.findByName(name);
      return byName ? { org: byName } : create(name);
    }
  }
}

function detailProblems(site: Site, op: OrganizationProfileOperation, entityId: string | null): TaskFailure[] {
  const problems: TaskFailure[] = [];
  for (const detail of op.payload.details ?? []) {
    const field = site.detailFields.get(detail.name);
    const reason = field
      ? invalidValuesReason(field, distinct(detail.values))
      : `No detail field named '${detail.name}' exists on this site; create it first or fix the name.`;
    if (reason) problems.push(failure(entityId, op.operationType, detail.name, entityId ? [entityId] : [], reason));
  }
  return problems;
}

/** [G] an IdP-managed organization's members are not changed here: the item fails, as the members POST does. */
function idpManagedMembers(op: OrganizationProfileOperation, org: Organization | undefined): TaskFailure[] {
  const ids = distinct(op.payload.associateCustomers?.customerIds ?? []);
  if (!org?.scimManaged || !ids.length) return [];
  const error = idpManagedMessage(org.id, 'its members cannot be changed here');
  return [failure(org.id, op.operationType, 'associateCustomers', ids, error)];
}

/** Agents and admins cannot be members: the item fails, as for an unknown customer. [T] csm-api.md, eligibility. */
function ineligibleCustomers(site: Site, op: OrganizationProfileOperation, entityId: string | null): TaskFailure[] {
  const ineligible = distinct(op.payload.associateCustomers?.customerIds ?? []).filter((id) => {
    const customer = site.customers.get(id);
    return customer !== undefined && !isMemberEligible(customer);
  });
  if (!ineligible.length) return [];
  const error = ineligible.map(notEligibleMessage).join('; ');
  return [failure(entityId, op.operationType, 'associateCustomers', ineligible, `${error}.`)];
}

function unknownIds(
  ids: string[] | undefined,
  known: (id: string) => boolean,
  operatedOn: string,
  noun: string,
  op: OrganizationProfileOperation,
  entityId: string | null,
  organization: string,
): TaskFailure[] {
  const unknown = distinct((ids ?? []).filter((id) => !known(id)));
  if (!unknown.length) return [];
  return [
    failure(
      entityId,
      op.operationType,
      operatedOn,
      unknown,
      `Unknown ${noun} id(s) for organization '${organization}': ${unknown.join(', ')}.`,
    ),
  ];
}
