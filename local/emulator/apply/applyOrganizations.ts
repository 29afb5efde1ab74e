import type { TaskFailure } from '../types';
import type { Site } from '../model/site';
import type { OrganizationOperation } from '../schemas/bulkRequests';
import { failure, type ApplyOutcome } from './outcome';
import { idpManagedMessage } from '../model/organizationDirectory';

export function applyOrganizations(site: Site, operations: OrganizationOperation[]): ApplyOutcome {
  const failures: TaskFailure[] = [];
  for (const op of operations) {
    const problem = applyOne(site, op);
    if (problem) failures.push(problem);
  }
  return { failures, units: operations.length, failedUnits: failures.length };
}

function applyOne(site: Site, op: OrganizationOperation): TaskFailure | undefined {
  const { id, name } = op.payload;
  const passing = site.rowFaults.take([id, name]);
  if (passing) return failure(id ?? null, op.operationType, name, id ? [id] : [], passing);
  const holder = site.organizations.findByName(name);
  if (op.operationType === 'CREATE') {
    if (holder)
      return failure(
        null,
        'CREATE',
        name,
        [],
        `An organization named '${holder.name}' already exists (id ${holder.id}); names are unique ignoring case.`,
      );
    site.organizations.create(name);
    return undefined;
  }
  const org = site.organizations.findById(id as string);
  if (!org) return failure(id as string, 'UPDATE', name, [id as string], `Organization ${id} not found.`);
  if (holder && holder !== org) {
    return failure(
      org.id,
      'UPDATE',
      name,
      [org.id],
      `Cannot rename organization ${org.id} to '${name}': organization ${holder.id} already has that name.`,
    );
  }
  if (org.scimManaged && name !== org.name)
    return failure(org.id, 'UPDATE', name, [org.id], idpManagedMessage(org.id, 'it cannot be renamed here'));
  site.organizations.rename(org, name);
  return undefined;
}
