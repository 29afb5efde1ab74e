import type { ObservedOrganization } from '../outcomes/observed';
import type { DetailFieldDefinition } from '../schemas';
import { HIDDEN_CHARACTER } from '../text/hidden';

export type CsvCell = string | number | boolean | null | undefined;

/**
 * Quoted: a cell that holds a quote, a line break, or any separator a spreadsheet may split on (comma, semicolon in
 * some locales, tab), so that no part of it ever becomes a cell of its own (`x;=cmd` would, in Excel with `;`).
 */
const NEEDS_QUOTES = new RegExp(String.raw`[",;\t\r\n]|^\s|\s$|` + HIDDEN_CHARACTER.source);
/**
 * A spreadsheet runs a cell starting with these as a formula (CSV injection); a leading ' makes it plain text. The
 * importer takes one ' off a cell that starts with ' + one of these, so a cell that already starts that way (a name
 * `'=x`, `''-x`) gets one more ' too: whatever the text, export then import gives it back exactly.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
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
