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
  /** The name of the organization the row creates, when `was` is absent. */
  creates?: string;
}

/** The part of `current` that `op` changes. */
export function beforeOf(op: RowOperation, current: ObservedOrganization | undefined): OrganizationBefore {
  const before: OrganizationBefore = { index: op.index, row: op.row };
  if (!current) {
    const name = op.kind === 'details' ? undefined : op.item.payload.name;
    return name === undefined ? before : { ...before, creates: name };
  }
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

/**
 * What puts back what a job replaced: one profile UPDATE per organization it changed, by id, with the name and the
 * detail values it had before (rows keep the job's row numbers, so a failure points at the original file). The
 * organizations the job created are not in it: `created` counts them.
 */
export function undoOperations(befores: readonly OrganizationBefore[]): {
  operations: RowOperation[];
  created: number;
  /** The names of the organizations the job's rows created (or would have). */
  createdNames: string[];
} {
  const byId = new Map<string, { row: number; name: string; details: Map<string, string[]> }>();
  let created = 0;
  const createdNames: string[] = [];
  for (const before of [...befores].sort((a, b) => a.row - b.row || a.index - b.index)) {
    if (!before.was) {
      created += 1;
      if (before.creates !== undefined) createdNames.push(before.creates);
      continue;
    }
    const entry = byId.get(before.was.id) ?? { row: before.row, name: before.was.name, details: new Map() };
    // The earliest row names the organization as it was; a field keeps the first value a row replaced.
    for (const [field, values] of Object.entries(before.was.details))
      if (!entry.details.has(field)) entry.details.set(field, values);
    byId.set(before.was.id, entry);
  }
  const operations: RowOperation[] = [...byId].map(([id, entry], index) => ({
    index,
    row: entry.row,
    kind: 'profiles',
    item: {
      operationType: 'UPDATE',
      payload: {
        id,
        name: entry.name,
        ...(entry.details.size > 0
          ? { details: [...entry.details].map(([name, values]) => ({ name, values: [...values] })) }
          : {}),
      },
    },
  }));
  return { operations, created, createdNames };
}
