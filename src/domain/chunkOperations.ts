import type {
  CustomerRef,
  DeletionRowOperation,
  ChunkKind,
  JobOperation,
  MembershipChange,
  MembershipRowOperation,
  OrganizationRef,
  RowOperation,
  ServiceProjectRowOperation,
} from './operations';
import type { BulkDetailsRequest, BulkOrganizationsRequest, BulkProfilesRequest } from './schemas';

/** A deletions chunk's body: the organizations it deletes, by id, one `DELETE /organization/{id}` each. */
export interface DeletionsBody {
  /** `problem`: set by the compare, why the row cannot be deleted (it fails when the chunk is sent, nothing sent). */
  organizations: { id: string; name?: string; problem?: string; mergeInto?: OrganizationRef }[];
}

/**
 * A memberships chunk's body: customers added to (or removed from) one organization, one call for all of them. As
 * planned, the organization and the customers are as the file named them; compared, each has its id (looked up).
 */
export interface MembershipsBody {
  operation: MembershipChange;
  organization: OrganizationRef;
  /** `problem`: set by the compare, why the row cannot be sent (it fails when the chunk is sent). */
  customers: (CustomerRef & { moveOf?: number; problem?: string })[];
}

/**
 * A service projects chunk's body: organizations shared with (or removed from) one service project, one call each.
 * As planned, the project and organizations are as the file named them; compared, each has its id.
 */
export interface ServiceProjectsBody {
  operation: MembershipChange;
  serviceProject: { ref: string; id?: string; name?: string };
  /** `problem`: set by the compare, why the row cannot be sent (it fails when the chunk is sent). */
  organizations: (OrganizationRef & { problem?: string })[];
}

interface StoredChunk {
  kind: ChunkKind;
  body: unknown;
  operationIndexes: readonly number[];
  rows: readonly number[];
}

/** Every row a stored chunk carries, whatever its kind (retries, resumes, failed-rows files). */
export function jobOperationsOfChunk(chunk: StoredChunk): JobOperation[] {
  if (chunk.kind === 'deletions') return deletionsOfChunk(chunk);
  if (chunk.kind === 'memberships') return membershipsOfChunk(chunk);
  if (chunk.kind === 'service-projects') return serviceProjectsOfChunk(chunk);
  return operationsOfChunk(chunk);
}

/** The rows of a service projects chunk, in the order it calls them. */
export function serviceProjectsOfChunk(chunk: StoredChunk): ServiceProjectRowOperation[] {
  if (chunk.kind !== 'service-projects') return [];
  const { operation, serviceProject, organizations } = chunk.body as ServiceProjectsBody;
  return organizations.map(({ problem: _problem, ...organization }, position) => ({
    index: chunk.operationIndexes[position],
    row: chunk.rows[position],
    kind: 'service-projects' as const,
    operation,
    organization,
    serviceProject: serviceProject.ref,
  }));
}

/** The rows of a memberships chunk, in the order its call carries them. */
export function membershipsOfChunk(chunk: StoredChunk): MembershipRowOperation[] {
  if (chunk.kind !== 'memberships') return [];
  const { operation, organization, customers } = chunk.body as MembershipsBody;
  return customers.map(({ moveOf, problem: _problem, ...customer }, position) => ({
    index: chunk.operationIndexes[position],
    row: chunk.rows[position],
    kind: 'memberships' as const,
    operation,
    organization,
    customer,
    ...(moveOf !== undefined ? { moveOf } : {}),
  }));
}

/** The rows of a deletions chunk, in the order it deletes them. */
export function deletionsOfChunk(chunk: StoredChunk): DeletionRowOperation[] {
  if (chunk.kind !== 'deletions') return [];
  return (chunk.body as DeletionsBody).organizations.map(({ id, name, mergeInto }, position) => ({
    index: chunk.operationIndexes[position],
    row: chunk.rows[position],
    kind: 'deletions' as const,
    organizationId: id,
    ...(name !== undefined ? { name } : {}),
    ...(mergeInto !== undefined ? { mergeInto } : {}),
  }));
}

/**
 * The operations a stored chunk carries, rebuilt from its request body. The planner adds
 * operations to a body in the order of `operationIndexes`, so position i of the flattened
 * body is operation operationIndexes[i]. Storing the body alone keeps a chunk record
 * within Forge storage's 240 KiB value limit.
 */
/** The bulk rows a stored chunk carries (none for a deletions chunk: see deletionsOfChunk). */
export function operationsOfChunk(chunk: StoredChunk): RowOperation[] {
  const at = (position: number) => ({ index: chunk.operationIndexes[position], row: chunk.rows[position] });
  switch (chunk.kind) {
    case 'profiles':
      return (chunk.body as BulkProfilesRequest).organizationProfiles.map((item, position) => ({
        ...at(position),
        kind: 'profiles' as const,
        item,
      }));
    case 'organizations':
      return (chunk.body as BulkOrganizationsRequest).organizations.map((item, position) => ({
        ...at(position),
        kind: 'organizations' as const,
        item,
      }));
    case 'details': {
      const operations: RowOperation[] = [];
      for (const organization of (chunk.body as BulkDetailsRequest).organizations) {
        for (const operation of organization.operations) {
          operations.push({ ...at(operations.length), kind: 'details', organizationId: organization.id, operation });
        }
      }
      return operations;
    }
    case 'deletions':
    case 'memberships':
    case 'service-projects':
      return [];
  }
}
