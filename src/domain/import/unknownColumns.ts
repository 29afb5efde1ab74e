import { layOutColumns } from './columns';
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

/** Columns a file must have: at least one of `columns`; `fix` says what to do when none is there (default: add one). */
export interface RequiredColumns<Known extends string> {
  columns: readonly Known[];
  fix?: string;
}

/**
 * The header row of a file of one kind, checked as every reader checks it: the kind's columns found (unnamed and
 * repeated headers reported), each required column (or one of a group) present, and any other column refused by name.
 */
export function layOutKindColumns<Known extends string>(
  headers: readonly string[],
  knownColumns: readonly Known[],
  required: readonly RequiredColumns<Known>[],
  log: ProblemLog,
  ignored: ReadonlySet<string>,
): Partial<Record<Known, number>> {
  const { known, others } = layOutColumns(headers, knownColumns, log, ignored);
  for (const { columns, fix } of required) {
    if (columns.some((column) => known[column] !== undefined)) continue;
    const names = columns.map((column) => `"${column}"`).join(' or ');
    const advice = fix ?? (columns.length === 1 ? '. Add it.' : '. Add one of them.');
    log.headerError(undefined, 'missing-column', `there is no ${names} column${advice}`);
  }
  refuseUnknownColumns(others, knownColumns, log);
  return known;
}
