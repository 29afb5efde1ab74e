import { ENDPOINT_LIMITS } from '../limits';
import type { ChunkRecord } from '../job';
import type { DetailRowOperation, RowOperation } from '../operations';
import type { ObservedOrganization } from '../outcomes';
import { sameValues } from '../preview';

/**
 * The detail-value operation that does what a profile row does to an organization that exists, when all the row
 * changes is one field's values (its name, customers and products as they are): such rows go 1,000 to a request
 * through the details endpoint instead of 100 through profiles. Undefined for any other row.
 */
export function asDetailOperation(
  op: RowOperation,
  current: ObservedOrganization | undefined,
): DetailRowOperation | undefined {
  if (op.kind !== 'profiles' || !current) return undefined;
  const { operationType, payload } = op.item;
  if (operationType === 'CREATE') return undefined;
  if (payload.name !== undefined && payload.name !== current.name) return undefined;
  if (payload.id !== undefined && payload.id !== current.id) return undefined;
  if (payload.associateCustomers || payload.associateProducts) return undefined;
  const changed = (payload.details ?? []).filter((detail) => !sameValues(current.details[detail.name], detail.values));
  if (changed.length !== 1) return undefined;
  const [{ name, values }] = changed;
  return {
    index: op.index,
    row: op.row,
    kind: 'details',
    organizationId: current.id,
    // Replaces the field's values, as a profile does; no values clears the field.
    operation:
      values.length > 0
        ? { operationType: 'UPDATE', payload: { name, values: [...values] } }
        : { operationType: 'DELETE', payload: { name } },
  };
}

/** A details request holding `operations`, one organization each (as asDetailOperation makes them). */
export function detailsChunk(index: number, phase: number, operations: readonly DetailRowOperation[]): ChunkRecord {
  return {
    index,
    phase,
    kind: 'details',
    body: { organizations: operations.map((op) => ({ id: op.organizationId, operations: [op.operation] })) },
    operationIndexes: operations.map((op) => op.index),
    rows: operations.map((op) => op.row),
  };
}

/**
 * Empty details requests reserved after a job's profile requests, in their phase: enough for every profile row
 * that sets a detail value to move into one (see asDetailOperation). Those left empty end sending nothing.
 */
export function spareDetailChunks(
  planned: readonly { index: number; phase: number; kind: string }[],
  operations: readonly RowOperation[],
): ChunkRecord[] {
  const profiles = planned.find((chunk) => chunk.kind === 'profiles');
  if (!profiles) return [];
  const candidates = operations.filter((op) => op.kind === 'profiles' && (op.item.payload.details ?? []).length > 0);
  const count = Math.ceil(candidates.length / ENDPOINT_LIMITS.detailOperations);
  return Array.from({ length: count }, (_, i) => detailsChunk(planned.length + i, profiles.phase, []));
}
