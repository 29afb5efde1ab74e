import type { CsmClient } from '../../csm/client';
import {
  isBulkRow,
  siteTarget,
  type DeletionRowOperation,
  type ServiceProjectRowOperation,
  type FileOperation,
  type MembershipRowOperation,
  type RowOperation,
} from '../../domain/operations';
import { previewMemberships } from '../../domain/memberships';
import { readMembershipSite } from '../engine/memberships';
import { readDeletionTargets } from '../engine/singleCalls';
import { previewServiceProjects } from '../engine/serviceProjects';
import { previewDeletion, previewMerges } from '../../domain/deletions';
import type { ObservedOrganization } from '../../domain/outcomes';
import { beforeAfter } from '../../domain/beforeAfter';
import { previewRow, type RowPreview } from '../../domain/preview';

/**
 * Rows looked up against the site in a preview. Each lookup costs a request per 25 rows,
 * and a resolver has 25 s, so a preview classifies the first rows only and says so.
 */
export const PREVIEW_LOOKUP_LIMIT = 250;

/** What each row would do on the site as it is now (a MOVE row of a memberships file is one line). */
export async function classifyRows(csm: CsmClient, operations: FileOperation[]): Promise<RowPreview[]> {
  if (operations.some((op) => op.kind === 'deletions' && op.mergeInto)) return previewMerges(operations);
  const memberships = operations.filter((op): op is MembershipRowOperation => op.kind === 'memberships');
  if (memberships.length > 0) return previewMemberships(memberships, await readMembershipSite(csm, memberships));
  const projects = operations.filter((op): op is ServiceProjectRowOperation => op.kind === 'service-projects');
  if (projects.length > 0) return previewServiceProjects(csm, projects);
  const deletions = operations.filter((op): op is DeletionRowOperation => op.kind === 'deletions');
  if (deletions.length > 0) {
    const targets = await readDeletionTargets(
      csm,
      deletions.map((op) => op.organizationId),
    );
    return deletions.map((op) => {
      const target = targets.get(op.organizationId);
      return previewDeletion(op, { organization: target?.organization, members: target?.customerIds.length ?? 0 });
    });
  }
  return classifyBulkRows(csm, operations.filter(isBulkRow));
}

async function classifyBulkRows(csm: CsmClient, operations: RowOperation[]): Promise<RowPreview[]> {
  const current = await currentOrganizations(csm, operations);
  return operations.map((op, position) => {
    const row = previewRow(op, current[position]);
    return row.change === 'update' ? { ...row, changes: beforeAfter(op, current[position]) } : row;
  });
}

/** The organization each operation names, as the site holds it now (undefined: there is none); a read per 25. */
export async function currentOrganizations(
  csm: CsmClient,
  operations: readonly RowOperation[],
): Promise<(ObservedOrganization | undefined)[]> {
  const ids = new Set<string>();
  const names = new Set<string>();
  const targets = operations.map(siteTarget);
  for (const { id, name } of targets) {
    if (id !== undefined) ids.add(id);
    if (name !== undefined) names.add(name);
  }
  const observed = ids.size + names.size > 0 ? await csm.fetchProfiles({ ids: [...ids], names: [...names] }) : [];
  const byId = new Map<string, ObservedOrganization>();
  const byName = new Map<string, ObservedOrganization>();
  for (const org of observed) {
    byId.set(org.id, org);
    byName.set(org.name.toLowerCase(), org);
  }
  return targets.map(
    ({ id, name }) =>
      (id !== undefined ? byId.get(id) : undefined) ??
      (name !== undefined ? byName.get(name.toLowerCase()) : undefined),
  );
}
