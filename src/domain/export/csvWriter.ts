import type { ObservedOrganization } from '../outcomes/observed';
import type { DetailFieldDefinition } from '../schemas';

export type CsvCell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
// A spreadsheet runs a cell starting with these as a formula (CSV injection); a leading ' makes it plain text.
const FORMULA_START = /^[=+\-@\t\r]/;
const LINE_END = '\r\n';
const MULTI_VALUE_SEPARATOR = '|';

/** Organizations in CSM's native CSV: name, ID, then one column per detail field; several values joined with `|`. */
export function writeNativeCsv(
  organizations: readonly ObservedOrganization[],
  detailFields: readonly DetailFieldDefinition[],
): string {
  const headers = ['Organization Name', 'Organization ID', ...detailFields.map((field) => field.name)];
  const rows = organizations.map((organization) => [
    organization.name,
    organization.id,
    ...detailFields.map((field) => (organization.details[field.name] ?? []).join(MULTI_VALUE_SEPARATOR)),
  ]);
  return rowsToCsv(headers, rows);
}

/** RFC 4180 CSV (CRLF line ends), with formula-like cells neutralised. */
export function rowsToCsv(headers: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [headers.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return lines.join(LINE_END) + LINE_END;
}

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
