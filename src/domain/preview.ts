import type { RowOperation } from './operations';
import type { ObservedOrganization } from './outcomes';

/**
 * What a row would do: a bulk row creates, updates or changes nothing; a membership row adds, removes or moves a
 * customer, or changes nothing (already a member, not a member); a deletion deletes (or finds it gone); any row may
 * fail.
 */
export type RowChange =
  'create' | 'update' | 'unchanged' | 'add' | 'remove' | 'move' | 'member' | 'not-member' | 'delete' | 'error';

export interface RowPreview {
  row: number;
  index: number;
  organization: string;
  change: RowChange;
  note?: string;
  /** For an update: what it changes, before → after (see beforeAfter). */
  changes?: string[];
}

/** How many rows a file would create, update, leave unchanged, and which CSM would refuse as they are. */
export type ChangeCounts = Record<RowChange, number>;

export function noChanges(): ChangeCounts {
  const counts = { create: 0, update: 0, unchanged: 0, add: 0, remove: 0, move: 0, member: 0, 'not-member': 0 };
  return { ...counts, delete: 0, error: 0 };
}

/** Two counts added up. */
export function addCounts(a: ChangeCounts, b: ChangeCounts): ChangeCounts {
  const sum = noChanges();
  for (const key of Object.keys(sum) as RowChange[]) sum[key] = (a[key] ?? 0) + (b[key] ?? 0);
  return sum;
}

export function countChanges(rows: readonly Pick<RowPreview, 'change'>[]): ChangeCounts {
  const counts = noChanges();
  for (const row of rows) counts[row.change] += 1;
  return counts;
}

/** The same values, in any order (CSM keeps no order for a field's values). */
export const sameValues = (a: readonly string[] = [], b: readonly string[] = []) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/** What a row will do to the organization as it is now (undefined: it does not exist). */
export function previewRow(op: RowOperation, current: ObservedOrganization | undefined): RowPreview {
  const base = { row: op.row, index: op.index };
  if (op.kind === 'details') {
    const organization = current?.name ?? `organization ${op.organizationId}`;
    if (!current)
      return { ...base, organization, change: 'error', note: `There is no organization with id ${op.organizationId}.` };
    const { operationType, payload } = op.operation;
    const now = current.details[payload.name] ?? [];
    const values = payload.values ?? [];
    const unchanged =
      (operationType === 'UPDATE' && sameValues(now, values)) ||
      (operationType === 'PATCH' && values.every((value) => now.includes(value))) ||
      (operationType === 'DELETE' &&
        (values.length === 0 ? now.length === 0 : values.every((value) => !now.includes(value))));
    return { ...base, organization, change: unchanged ? 'unchanged' : 'update' };
  }
  const { operationType, payload } = op.item;
  const organization = payload.name ?? `organization ${payload.id}`;
  if (!current) {
    if (operationType === 'UPDATE')
      return {
        ...base,
        organization,
        change: 'error',
        note: 'The organization does not exist, so it cannot be updated.',
      };
    if (payload.name === undefined)
      return {
        ...base,
        organization,
        change: 'error',
        note: 'The organization does not exist and the row has no name to create it with.',
      };
    return { ...base, organization, change: 'create' };
  }
  if (operationType === 'CREATE') {
    return {
      ...base,
      organization,
      change: 'error',
      note: `An organization named "${current.name}" already exists. Use UPDATE or UPSERT.`,
    };
  }
  if (op.kind === 'organizations')
    return { ...base, organization, change: current.name === payload.name ? 'unchanged' : 'update' };
  const renamed = payload.name !== undefined && payload.name !== current.name;
  const detailsChange = (op.item.payload.details ?? []).some(
    (detail) => !sameValues(current.details[detail.name], detail.values),
  );
  const customersChange = (op.item.payload.associateCustomers?.customerIds ?? []).some(
    (id) => !(current.customerIds ?? []).includes(id),
  );
  const productsChange = (op.item.payload.associateProducts?.productIds ?? []).some(
    (id) => !(current.productIds ?? []).includes(id),
  );
  return {
    ...base,
    organization,
    change: renamed || detailsChange || customersChange || productsChange ? 'update' : 'unchanged',
  };
}
