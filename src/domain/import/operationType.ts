import type { ProblemLog } from './problems';

/** Reads an Operation cell (letter case ignored); empty means the default. */
export function readOperationType<T extends string>(
  cell: string,
  allowed: readonly T[],
  fallback: T,
  row: number,
  column: string,
  log: ProblemLog,
): T | undefined {
  if (cell === '') return fallback;
  const upper = cell.toUpperCase();
  const match = allowed.find((type) => type === upper);
  if (match === undefined) {
    log.error(
      { row, column },
      'invalid-operation',
      `"${cell}" is not an operation. Use ${allowed.join(', ')}, or leave it empty for ${fallback}.`,
    );
  }
  return match;
}
