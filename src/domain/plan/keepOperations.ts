import type { DeletionsBody, MembershipsBody, ServiceProjectsBody } from '../chunkOperations';
import type { ChunkRecord } from '../job';
import type { BulkDetailsRequest, BulkOrganizationsRequest, BulkProfilesRequest } from '../schemas';
import { utf8ByteLength } from '../text/utf8';
import { DEFAULT_PLAN_LIMITS, type PlanLimits } from './types';

/**
 * The chunk with only the operations `keep` accepts, its body rebuilt in the planner's order (position i of the
 * flattened body is operation operationIndexes[i], see operationsOfChunk). A details organization left with no
 * operation is dropped from the body. A smaller request never outgrows the limits the chunk was planned within.
 */
export function keepOperations(chunk: ChunkRecord, keep: (operationIndex: number) => boolean): ChunkRecord {
  const kept = chunk.operationIndexes.map(keep);
  const operationIndexes = chunk.operationIndexes.filter((_, position) => kept[position]);
  const rows = chunk.rows.filter((_, position) => kept[position]);
  const onlyKept = <T>(items: readonly T[]) => items.filter((_, position) => kept[position]);
  let body: unknown;
  switch (chunk.kind) {
    case 'profiles':
      body = { organizationProfiles: onlyKept((chunk.body as BulkProfilesRequest).organizationProfiles) };
      break;
    case 'organizations':
      body = { organizations: onlyKept((chunk.body as BulkOrganizationsRequest).organizations) };
      break;
    case 'details': {
      let position = 0;
      const organizations = (chunk.body as BulkDetailsRequest).organizations.flatMap((organization) => {
        const operations = organization.operations.filter(() => kept[position++]);
        return operations.length > 0 ? [{ ...organization, operations }] : [];
      });
      body = { organizations };
      break;
    }
    case 'deletions':
      body = { organizations: onlyKept((chunk.body as DeletionsBody).organizations) };
      break;
    case 'service-projects': {
      const project = chunk.body as ServiceProjectsBody;
      body = { ...project, organizations: onlyKept(project.organizations) };
      break;
    }
    case 'memberships': {
      const membership = chunk.body as MembershipsBody;
      body = { ...membership, customers: onlyKept(membership.customers) };
      break;
    }
  }
  return { ...chunk, body, operationIndexes, rows };
}

/**
 * `into` with `from`'s operations after its own, or undefined when they would not fit in one request (the
 * planner's limits: items or detail operations, and bytes) or would name one details organization twice.
 */
export function appendOperations(
  into: ChunkRecord,
  from: ChunkRecord,
  limits: PlanLimits = DEFAULT_PLAN_LIMITS,
): ChunkRecord | undefined {
  // Deletions are single calls: a fuller chunk saves no request.
  // Single calls, one organization a call: the planner grouped them already (a chunk is one organization's).
  if (into.kind !== from.kind || into.phase !== from.phase) return undefined;
  if (into.kind === 'deletions' || into.kind === 'memberships' || into.kind === 'service-projects') return undefined;
  const count = into.operationIndexes.length + from.operationIndexes.length;
  let body: unknown;
  switch (into.kind) {
    case 'profiles':
      if (count > limits.profiles) return undefined;
      body = {
        organizationProfiles: [
          ...(into.body as BulkProfilesRequest).organizationProfiles,
          ...(from.body as BulkProfilesRequest).organizationProfiles,
        ],
      };
      break;
    case 'organizations':
      if (count > limits.organizations) return undefined;
      body = {
        organizations: [
          ...(into.body as BulkOrganizationsRequest).organizations,
          ...(from.body as BulkOrganizationsRequest).organizations,
        ],
      };
      break;
    case 'details': {
      if (count > limits.detailOperations) return undefined;
      const own = (into.body as BulkDetailsRequest).organizations;
      const added = (from.body as BulkDetailsRequest).organizations;
      const ids = new Set(own.map((organization) => organization.id));
      if (added.some((organization) => ids.has(organization.id))) return undefined;
      body = { organizations: [...own, ...added] };
      break;
    }
  }
  if (utf8ByteLength(JSON.stringify(body)) > limits.maxChunkBytes) return undefined;
  return {
    ...into,
    body,
    operationIndexes: [...into.operationIndexes, ...from.operationIndexes],
    rows: [...into.rows, ...from.rows],
  };
}
