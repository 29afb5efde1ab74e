import { closestName } from '../suggest';
import type { HeaderColumn } from './columns';
import { listForMessage } from './fieldCatalog';
import type { ProblemLog } from './problems';

/**
 * Reports columns the kind does not use, naming the closest column it does use. The rows are still checked; the file
 * is not sent until each such column is renamed or ignored.
 */
export function refuseUnknownColumns(
  others: readonly HeaderColumn[],
  knownColumns: readonly string[],
  log: ProblemLog,
): void {
  for (const { header } of others) {
    const suggestion = closestName(header, knownColumns);
    const fix =
      suggestion === undefined
        ? `Use only the columns ${knownColumns.join(', ')}.`
        : `Did you mean "${suggestion}"? Rename the column.`;
    log.unknownColumn(header, `this file has no use for a column "${header}". ${fix}`);
  }
}

/** Why a file is not sent while it has unknown columns, and what to do about it. */
export function describeUnknownColumns(columns: readonly string[]): string {
  const names = listForMessage(columns.map((column) => `"${column}"`));
  return columns.length === 1
    ? `the column ${names} matches nothing this kind of file holds. Rename it, or choose to ignore it (its values are then left out).`
    : `the columns ${names} match nothing this kind of file holds. Rename them, or choose to ignore them (their values are then left out).`;
}
