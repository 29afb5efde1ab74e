import type { RowOperation } from '../operations';
import { JSON_IDENTITY_COLUMNS } from './json/identityColumns';
import { CSV_IDENTITY_COLUMNS } from './organizationIdentity';
import { csvLocator, jsonLocator, ProblemLog } from './problems';
import type { ImportProblem, ImportResult } from './types';

/**
 * A row that names by name an organization another row names by ID: the site says the name is that organization's.
 * Both rows pass the file's own checks (one claims an ID, the other a name), yet CSM would run two tasks on one
 * organization, in any order. The row by name is the one refused.
 */
export interface SameOrganization {
  /** The row naming the organization by name. */
  row: number;
  name: string;
  /** The organization's ID on the site, and the row naming it by that ID. */
  id: string;
  idRow: number;
}

/** Organization names are unique ignoring case on a site, so names are compared lower-cased. */
const nameKey = (name: string) => name.toLowerCase();

/** The ID CSM finds the row's organization by; an organizations CREATE is by name (CSM ignores an ID there). */
function idOf(op: RowOperation): string | undefined {
  if (op.kind === 'details') return op.organizationId;
  if (op.kind === 'organizations' && op.item.operationType === 'CREATE') return undefined;
  return op.item.payload.id;
}

/** The name CSM finds the row's organization by, when it has no ID to find it by. */
function nameOf(op: RowOperation): string | undefined {
  return op.kind === 'details' || idOf(op) !== undefined ? undefined : op.item.payload.name;
}

/**
 * What to look up on the site to know which names are organizations the file names by ID: the IDs the rows name
 * and the names of the rows without one. Either side is enough (a name matters only if it is one of those IDs'
 * current names), so a caller looks up the shorter. Nothing when the file names organizations one way only.
 */
export function identitiesToLookUp(operations: readonly RowOperation[]): { ids: string[]; names: string[] } {
  const ids = new Set<string>();
  const names = new Map<string, string>();
  for (const op of operations) {
    const id = idOf(op);
    if (id !== undefined) ids.add(id);
    const name = nameOf(op);
    if (name !== undefined && !names.has(nameKey(name))) names.set(nameKey(name), name);
  }
  if (ids.size === 0 || names.size === 0) return { ids: [], names: [] };
  return { ids: [...ids], names: [...names.values()] };
}

/** The site's answer to a lookup by IDs or by names, as a map from a lower-cased name to the ID it belongs to. */
export function idsByName(found: readonly { id: string; name: string }[]): Map<string, string> {
  return new Map(found.map(({ id, name }) => [nameKey(name), id]));
}

/** The rows by name whose name is, on the site, an organization another row names by ID (in row order). */
export function findSameOrganizations(
  operations: readonly RowOperation[],
  siteIds: ReadonlyMap<string, string>,
): SameOrganization[] {
  const idRows = new Map<string, number>();
  for (const op of operations) {
    const id = idOf(op);
    if (id !== undefined && !idRows.has(id)) idRows.set(id, op.row);
  }
  const same: SameOrganization[] = [];
  for (const op of operations) {
    const name = nameOf(op);
    const id = name === undefined ? undefined : siteIds.get(nameKey(name));
    const idRow = id === undefined ? undefined : idRows.get(id);
    if (name === undefined || id === undefined || idRow === undefined) continue;
    same.push({ row: op.row, name, id, idRow });
  }
  return same;
}

/**
 * The import with the rows of `same` turned into rows with errors: each gets its problem (in the wording of the
 * file's own duplicate check) and its operation is left out, as a row with an error in the file is.
 */
export function reportSameOrganizations(result: ImportResult, same: readonly SameOrganization[]): ImportResult {
  if (same.length === 0) return result;
  const csv = result.format === 'csv';
  const columns = csv ? CSV_IDENTITY_COLUMNS : JSON_IDENTITY_COLUMNS;
  const log = new ProblemLog(csv ? csvLocator : jsonLocator);
  const unit = log.locator.unit;
  for (const { row, name, id, idRow } of same) {
    const idPlace = csv ? `${unit} ${idRow} (column "${columns.id}")` : `${unit} ${idRow} (${columns.id})`;
    log.labelRow(row, name);
    log.error(
      { row, column: columns.name },
      'duplicate-organization',
      `the organization "${name}" is the one with ID ${id} on the site, already in ${idPlace}. ` +
        `Tasks run out of order, so the result would be undefined; merge the ${unit}s into one.`,
    );
  }
  const operations = result.operations
    .filter((op) => !log.hasErrorOn(op.row))
    .map((op, index) => (op.index === index ? op : { ...op, index }));
  return {
    ...result,
    operations,
    problems: inRowOrder(result.problems, log.problems),
    // These rows had no error before: their operations were in the import.
    rowsWithErrors: result.rowsWithErrors + log.errorRowCount,
  };
}

/** Both lists are in row order (file-level problems first): merged, a row's earlier problems stay first. */
function inRowOrder(problems: readonly ImportProblem[], added: readonly ImportProblem[]): ImportProblem[] {
  const merged: ImportProblem[] = [];
  let next = 0;
  for (const problem of problems) {
    while (next < added.length && (added[next].row ?? 0) < (problem.row ?? 0)) merged.push(added[next++]);
    merged.push(problem);
  }
  merged.push(...added.slice(next));
  return merged;
}
