import type { RowOperation } from '../operations';
import type { PlannedChunk } from '../plan/types';
import type { TaskStatus } from '../schemas';
import { explainCsmError } from './explainCsmError';
import { matchFailure } from './matchFailure';
import { chunkOperations } from './operationLookup';
import type { TaskOutcome } from './types';

/**
 * Turns an ended task into per-operation outcomes. CSM lists only failures, so on FINISHED the operations it does not
 * name succeeded — unless a failure could not be matched to an operation; and a FAILED task (seen with empty failures
 * although its writes were applied) decides nothing it does not name: those operations need a read-back.
 */
export function mapTaskResult(
  chunk: Pick<PlannedChunk, 'index' | 'operationIndexes'>,
  operations: ReadonlyMap<number, RowOperation> | readonly RowOperation[],
  task: TaskStatus,
): TaskOutcome {
  if (task.status !== 'FINISHED' && task.status !== 'FAILED') {
    throw new Error(
      `Task ${task.id} of chunk ${chunk.index} is ${task.status}: map its result only once it has ended.`,
    );
  }
  const chunkOps = chunkOperations(chunk.operationIndexes, operations);
  const errorsByIndex = new Map<number, { errors: string[]; reported: string[] }>();
  const undecided = new Set<number>();
  const unplaced: string[] = [];
  let someFailureUnmatched = false;

  for (const failure of task.failures) {
    const match = matchFailure(failure, chunkOps);
    if (match.kind === 'none') {
      someFailureUnmatched = true;
      unplaced.push(failure.error ?? '');
      continue;
    }
    if (match.kind === 'ambiguous') {
      for (const op of match.operations) undecided.add(op.index);
      unplaced.push(failure.error ?? '');
      continue;
    }
    const error = explainCsmError(failure.error ?? '');
    for (const op of match.operations) {
      const found = errorsByIndex.get(op.index) ?? { errors: [], reported: [] };
      if (!found.errors.includes(error)) found.errors.push(error);
      found.reported.push(failure.error ?? '');
      errorsByIndex.set(op.index, found);
    }
  }

  const othersNeedReadBack = task.status === 'FAILED' || someFailureUnmatched;
  const outcome: TaskOutcome = { succeeded: [], failed: [], needsReadBack: [] };
  if (unplaced.length > 0) outcome.unplaced = unplaced;
  for (const { index } of chunkOps) {
    const found = errorsByIndex.get(index);
    if (found) outcome.failed.push({ index, error: found.errors.join(' '), reported: found.reported });
    else if (othersNeedReadBack || undecided.has(index)) outcome.needsReadBack.push(index);
    else outcome.succeeded.push(index);
  }
  return outcome;
}
