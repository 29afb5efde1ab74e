import type { RowOperation } from '../operations';

/** The chunk's operations, from a map keyed by index or from the job's list. */
export function chunkOperations(
  operationIndexes: readonly number[],
  operations: ReadonlyMap<number, RowOperation> | readonly RowOperation[],
): RowOperation[] {
  const find =
    operations instanceof Map
      ? (index: number) => operations.get(index)
      : listLookup(operations as readonly RowOperation[]);
  return operationIndexes.map((index) => {
    const op = find(index);
    if (op === undefined)
      throw new Error(`Operation ${index} of the chunk is not among the operations given: pass the job's operations.`);
    return op;
  });
}

function listLookup(operations: readonly RowOperation[]): (index: number) => RowOperation | undefined {
  let byIndex: Map<number, RowOperation> | undefined;
  return (index) => {
    // A job's list is normally in index order; only a list that is not needs a map.
    if (operations[index]?.index === index) return operations[index];
    byIndex ??= new Map(operations.map((op) => [op.index, op]));
    return byIndex.get(index);
  };
}
