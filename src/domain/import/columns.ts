import { FAILURE_REASON_COLUMN } from '../export/failedRows';
import type { ProblemLog } from './problems';

/** The reason column of a failed-rows file: skipped on import, so that the file, corrected, imports as it is. */
const IGNORED_COLUMN = FAILURE_REASON_COLUMN.toLowerCase();

export interface HeaderColumn {
  header: string;
  index: number;
}

export interface ColumnLayout<Known extends string> {
  known: Partial<Record<Known, number>>;
  /** Headers that are none of the known columns, for the caller to resolve or refuse. */
  others: HeaderColumn[];
}

/** No column left out but the "Failure Reason" one. */
export const NO_IGNORED_COLUMNS: ReadonlySet<string> = new Set();

/**
 * Finds the known columns (letter case ignored) and reports unnamed and repeated headers; a "Failure Reason" column
 * is skipped, and so are the columns the admin chose to ignore (`ignored`: lower-case names), whatever they hold.
 */
export function layOutColumns<Known extends string>(
  headers: readonly string[],
  knownColumns: readonly Known[],
  log: ProblemLog,
  ignored: ReadonlySet<string> = NO_IGNORED_COLUMNS,
): ColumnLayout<Known> {
  const knownByLowerName = new Map<string, Known>(knownColumns.map((name) => [name.toLowerCase(), name]));
  const firstIndexByLowerName = new Map<string, number>();
  const layout: ColumnLayout<Known> = { known: {}, others: [] };
  headers.forEach((header, index) => {
    if (header === '') {
      log.headerError(
        undefined,
        'unnamed-column',
        `column ${index + 1} has no name. Give it a name, or delete the column.`,
      );
      return;
    }
    const lower = header.toLowerCase();
    if (ignored.has(lower)) return;
    const earlier = firstIndexByLowerName.get(lower);
    if (earlier !== undefined) {
      log.headerError(
        header,
        'duplicate-column',
        `the column appears twice (columns ${earlier + 1} and ${index + 1}). Keep one of them and move its values there.`,
      );
      return;
    }
    firstIndexByLowerName.set(lower, index);
    if (lower === IGNORED_COLUMN) return;
    const known = knownByLowerName.get(lower);
    if (known !== undefined) layout.known[known] = index;
    else layout.others.push({ header, index });
  });
  return layout;
}
