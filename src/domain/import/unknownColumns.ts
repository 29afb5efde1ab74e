import { closestName } from '../suggest';
import type { HeaderColumn } from './columns';
import type { ProblemLog } from './problems';

/** Refuses columns the kind does not use, naming the closest column it does use. */
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
    log.headerError(header, 'unknown-column', `this file has no use for a column "${header}". ${fix}`);
  }
}
