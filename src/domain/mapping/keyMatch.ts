import { csvLocator, ProblemLog } from '../import/problems';
import type { ImportProblem, ImportResult } from '../import/types';
import type { FileOperation, ProfileRowOperation } from '../operations';

/**
 * Matching rows by a key field (a mapping's `key`, an external id such as "CRM Id"): a profiles row with no
 * Organization ID but a value in the key field is the organization whose key field holds that value, named by its id
 * in what is sent, so a renamed account renames its organization instead of creating a second one. Organization ID
 * still wins; a value no organization holds leaves the row matched by its name, as without a key.
 */

/** An organization of the site, as the key matching knows it. */
export interface SiteOrganization {
  id: string;
  name: string;
}

/** What the site holds: its organizations by the key value each holds (see keyValue), and by lower-cased name. */
export interface SiteKeys {
  holders: ReadonlyMap<string, readonly SiteOrganization[]>;
  byName: ReadonlyMap<string, SiteOrganization>;
}

/** A row matched by its key: the organization it is now sent to by id. */
export interface KeyMatch {
  row: number;
  /** The key value, as a person reads it. */
  value: string;
  id: string;
  /** The organization's name on the site now (the row may rename it). */
  name: string;
}

const lower = (text: string) => text.trim().toLowerCase();

/** A key value as compared: the field's values, trimmed, in any order; undefined when there is none. */
export function keyValue(values: readonly string[] | undefined): string | undefined {
  const kept = (values ?? []).map((value) => value.trim()).filter((value) => value !== '');
  return kept.length === 0 ? undefined : [...kept].sort().join('\u0000');
}

const shownValue = (value: string) => `"${value.split('\u0000').join(' | ')}"`;

/** The key value a profiles row gives (undefined for another kind of row, or a row leaving the field empty). */
export function rowKeyValue(op: FileOperation, key: string): string | undefined {
  if (op.kind !== 'profiles') return undefined;
  const detail = op.item.payload.details?.find((candidate) => lower(candidate.name) === lower(key));
  return keyValue(detail?.values);
}

/** A row found by its key: it names no Organization ID and updates (UPDATE, UPSERT); a CREATE creates. */
function matchedByKey(op: FileOperation, key: string): op is ProfileRowOperation {
  return (
    op.kind === 'profiles' &&
    op.item.payload.id === undefined &&
    op.item.operationType !== 'CREATE' &&
    rowKeyValue(op, key) !== undefined
  );
}

/** Whether any row is to be found by its key: only then is the site read for key values. */
export function needsSiteKeys(operations: readonly FileOperation[], key: string): boolean {
  return operations.some((op) => matchedByKey(op, key));
}

/**
 * The rows matched by `key` (a detail field; `column`: the file's header for it, named in problems): two rows with
 * one key value are refused (the later ones), then, given the site's key values, each row to be found by its key is
 * sent by the id of the organization holding it. Refused: a value two organizations hold, an organization another
 * row names by its Organization ID, a rename to a name another organization has. Refused rows leave the operations,
 * as rows with errors do.
 */
export function matchByKey(
  result: ImportResult,
  key: string,
  column: string,
  site?: SiteKeys,
): { imported: ImportResult; matches: KeyMatch[] } {
  const log = new ProblemLog(csvLocator);
  const where = (row: number) => ({ row, column });
  const firstRow = new Map<string, number>();
  const idRows = new Map<string, number>();
  for (const op of result.operations) {
    if ((op.kind === 'profiles' || op.kind === 'organizations') && op.item.payload.id !== undefined)
      if (!idRows.has(op.item.payload.id)) idRows.set(op.item.payload.id, op.row);
    const value = rowKeyValue(op, key);
    if (value === undefined || op.kind !== 'profiles') continue;
    const earlier = firstRow.get(value);
    if (earlier === undefined) firstRow.set(value, op.row);
    else {
      log.labelRow(op.row, op.item.payload.name ?? '');
      log.error(
        where(op.row),
        'duplicate-key',
        `${key} ${shownValue(value)} is also in row ${earlier}: one ${key} is one organization, and tasks run out of order, so the result would be undefined. Merge the rows into one.`,
      );
    }
  }
  const matches: KeyMatch[] = [];
  const operations = result.operations.map((op) => {
    if (!site || log.hasErrorOn(op.row) || !matchedByKey(op, key)) return op;
    const value = rowKeyValue(op, key)!;
    const found = site.holders.get(value) ?? [];
    const name = op.item.payload.name;
    log.labelRow(op.row, name ?? '');
    if (found.length === 0) return op;
    const [holder] = found;
    const problem =
      found.length > 1
        ? `${listed(found)} all hold ${key} ${shownValue(value)} on the site, so the row cannot tell which one it is. Give the row its Organization ID, or correct the ${key} of the others on the site.`
        : idRows.has(holder.id)
          ? `${key} ${shownValue(value)} is the organization "${holder.name}" (ID ${holder.id}), already in row ${idRows.get(holder.id)} by its Organization ID. Tasks run out of order, so the result would be undefined; merge the rows into one.`
          : renameTaken(holder, name, site, key, value);
    if (problem !== undefined) {
      log.error(where(op.row), found.length > 1 ? 'ambiguous-key' : 'key-conflict', problem);
      return op;
    }
    matches.push({ row: op.row, value: value.split('\u0000').join(' | '), id: holder.id, name: holder.name });
    return { ...op, item: { ...op.item, payload: { ...op.item.payload, id: holder.id } } };
  });
  return { imported: withProblems(result, operations, log), matches };
}

function renameTaken(
  holder: SiteOrganization,
  name: string | undefined,
  site: SiteKeys,
  key: string,
  value: string,
): string | undefined {
  if (name === undefined) return undefined;
  const other = site.byName.get(lower(name));
  if (!other || other.id === holder.id) return undefined;
  return `${key} ${shownValue(value)} is the organization "${holder.name}" (ID ${holder.id}); the row renames it to "${name}", which is the name of another organization (ID ${other.id}), and CSM refuses that. Correct the name, or rename or merge the other organization first.`;
}

function listed(found: readonly SiteOrganization[]): string {
  const names = found.slice(0, 5).map((org) => `"${org.name}" (ID ${org.id})`);
  const more = found.length > 5 ? ` and ${found.length - 5} more` : '';
  return `The organizations ${names.join(', ')}${more}`;
}

/** The import with the rows the log refused left out (renumbered), and its problems added in row order. */
function withProblems(result: ImportResult, operations: FileOperation[], log: ProblemLog): ImportResult {
  if (log.problems.length === 0) return { ...result, operations };
  const kept = operations
    .filter((op) => !log.hasErrorOn(op.row))
    .map((op, index) => (op.index === index ? op : { ...op, index }));
  const problems: ImportProblem[] = [...result.problems, ...log.problems]
    .map((problem, position) => ({ problem, position }))
    .sort((a, b) => (a.problem.row ?? 0) - (b.problem.row ?? 0) || a.position - b.position)
    .map(({ problem }) => problem);
  return { ...result, operations: kept, problems, rowsWithErrors: result.rowsWithErrors + log.errorRowCount };
}
