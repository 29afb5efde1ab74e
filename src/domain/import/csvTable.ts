import Papa from 'papaparse';
import { isBlankText, type TextPieces } from '../text/pieces';
import { parsePieces } from './csvPieces';
import type { ProblemLog } from './problems';

export interface CsvRecord {
  /** The spreadsheet row: blank lines count, a quoted cell with line breaks does not add rows. */
  row: number;
  /** Trimmed, as many as there are headers. */
  cells: string[];
}

/** The ' our CSV writer puts before a formula-like cell, with the 's the cell itself starts with (see csvCell). */
const SPREADSHEET_ESCAPE = /^''*[=+\-@\t\r]/;
const APOSTROPHE = 39;

/** The cell in a column the file may not have: '' when it has no such column. */
export function cellAt(cells: readonly string[], index: number | undefined): string {
  return index === undefined ? '' : cells[index];
}

/** Takes the data rows of a file one by one, as they are parsed. */
export type CsvRowReader = (record: CsvRecord) => void;

export interface CsvShape {
  headers: string[];
  rowCount: number;
}

/**
 * Reads the header row, asks `begin` for a reader of the data rows, and hands it each row as soon as it is parsed:
 * rows are not kept, so a 50,000-row file's cells die young instead of being held (and copied by the garbage
 * collector) until the end. Returns undefined when no row can be trusted (no header, an unterminated quote,
 * too many rows); the caller then sends nothing, and the log holds only the file's problem. A text in pieces is
 * read piece after piece, never joined (text/pieces.ts), row for row as its join would be.
 */
export function readCsvRows(
  text: string | TextPieces,
  maxRows: number,
  log: ProblemLog,
  begin: (headers: string[]) => CsvRowReader,
): CsvShape | undefined {
  const lines = readableLines(text, log);
  if (!lines) return undefined;
  let headers: string[] | undefined;
  let width = 0;
  let reader: CsvRowReader | undefined;
  let rowCount = 0;
  /** The log before the header and the rows: what they add is dropped if the file turns out unreadable. */
  let rowsFrom = 0;
  let row = 0;
  let unreadable = false;

  // Read in pieces, each piece is let go once read: no cell may keep a slice of it.
  const own = lines.pieces.length > 1 ? ownCell : (cell: string) => cell;
  const config: Papa.ParseConfig<string[]> = {
    // Both given, not guessed: papaparse's guessing costs more than the parse of a 50,000-row file itself.
    delimiter: detectDelimiter(lines.pieces),
    newline: lines.newline,
    skipEmptyLines: false,
    step: (result, parser) => {
      row += 1;
      const rawCells = result.data;
      if (result.errors.some((error) => error.code === 'MissingQuotes')) {
        if (headers !== undefined) log.discardSince(rowsFrom);
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
        const trimmed = rawCells.map((cell) => cell.trim());
        width = trimTrailingEmpty(trimmed).length;
        headers = trimmed.slice(0, width);
        log.headerRow = row;
        rowsFrom = log.mark();
        reader = begin(headers);
        return;
      }
      if (rowCount >= maxRows) {
        log.discardSince(rowsFrom);
        log.fileError(
          'too-many-rows',
          `The file has more than ${maxRows.toLocaleString('en-US')} organization rows. Split it into files of at most ${maxRows.toLocaleString('en-US')} rows.`,
        );
        unreadable = true;
        parser.abort();
        return;
      }
      rowCount += 1;
      if (result.errors.some((error) => error.code === 'InvalidQuotes')) {
        log.error(
          { row },
          'malformed-quote',
          'a quoted cell has text after its closing quote. Write a quote inside a quoted cell as two ("") and put the whole cell in quotes.',
        );
      }
      for (let i = 0; i < rawCells.length; i++) rawCells[i] = own(cleanCell(rawCells[i]));
      const record: CsvRecord = { row, cells: rawCells };
      fitToHeader(record, width, log);
      reader?.(record);
    },
  };
  if (lines.pieces.length === 1) Papa.parse<string[]>(lines.pieces[0], config);
  else parsePieces(lines.pieces, config);

  return unreadable ? undefined : shapeOf(headers, rowCount, log);
}

/** The file's text with its line ends found; undefined (the file's problem logged) when it is empty. */
function readableLines(text: string | TextPieces, log: ProblemLog): ReturnType<typeof lineEndings> | undefined {
  if (isBlankText(text)) {
    log.fileError(
      'empty-file',
      'The file is empty. Add a header row (e.g. "Organization Name") and one row per organization.',
    );
    return undefined;
  }
  const lines = lineEndings(typeof text === 'string' ? [text] : text);
  if (lines.newline === '\r') {
    log.fileWarning(
      'cr-line-ends',
      'The file ends its lines with a lone carriage return (as very old Mac programs did); it was read that way. ' +
        'If rows look merged or split, save it again as "CSV UTF-8".',
    );
  }
  return lines;
}

