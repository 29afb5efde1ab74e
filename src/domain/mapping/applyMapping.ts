import type { DetailFieldDefinition } from '../schemas';
import type { CsvRowReader } from '../import/csvTable';
import type { Locator } from '../import/problems';
import { fieldType } from '../import/values';
import { targetOf, type Mapping } from './mapping';

/** A file's header row as the kind's reader sees it once mapped, and how to turn its cells into site values. */
export interface MappedHeaders {
  /** Each file column's target, or its own name when the mapping does not name it. */
  headers: string[];
  /** Lower-case names (in `headers`) of the columns the mapping leaves out: the reader skips them. */
  leftOut: string[];
  /** Target (lower case) → the file's own header: problems name the column the admin sees in the file. */
  fileHeaderOf: Map<string, string>;
  /** Column index → the translation of its cells, for targets whose values the mapping translates. */
  translations: Map<number, (cell: string) => string>;
}

/** A left-out column's name in `headers`: nothing a file or a target can be called, so it never collides. */
const leftOutName = (index: number) => `\u0001left out ${index}`;
const MULTI_VALUE_SEPARATOR = /[|,]/;

export function mapHeaders(
  fileHeaders: readonly string[],
  mapping: Mapping,
  fields: readonly DetailFieldDefinition[],
): MappedHeaders {
  const mapped: MappedHeaders = { headers: [], leftOut: [], fileHeaderOf: new Map(), translations: new Map() };
  const tables = new Map(
    Object.entries(mapping.values ?? {}).map(([target, table]) => [target.trim().toLowerCase(), lowerKeys(table)]),
  );
  fileHeaders.forEach((header, index) => {
    if (header === '') {
      mapped.headers.push(header);
      return;
    }
    const target = targetOf(mapping, header);
    if (target === null) {
      mapped.headers.push(leftOutName(index));
      mapped.leftOut.push(leftOutName(index).toLowerCase());
      return;
    }
    mapped.headers.push(target);
    if (target !== header) mapped.fileHeaderOf.set(target.toLowerCase(), header);
    const table = tables.get(target.trim().toLowerCase());
    if (table && table.size > 0) {
      const field = fields.find((candidate) => candidate.name.toLowerCase() === target.trim().toLowerCase());
      const multi = field !== undefined && fieldType(field) === 'MULTISELECT';
      mapped.translations.set(index, multi ? translateEach(table) : (cell) => translate(table, cell));
    }
  });
  return mapped;
}

function lowerKeys(table: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(table).map(([value, site]) => [value.trim().toLowerCase(), site]));
}

/** A value the mapping does not translate is read as it is: an option's own name passes, anything else is checked. */
function translate(table: Map<string, string>, cell: string): string {
  return cell === '' ? cell : (table.get(cell.toLowerCase()) ?? cell);
}

function translateEach(table: Map<string, string>): (cell: string) => string {
  return (cell) =>
    cell
      .split(MULTI_VALUE_SEPARATOR)
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .map((part) => translate(table, part))
      .join('|');
}

/** Hands the reader each row with its cells translated (the row's own array: rows are not kept). */
export function translatingReader(reader: CsvRowReader, mapped: MappedHeaders): CsvRowReader {
  if (mapped.translations.size === 0) return reader;
  const translations = [...mapped.translations];
  return (record) => {
    for (const [index, translation] of translations) record.cells[index] = translation(record.cells[index]);
    reader(record);
  };
}

/**
 * Names the file's own column in a problem ("Sales Region", not the target "Region"): `names` is filled once the
 * header row is mapped.
 */
export function fileColumnLocator(base: Locator, names: Map<string, string>): Locator {
  return {
    unit: base.unit,
    describe: (place) =>
      base.describe(place.column === undefined ? place : { ...place, column: fileColumnName(names, place.column) }),
  };
}

export function fileColumnName(names: ReadonlyMap<string, string>, column: string): string {
  return names.get(column.toLowerCase()) ?? column;
}
