import type { JobKind, RowOperation } from './operations';
import type { BulkDetailsRequest, BulkOrganizationsRequest, BulkProfilesRequest } from './schemas';

/**
 * The operations a stored chunk carries, rebuilt from its request body. The planner adds
 * operations to a body in the order of `operationIndexes`, so position i of the flattened
 * body is operation operationIndexes[i]. Storing the body alone keeps a chunk record
 * within Forge storage's 240 KiB value limit.
 */
export function operationsOfChunk(chunk: {
  kind: JobKind;
  body: unknown;
  operationIndexes: readonly number[];
  rows: readonly number[];
}): RowOperation[] {
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
  }
}
