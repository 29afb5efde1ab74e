import { replacedValuesOf, changedSinceJob, type ReplacedValues, type OrganizationState } from './replaced';
import type { RowFailure } from './job';
import type { DetailRowOperation, RowOperation } from './operations';
import type { ObservedOrganization } from './outcomes';
import { asDetailOperation } from './plan';
import { previewRow } from './preview';

/** What a chunk's rows become once compared with what their organizations hold now. */
export interface ComparedRows {
  /** Rows that would change nothing: left out, never sent. */
  unchanged: Set<number>;
  /** An undo's rows whose organization changed after the undone job: held back as failed rows a retry sends. */
  changedSince: RowFailure[];
  /** Rows sent, that change one detail value of an existing organization: they may go as details operations. */
  toDetails: DetailRowOperation[];
  /** What each row sent replaces (for an undo of this job). */
  replaced: ReplacedValues[];
}

/**
 * Sorts a chunk's rows by what `current` (their organizations now, position by position) says of them. A send-all
 * job leaves no row out and moves none; `afterUndone` (for an undo) is what the undone job left each organization
 * holding, by id; `spares`: the job has spare details requests to move one-value rows into.
 */
export function compareRows(
  operations: readonly RowOperation[],
  current: readonly (ObservedOrganization | undefined)[],
  options: { sendAll?: boolean; spares: boolean; afterUndone?: ReadonlyMap<string, OrganizationState> },
): ComparedRows {
  const compared: ComparedRows = { unchanged: new Set(), changedSince: [], toDetails: [], replaced: [] };
  operations.forEach((op, position) => {
    const now = current[position];
    if (!options.sendAll && previewRow(op, now).change === 'unchanged') {
      compared.unchanged.add(op.index);
      return;
    }
    if (options.afterUndone && op.kind === 'profiles' && op.item.payload.id !== undefined) {
      const { id, name } = op.item.payload;
      const changed = changedSinceJob(op, now, options.afterUndone.get(id));
      if (changed) {
        compared.changedSince.push({
          index: op.index,
          row: op.row,
          id,
          name,
          error: changed,
          retryable: true,
          operation: op,
        });
        return;
      }
    }
    compared.replaced.push(replacedValuesOf(op, now));
    if (!options.sendAll && options.spares) {
      const detail = asDetailOperation(op, now);
      if (detail) compared.toDetails.push(detail);
    }
  });
  return compared;
}
