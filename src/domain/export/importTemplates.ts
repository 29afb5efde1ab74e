import { KNOWN_COLUMNS as PROFILE_COLUMNS } from '../import/profilesCsv';
import { fieldType } from '../import/values';
import type { ImportKind } from '../operations';
import type { DetailFieldDefinition } from '../schemas';
import { rowsToCsv, type CsvCell } from './csvWriter';
import { FAILURE_REASON_COLUMN } from './failedRows';

/** A file to start from, built from the site's own detail fields; `note` says why it has no rows, when it has none. */
export interface ImportTemplate {
  csv: string;
  note?: string;
}

/** The organizations the templates name; the details template changes them by ID. */
const EXAMPLES = [
  { name: 'Acme Corporation', id: '17' },
  { name: 'Globex', id: '18' },
] as const;

/** Two values of each type, each passing the importer's own check (see import/values.ts). */
const SAMPLES: Record<string, readonly [string, string]> = {
  DATE: ['2025-03-31', '2026-01-15'],
  EMAIL: ['support@example.com', 'help@example.org'],
  URL: ['https://example.com', 'https://example.org/support'],
  NUMBER: ['42', '7.5'],
  // Not starting with +: a spreadsheet would take the cell for a formula.
  PHONE: ['(02) 9001 1037', '(03) 9001 2222'],
  BOOLEAN: ['true', 'false'],
};
const TEXT_SAMPLES = ['Key account', ''] as const;

/**
 * The CSV template of a kind for a site with these detail fields: every value one the importer accepts (a select
 * field's own options, dates as YYYY-MM-DD, …), so a template previews without a problem as it is.
 */
export function importTemplate(kind: ImportKind, fields: readonly DetailFieldDefinition[]): ImportTemplate {
  switch (kind) {
    case 'profiles':
      return profilesTemplate(usableFields(fields, PROFILE_COLUMNS));
    case 'organizations':
      return {
        csv: csvText(
          ['Organization Name', 'Operation'],
          [
            ['Northwind Traders', 'CREATE'],
            ['Contoso', 'CREATE'],
          ],
        ),
      };
    case 'details':
      // Field names are cells here, not headers: no column name is in the way.
      return detailsTemplate(usableFields(fields, []));
    case 'service-projects':
      return {
        csv: csvText(
          ['Organization Name', 'Service Project', 'Operation'],
          [
            ['Northwind Traders', 'SUP', 'ADD'],
            ['Contoso', 'ONB', 'REMOVE'],
          ],
        ),
      };
    case 'merges':
      return {
        csv: csvText(
          ['Keep Organization ID', 'Keep Organization Name', 'Merge Organization ID', 'Merge Organization Name'],
          [['10001', 'Northwind Traders', '10007', 'Northwind Traders Ltd.']],
        ),
      };
    case 'deletions':
      return {
        csv: csvText(
          ['Organization ID', 'Organization Name'],
          [
            ['10001', 'Northwind Traders'],
            ['', 'Contoso'],
          ],
        ),
      };
    case 'memberships':
      return {
        csv: csvText(
          ['Organization Name', 'Customer Email', 'Operation', 'From Organization Name'],
          [
            ['Northwind Traders', 'ana@northwind.example', 'ADD', ''],
            ['Northwind Traders', 'former.contact@northwind.example', 'REMOVE', ''],
            ['Contoso', 'lee@contoso.example', 'MOVE', 'Northwind Traders'],
          ],
        ),
      };
  }
}

/** A value for the field (`which`: first or second example); '' when the field can hold none the importer reads back. */
export function sampleValue(field: DetailFieldDefinition, which: 0 | 1): string {
  const type = fieldType(field);
  if (type === 'SELECT' || type === 'MULTISELECT') {
    const options = readableOptions(field, type === 'MULTISELECT');
    // A select field the site gave no options for takes any value.
    if (field.options === undefined || field.options.length === 0) return ['Example', ''][which];
    if (type === 'SELECT') return options[which] ?? options[0] ?? '';
    return which === 0 ? options.slice(0, 2).join('|') : (options[0] ?? '');
  }
  return (SAMPLES[type] ?? TEXT_SAMPLES)[which];
}

function profilesTemplate(fields: readonly DetailFieldDefinition[]): ImportTemplate {
  const headers = ['Organization Name', 'Operation', ...fields.map((field) => field.name)];
  const rows = EXAMPLES.map(({ name }, which) => [
    name,
    'UPSERT',
    ...fields.map((field) => sampleValue(field, which as 0 | 1)),
  ]);
  return { csv: csvText(headers, rows) };
}

function detailsTemplate(fields: readonly DetailFieldDefinition[]): ImportTemplate {
  const headers = ['Organization ID', 'Field', 'Operation', 'Values'];
  const valued = fields.filter((field) => sampleValue(field, 0) !== '');
  if (valued.length === 0)
    return {
      csv: csvText(headers, []),
      note: "This site has no detail fields yet: create one in CSM's organization settings, then its template shows here.",
    };
  const [first, acme, globex] = [valued[0], EXAMPLES[0].id, EXAMPLES[1].id];
  const rows: string[][] = [[acme, first.name, 'UPDATE', sampleValue(first, 0)]];
  // PATCH adds values, which only a multi-select field holds several of.
  const multi = valued.find((field) => fieldType(field) === 'MULTISELECT');
  const second = multi ?? valued[1];
  if (second) rows.push([globex, second.name, multi ? 'PATCH' : 'UPDATE', sampleValue(second, multi ? 1 : 0)]);
  // DELETE without values clears a field: on one not changed above for the same organization.
  const cleared = valued.find((field) => field !== second);
  if (cleared) rows.push([globex, cleared.name, 'DELETE', '']);
  return { csv: csvText(headers, rows) };
}

/**
 * Fields a template can name: not one whose name is a column the file reads itself (`columns`, and for headers the
 * failed-rows column), nor one with spaces at its ends (the importer trims headers and cells).
 */
function usableFields(fields: readonly DetailFieldDefinition[], columns: readonly string[]): DetailFieldDefinition[] {
  const headers = columns.length > 0 ? [...columns, FAILURE_REASON_COLUMN] : [];
  const taken = new Set(headers.map((column) => column.toLowerCase()));
  return fields.filter((field) => field.name.trim() === field.name && !taken.has(field.name.toLowerCase()));
}

/** Options a cell can name as they are: no spaces at their ends, and for a multi-select no separator in them. */
function readableOptions(field: DetailFieldDefinition, multi: boolean): string[] {
  return (field.options ?? []).filter(
    (option) => option !== '' && option.trim() === option && !(multi && /[|,]/.test(option)),
  );
}

/** The CSV as the page shows it: lines ended by \n, no line end after the last. */
function csvText(headers: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return rowsToCsv(headers, rows).replace(/\r\n/g, '\n').replace(/\n$/, '');
}
