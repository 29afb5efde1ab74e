import type { RowOperation } from './operations';
import type { ObservedOrganization } from './outcomes';

/**
 * What an organization held just before a job's row changed it: only what the row changes (its name, the detail
 * fields it sets), which is what an undo puts back. Read from the site right before the row's request is first sent.
 */
export interface OrganizationBefore {
  /** The operation (row) that changes it. */
  index: number;
  row: number;
  /** The organization as it was; absent: it did not exist (the row creates it). */
  was?: { id: string; name: string; details: Record<string, string[]> };
}

/** The part of `current` that `op` changes. */
export function beforeOf(op: RowOperation, current: ObservedOrganization | undefined): OrganizationBefore {
  const before: OrganizationBefore = { index: op.index, row: op.row };
  if (!current) return before;
  const fields =
    op.kind === 'details'
      ? [op.operation.payload.name]
      : op.kind === 'profiles'
        ? (op.item.payload.details ?? []).map((detail) => detail.name)
        : [];
  const details: Record<string, string[]> = {};
  for (const field of fields) details[field] = current.details[field] ?? [];
  before.was = { id: current.id, name: current.name, details };
  return before;
}
