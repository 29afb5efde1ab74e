import Papa from 'papaparse';
import type { ProblemLog } from './problems';

export interface CsvRecord {
  /** The spreadsheet row: blank lines count, a quoted cell with line breaks does not add rows. */
  row: number;
  /** Trimmed, as many as there are headers. */
  cells: string[];
}

export interface CsvTable {
  headers: string[];
  headerRow: number;
  records: CsvRecord[];
}

const SPREADSHEET_ESCAPE = /^'[=+\-@\t\r]/;

/**
 * Reads the header row and the data rows, reporting what makes the file unreadable.
 * Returns undefined when no row can be trusted (no header, an unterminated quote, too many rows).
 */
export function readCsvTable(text: string, maxRows: number, log: ProblemLog): CsvTable | undefined {
  if (text.trim() === '') {
    log.fileError('empty-file', 'The file is empty. Add a header row (e.g. "Organization Name") and one row per organization.');
    return undefined;
  }
  let headers: string[] | undefined;
  let headerRow = 0;
  const records: CsvRecord[] = [];
  let row = 0;
  let unreadable = false;

  Papa.parse<string[]>(text, {
    delimiter: detectDelimiter(text),
    skipEmptyLines: false,
    step: (result, parser) => {
      row += 1;
      const rawCells = result.data;
      if (result.errors.some((error) => error.code === 'MissingQuotes')) {
        log.fileError(
          'unterminated-quote',
          `Row ${row}: a quoted cell is never closed, so the rest of the file would be read as one cell. ` +
            'Add the missing closing double quote (") in that row, and write a quote inside a quoted cell as two ("").',
        );
        unreadable = true;
        parser.abort();
        return;
      }
      if (isBlank(rawCells)) return;
      if (headers === undefined) {
        headers = rawCells.map((cell) => cell.trim());
        headerRow = row;
        log.headerRow = row;
        return;
      }
      if (records.length >= maxRows) {
        log.fileError(
          'too-many-rows',
          `The file has more than ${maxRows.toLocaleString('en-US')} organization rows. Split it into files of at most ${maxRows.toLocaleString('en-US')} rows.`,
        );
        unreadable = true;
        parser.abort();
        return;
      }
      if (result.errors.some((error) => error.code === 'InvalidQuotes')) {
        log.error(
          { row },
          'malformed-quote',
          'a quoted cell has text after its closing quote. Write a quote inside a quoted cell as two ("") and put the whole cell in quotes.',
        );
      }
      for (let i = 0; i < rawCells.length; i++) rawCells[i] = cleanCell(rawCells[i]);
      records.push({ row, cells: rawCells });
    },
  });

  if (unreadable) return undefined;
  if (headers === undefined) {
    log.fileError('no-header', 'The file has no header row. Add one (e.g. "Organization Name") above the organizations.');
    return undefined;
  }
  if (records.length === 0) {
    log.fileError('no-rows', 'The file has a header row but no organizations below it. Add one row per organization.');
    return undefined;
  }
  const width = trimTrailingEmpty(headers).length;
  const table: CsvTable = { headers: headers.slice(0, width), headerRow, records };
  for (const record of records) fitToHeader(record, width, log);
  return table;
}

/** The delimiter of the header line: comma unless the line only has semicolons or tabs (spreadsheets in some locales). */
function detectDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const firstLine = end === -1 ? text : text.slice(0, end);
  if (firstLine.includes(',')) return ',';
  if (firstLine.includes(';')) return ';';
  if (firstLine.includes('\t')) return '\t';
  return ',';
}

function isBlank(cells: string[]): boolean {
  for (const cell of cells) if (cell.trim() !== '') return false;
  return true;
}

/** Trims the ends and undoes the `'` our CSV writer puts before cells a spreadsheet would run as formulas. */
function cleanCell(cell: string): string {
  const trimmed = cell.trim();
  return SPREADSHEET_ESCAPE.test(trimmed) ? trimmed.slice(1) : trimmed;
}

function trimTrailingEmpty(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end -= 1;
  return cells.slice(0, end);
}

/** Pads short rows (spreadsheets drop trailing empty cells); a row with more filled cells than headers is an error. */
function fitToHeader(record: CsvRecord, width: number, log: ProblemLog): void {
  const { cells } = record;
  if (cells.length > width) {
    const filled = trimTrailingEmpty(cells).length;
    if (filled > width) {
      log.error(
        { row: record.row },
        'too-many-cells',
        `the row has ${filled} cells but the header has ${width} columns. ` +
          'A cell probably contains a comma: put that cell in double quotes, or remove the extra cells.',
      );
    }
    cells.length = width;
  }
  while (cells.length < width) cells.push('');
}
