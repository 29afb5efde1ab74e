import { fieldType } from '../domain/import/values';
import type { Mapping } from '../domain/mapping/mapping';
import {
  MAX_DISTINCT,
  proposeOption,
  type FileSample,
  type MappingProposal,
  type ProposedBy,
} from '../domain/mapping/propose';
import type { DetailFieldDefinition } from '../domain/schemas';

/** One column of the file in the mapping step: where it goes now, and how that target was found. */
export interface ColumnRow {
  header: string;
  index: number;
  samples: string[];
  /** null: left out. */
  target: string | null;
  /** 'chosen': the admin changed the proposal. */
  by: ProposedBy | 'chosen';
}

/** A select field a column goes to: the column's distinct values and the option each goes to (none: a row error). */
export interface ValueTable {
  header: string;
  target: string;
  options: string[];
  values: { value: string; rows: number; option?: string }[];
  /** More distinct values than the page lists: the rows beyond them are checked by the preview. */
  tooMany: boolean;
}

const lower = (text: string) => text.trim().toLowerCase();

/** Columns every reader passes over: blank headers and a failed-rows file's "Failure Reason". */
const passedOver = (header: string) => header.trim() === '' || lower(header) === 'failure reason';

/**
 * The file needs the mapping step when a column is not exactly one of the kind's columns (a close name, a CRM's own,
 * none at all), or when its headers match a saved mapping or a CRM export; a file in the import format does not.
 */
export function needsMapping(proposal: MappingProposal): boolean {
  if (proposal.saved !== undefined || proposal.preset !== undefined) return true;
  return proposal.columns.some(
    (column) => !passedOver(column.header) && (column.target === null || column.by !== 'exact'),
  );
}

export function columnRows(proposal: MappingProposal, mapping: Mapping): ColumnRow[] {
  return proposal.columns.map((column, index) => {
    const target = Object.hasOwn(mapping.columns, column.header) ? mapping.columns[column.header] : column.target;
    return { ...column, index, target, by: target === column.target ? column.by : 'chosen' };
  });
}

function selectField(fields: readonly DetailFieldDefinition[], target: string | null) {
  if (target === null) return undefined;
  const field = fields.find((candidate) => lower(candidate.name) === lower(target));
  const type = field === undefined ? '' : fieldType(field);
  return field?.options?.length && (type === 'SELECT' || type === 'MULTISELECT') ? field : undefined;
}

/** A column's distinct values, each value of a multi-select cell on its own (as the import reads them). */
function distinctValues(distinct: ReadonlyMap<string, number>, multi: boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [cell, rows] of distinct) {
    for (const value of multi ? cell.split(/[|,]/).map((part) => part.trim()) : [cell]) {
      if (value !== '') counts.set(value, (counts.get(value) ?? 0) + rows);
    }
  }
  return counts;
}

function tableOf(mapping: Mapping, target: string): Record<string, string> {
  const entry = Object.entries(mapping.values ?? {}).find(([name]) => lower(name) === lower(target));
  return entry?.[1] ?? {};
}

/** Per select field a column goes to: its values, each with the option the mapping (or the value itself) names. */
export function valueTables(
  sample: FileSample,
  rows: readonly ColumnRow[],
  mapping: Mapping,
  fields: readonly DetailFieldDefinition[],
): ValueTable[] {
  return rows.flatMap((row) => {
    const field = selectField(fields, row.target);
    if (!field?.options) return [];
    const options = field.options;
    const table = tableOf(mapping, field.name);
    const counts = distinctValues(sample.distinct[row.index], fieldType(field) === 'MULTISELECT');
    const values = [...counts].map(([value, count]) => {
      const option = table[value] ?? options.find((candidate) => lower(candidate) === lower(value));
      return option === undefined ? { value, rows: count } : { value, rows: count, option };
    });
    return [
      {
        header: row.header,
        target: field.name,
        options,
        values,
        tooMany: sample.distinct[row.index].size > MAX_DISTINCT,
      },
    ];
  });
}

/** The column sent to another target; for a select field, each of its values gets the option it most likely means. */
export function withTarget(
  mapping: Mapping,
  change: { header: string; index: number; target: string | null },
  sample: FileSample,
  fields: readonly DetailFieldDefinition[],
): Mapping {
  const next: Mapping = { ...mapping, columns: { ...mapping.columns, [change.header]: change.target } };
  const field = selectField(fields, change.target);
  if (!field?.options) return next;
  const table = { ...tableOf(mapping, field.name) };
  for (const value of distinctValues(sample.distinct[change.index], fieldType(field) === 'MULTISELECT').keys()) {
    const option = proposeOption(value, field.options);
    if (table[value] === undefined && option !== undefined && option !== value) table[value] = option;
  }
  return withTable(next, field.name, table);
}

/** A value sent to an option (undefined: to none, so the rows holding it are errors in the preview). */
export function withOption(mapping: Mapping, target: string, value: string, option: string | undefined): Mapping {
  const table = { ...tableOf(mapping, target) };
  if (option === undefined || option === value) delete table[value];
  else table[value] = option;
  return withTable(mapping, target, table);
}

function withTable(mapping: Mapping, target: string, table: Record<string, string>): Mapping {
  const values = Object.fromEntries(
    Object.entries(mapping.values ?? {}).filter(([name]) => lower(name) !== lower(target)),
  );
  if (Object.keys(table).length > 0) values[target] = table;
  const { values: _old, ...rest } = mapping;
  return Object.keys(values).length > 0 ? { ...rest, values } : rest;
}

/** The mapping as sent: translations kept only for targets a column still goes to. */
export function mappingForUse(mapping: Mapping, rows: readonly ColumnRow[]): Mapping {
  const used = new Set(rows.flatMap((row) => (row.target === null ? [] : [lower(row.target)])));
  const values = Object.entries(mapping.values ?? {}).filter(([target]) => used.has(lower(target)));
  const { values: _old, ...rest } = mapping;
  return values.length > 0 ? { ...rest, values: Object.fromEntries(values) } : rest;
}

/**
 * A saved mapping chosen by name, narrowed to the columns this file has (a saved mapping fits a file holding every
 * column it names): what it says of them is proposed; undefined when it names none of them.
 */
export function narrowedTo(mapping: Mapping, headers: readonly string[]): Mapping | undefined {
  const names = new Set(headers.map(lower));
  const columns = Object.entries(mapping.columns).filter(([header]) => names.has(lower(header)));
  return columns.length > 0 ? { ...mapping, columns: Object.fromEntries(columns) } : undefined;
}
