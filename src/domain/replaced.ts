import type { RowOperation } from './operations';
import type { ObservedOrganization } from './outcomes';
import { sameValues } from './preview';

/**
 * What an organization held just before a job's row changed it: only what the row changes (its name, the detail
 * fields it sets), which is what an undo puts back. Read from the site right before the row's request is first sent.
 */
export interface ReplacedValues {
  /** The operation (row) that changes it. */
  index: number;
  row: number;
  /** The organization as it was; absent: it did not exist (the row creates it). */
  was?: { id: string; name: string; details: Record<string, string[]> };
  /** The name of the organization the row creates, when `was` is absent. */
  creates?: string;
  /**
   * What the row leaves the organization holding, for what it changes (its name if it sets one, each field it sets):
   * an undo restores only organizations that still hold this, so that a change made since is never overwritten
   * unasked. Absent on records stored before it was kept.
   */
  after?: OrganizationState;
}

/** A name and some detail fields' values of one organization. */
export interface OrganizationState {
  name?: string;
  details: Record<string, string[]>;
}

/** The part of `current` that `op` changes. */
export function replacedValuesOf(op: RowOperation, current: ObservedOrganization | undefined): ReplacedValues {
  const before: ReplacedValues = { index: op.index, row: op.row };
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
  before.after = afterOf(op, current);
  return before;
}

/** What `op` leaves `current` holding, for what it changes. */
function afterOf(op: RowOperation, current: ObservedOrganization): OrganizationState {
  if (op.kind === 'details') {
    const { operationType, payload } = op.operation;
    const now = current.details[payload.name] ?? [];
    const values = payload.values ?? [];
    const left =
      operationType === 'UPDATE'
        ? [...values]
        : operationType === 'PATCH'
          ? [...now, ...values.filter((value) => !now.includes(value))]
          : values.length === 0
            ? []
            : now.filter((value) => !values.includes(value));
    return { details: { [payload.name]: left } };
  }
  const details: Record<string, string[]> = {};
  if (op.kind === 'profiles')
    for (const detail of op.item.payload.details ?? []) details[detail.name] = [...detail.values];
  const { name } = op.item.payload;
  return name === undefined ? { details } : { name, details };
}

/**
 * What a job left each organization it changed holding, by id: for each field, what its last row set (a later row
 * of the same organization wins, as it was sent later).
 */
export function afterJob(replaced: readonly ReplacedValues[]): Map<string, OrganizationState> {
  const byId = new Map<string, OrganizationState>();
  for (const before of [...replaced].sort((a, b) => a.row - b.row || a.index - b.index)) {
    if (!before.was || !before.after) continue;
    const state = byId.get(before.was.id) ?? { details: {} };
    if (before.after.name !== undefined) state.name = before.after.name;
    Object.assign(state.details, before.after.details);
    byId.set(before.was.id, state);
  }
  return byId;
}

/**
 * Why an undo's row must not be sent unasked: the organization changed since the job (for some field it holds
 * neither what the job left nor what the undo restores). Undefined: restoring it overwrites only the job's own
 * change. Without a record of what the job left (`after` undefined), nothing can be told: it is restored. An
 * organization deleted since is not held either: the update is sent and CSM refuses it, as any update of a missing
 * organization, and the row fails saying so.
 */
export function changedSinceJob(
  undo: RowOperation,
  current: ObservedOrganization | undefined,
  after: OrganizationState | undefined,
): string | undefined {
  if (undo.kind !== 'profiles' || !after || !current) return undefined;
  const { payload } = undo.item;
  const changes: string[] = [];
  if (payload.name !== undefined && after.name !== undefined && ![payload.name, after.name].includes(current.name))
    changes.push(`its name is now ${quoted([current.name])} (the job set ${quoted([after.name])})`);
  for (const { name, values } of payload.details ?? []) {
    const left = after.details[name];
    const now = current.details[name] ?? [];
    if (left !== undefined && !sameValues(now, values) && !sameValues(now, left))
      changes.push(`${name} is now ${quoted(now)} (the job set ${quoted(left)})`);
  }
  if (changes.length === 0) return undefined;
  return `Not restored: changed after the job, ${changes.join('; ')}. Undoing it would overwrite that change. Retry this row to restore it anyway.`;
}

function quoted(values: readonly string[]): string {
  return values.length === 0 ? 'empty' : values.map((value) => `“${value}”`).join(', ');
}

/**
 * What puts back what a job replaced: one profile UPDATE per organization it changed, by id, with the name and the
 * detail values it had before (rows keep the job's row numbers, so a failure points at the original file). The
 * organizations the job created are not in it: `created` counts them.
 */
export function undoOperations(replaced: readonly ReplacedValues[]): {
  operations: RowOperation[];
  created: number;
  /** The names of the organizations the job's rows created (or would have). */
  createdNames: string[];
} {
  const byId = new Map<string, { row: number; name: string; details: Map<string, string[]> }>();
  let created = 0;
  const createdNames: string[] = [];
  for (const before of [...replaced].sort((a, b) => a.row - b.row || a.index - b.index)) {
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
