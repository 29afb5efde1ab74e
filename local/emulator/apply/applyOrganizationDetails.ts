import type { TaskFailure } from '../types';
import type { Site } from '../model/site';
import type { DetailOperation, OrganizationDetails } from '../schemas/bulkRequests';
import { invalidValuesReason } from '../model/detailFieldValues';
import { distinct, failure, type ApplyOutcome } from './outcome';

/** Each detail operation stands alone: a failing one changes nothing, the others of the same organization still apply. */
export function applyOrganizationDetails(site: Site, organizations: OrganizationDetails[]): ApplyOutcome {
  const failures: TaskFailure[] = [];
  let units = 0;
  for (const entry of organizations) {
    for (const op of entry.operations) {
      units++;
      const reason = applyOne(site, entry.id, op);
      if (reason) failures.push(failure(entry.id, op.operationType, op.payload.name, [entry.id], reason));
    }
  }
  return { failures, units, failedUnits: failures.length };
}

function applyOne(site: Site, organizationId: string, op: DetailOperation): string | undefined {
  const org = site.organizations.findById(organizationId);
  const passing = site.rowFaults.take([organizationId, org?.name]);
  if (passing) return passing;
  if (!org) return `Organization ${organizationId} not found.`;
  const field = site.detailFields.get(op.payload.name);
  if (!field) return `No detail field named '${op.payload.name}' exists on this site; create it first or fix the name.`;

  const current = org.details.get(field.name) ?? [];
  const given = distinct(op.payload.values ?? []);
  let next: string[];
  switch (op.operationType) {
    case 'UPDATE':
      next = given;
      break;
    case 'PATCH':
      next = [...current, ...given.filter((v) => !current.includes(v))];
      break;
    case 'DELETE':
      next = given.length ? current.filter((v) => !given.includes(v)) : [];
      break;
  }
  if (op.operationType !== 'DELETE') {
    const reason = invalidValuesReason(field, next);
    if (reason) {
      const hint =
        op.operationType === 'PATCH' && current.length
          ? ` (PATCH adds to the current value ${current.map((v) => `'${v}'`).join(', ')}; use UPDATE to replace it)`
          : '';
      return reason + hint;
    }
  }
  if (next.length) org.details.set(field.name, next);
  else org.details.delete(field.name);
  return undefined;
}
