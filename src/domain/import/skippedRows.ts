import { boundedMessage } from '../job';
import type { ImportKind } from '../operations';
import { readCsvRows } from './csvTable';
import { stripByteOrderMark } from './detectFormat';
import { jsonItems } from './json/jsonItems';
import { parseJson } from './json/parseJson';
import { csvLocator, jsonLocator, ProblemLog } from './problems';
import type { ImportFormat, ImportProblem } from './types';

/** A row left out of a job for errors in the file: its cells as the file had them, and what is wrong with it. */
export interface SkippedRow {
  row: number;
  cells: string[];
  reason: string;
}

export interface SkippedRows {
  /** The file's header row (a JSON file's rows are its items, one cell each). */
  headers: string[];
  rows: SkippedRow[];
}

/**
 * A skipped row is stored with its job in parts of at most 200 KB (Forge KVS holds 240 KiB a value): a row whose cells
 * are larger than this (a pasted document in a cell: itself an error) keeps the start of each cell only.
 */
export const MAX_SKIPPED_ROW_CHARS = 40_000;

function boundedCells(cells: string[]): string[] {
  if (cells.reduce((chars, cell) => chars + cell.length, 0) <= MAX_SKIPPED_ROW_CHARS) return cells;
  const cut = Math.max(1, Math.floor(MAX_SKIPPED_ROW_CHARS / cells.length));
  return cells.map((cell) => (cell.length > cut ? `${cell.slice(0, cut - 1)}…` : cell));
}

/** The one column of a JSON file's skipped rows: each item as JSON, to correct and put back in the file. */
export const JSON_ITEM_COLUMN = 'Item (JSON)';

/**
 * The rows a job skips for errors in the file (`problems` as the import reported them), read again from the file: a
 * CSV row keeps its cells under the file's headers, so that the rows, corrected, import as they are.
 */
export function skippedRowsOf(
  input: { text: string; kind: ImportKind; format: ImportFormat },
  problems: readonly ImportProblem[],
): SkippedRows {
  const reasons = new Map<number, string[]>();
  for (const problem of problems) {
    if (problem.severity !== 'error' || problem.row === null) continue;
    const found = reasons.get(problem.row) ?? [];
    found.push(problem.message);
    reasons.set(problem.row, found);
  }
  if (reasons.size === 0) return { headers: [], rows: [] };
  const reasonOf = (row: number) => boundedMessage(reasons.get(row)!.join(' ')) ?? '';
  const text = stripByteOrderMark(input.text);
  const rows: SkippedRow[] = [];
  if (input.format === 'csv') {
    let headers: string[] = [];
    // The file was read once already: problems found again are those reported then.
    readCsvRows(text, Number.MAX_SAFE_INTEGER, new ProblemLog(csvLocator), (fileHeaders) => {
      headers = fileHeaders;
      return (record) => {
        if (reasons.has(record.row))
          rows.push({ row: record.row, cells: boundedCells(record.cells), reason: reasonOf(record.row) });
      };
    });
    return { headers, rows };
  }
  const log = new ProblemLog(jsonLocator);
  const parsed = parseJson(text, log);
  const items =
    parsed.ok && (input.kind === 'profiles' || input.kind === 'organizations' || input.kind === 'details')
      ? (jsonItems(parsed.value, input.kind, Number.MAX_SAFE_INTEGER, log) ?? [])
      : [];
  items.forEach((item, position) => {
    const row = position + 1;
    if (reasons.has(row)) rows.push({ row, cells: boundedCells([JSON.stringify(item)]), reason: reasonOf(row) });
  });
  return { headers: [JSON_ITEM_COLUMN], rows };
}