/** What a readable file held: undefined (the file's problem logged) without a header row or without rows. */
function shapeOf(headers: string[] | undefined, rowCount: number, log: ProblemLog): CsvShape | undefined {
  if (headers === undefined) {
    log.fileError(
      'no-header',
      'The file has no header row. Add one (e.g. "Organization Name") above the organizations.',
    );
    return undefined;
  }
  if (rowCount === 0) {
    log.fileError('no-rows', 'The file has a header row but no organizations below it. Add one row per organization.');
    return undefined;
  }
  return { headers, rowCount };
}

/**
 * The header row alone, read as readCsvRows reads it (the first row with a filled cell, trimmed); the rest of the file
 * is not parsed. Undefined when the file has no such row.
 */
export function readCsvHeaders(text: string): string[] | undefined {
  const lines = lineEndings([text]);
  let headers: string[] | undefined;
  Papa.parse<string[]>(lines.pieces[0], {
    delimiter: detectDelimiter(lines.pieces),
    newline: lines.newline,
    skipEmptyLines: false,
    step: (result, parser) => {
      if (isBlank(result.data)) return;
      headers = trimTrailingEmpty(result.data.map((cell) => cell.trim()));
      parser.abort();
    },
  });
  return headers;
}

/**
 * The file's line end, given to the parser rather than guessed. A file that mixes CRLF and LF is read with LF
 * once its CRLFs are made LFs (a cell's line break then reads as LF); a file with only lone CRs keeps them. A CRLF
 * may be cut between two pieces: a piece ending in CR before one starting with LF. Pieces are the reader's: empty
 * ones are dropped and CRLFs made LFs in place, so that no copy is held beside them.
 */
function lineEndings(pieces: TextPieces): { pieces: TextPieces; newline: '\n' | '\r\n' | '\r' } {
  for (let i = pieces.length - 1; i >= 0 && pieces.length > 1; i -= 1) if (pieces[i] === '') pieces.splice(i, 1);
  const cutAfter = (i: number) => i + 1 < pieces.length && pieces[i].endsWith('\r') && pieces[i + 1].startsWith('\n');
  const loneLfAt = (i: number) =>
    /[^\r]\n/.test(pieces[i]) || (pieces[i].startsWith('\n') && (i === 0 || !pieces[i - 1].endsWith('\r')));
  const crlf = pieces.some((piece, i) => piece.includes('\r\n') || cutAfter(i));
  const lf = crlf ? pieces.some((_, i) => loneLfAt(i)) : pieces.some((piece) => piece.includes('\n'));
  if (crlf && lf) {
    for (let i = 0; i < pieces.length; i += 1) {
      const cut = cutAfter(i);
      pieces[i] = pieces[i].replace(/\r\n/g, '\n');
      if (cut) pieces[i] = pieces[i].slice(0, -1);
    }
    return { pieces, newline: '\n' };
  }
  if (crlf) return { pieces, newline: '\r\n' };
  if (lf || !pieces.some((piece) => piece.includes('\r'))) return { pieces, newline: '\n' };
  return { pieces, newline: '\r' };
}

/** The delimiter of the header line: comma unless the line only has semicolons or tabs (spreadsheets in some locales). */
function detectDelimiter(pieces: readonly string[]): string {
  let firstLine = '';
  for (const piece of pieces) {
    const end = piece.search(/[\r\n]/);
    firstLine += end === -1 ? piece : piece.slice(0, end);
    if (end !== -1) break;
  }
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
  return trimmed.charCodeAt(0) === APOSTROPHE && SPREADSHEET_ESCAPE.test(trimmed) ? trimmed.slice(1) : trimmed;
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

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A cell as a string of its own, not a slice of the piece it was read from (V8 slices a string for substrings of 13
 * characters or more), so that the piece can be let go: one byte a character unless the cell itself has a character
 * beyond U+00FF. Re-decoding is the copy that lets V8 choose (a lone surrogate, which it would replace, is copied so).
 */
function ownCell(cell: string): string {
  if (cell.length < 13) return cell;
  return LONE_SURROGATE.test(cell) ? (cell + ' ').slice(0, -1) : decoder.decode(encoder.encode(cell));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
