import Papa from 'papaparse';
import { FAILURE_REASON_COLUMN } from '../../src/domain/export/failedRows';
import { rowsToCsv } from '../../src/domain/export/csvWriter';
import { readCsvRows, type CsvRecord } from '../../src/domain/import/csvTable';
import { csvLocator, ProblemLog } from '../../src/domain/import/problems';
import type { ImportProblem } from '../../src/domain/import';

/**
 * A row `--skip-invalid` left out for errors in the file (the ledger's `skipped`): one entry per row, its first
 * problem's column, and every problem of the row in `message`.
 */
export interface SkippedRow {
  row: number;
  column?: string;
  message: string;
}

/**
 * The rows the file's errors leave out: every row with an error but the header row (an error there, or one with
 * no row, is the whole file's: nothing would be sent).
 */
export function skippedRowsOf(problems: readonly ImportProblem[], headerRow = 1): SkippedRow[] {
  const byRow = new Map<number, SkippedRow>();
  for (const problem of problems) {
    if (problem.severity !== 'error' || problem.row === null || problem.row === headerRow) continue;
    const known = byRow.get(problem.row);
    if (known) known.message = `${known.message} ${problem.message}`;
    else
      byRow.set(problem.row, {
        row: problem.row,
        ...(problem.column ? { column: problem.column } : {}),
        message: problem.message,
      });
  }
  return [...byRow.values()].sort((a, b) => a.row - b.row);
}

/** Problems that no skipping gets past: the whole file's, or its header row's. */
export function fileProblemsOf(problems: readonly ImportProblem[], headerRow = 1): ImportProblem[] {
  return problems.filter((p) => p.severity === 'error' && (p.row === null || p.row === headerRow));
}

/**
 * The skipped rows as the file held them (its headers, their cells, in the CSV's own row numbering: the importer's
 * reader is used), with a Failure Reason column saying what is wrong: corrected, the file imports again.
 * Undefined when the file is not a CSV (a JSON file's items are not rebuilt).
 */
export function skippedRowsCsv(text: string, skipped: readonly SkippedRow[]): string | undefined {
  if (/^\s*[[{]/.test(text)) return undefined;
  const wanted = new Map(skipped.map((row) => [row.row, row.message]));
  const found: [CsvRecord, string][] = [];
  let headers: string[] = [];
  readCsvRows(text, Number.MAX_SAFE_INTEGER, new ProblemLog(csvLocator), (read) => {
    headers = read.filter((header) => header !== FAILURE_REASON_COLUMN);
    const keep = read.map((header) => header !== FAILURE_REASON_COLUMN);
    return (record) => {
      const reason = wanted.get(record.row);
      if (reason !== undefined) found.push([{ ...record, cells: record.cells.filter((_, i) => keep[i]) }, reason]);
    };
  });
  if (headers.length === 0) return undefined;
  return rowsToCsv(
    [...headers, FAILURE_REASON_COLUMN],
    found.map(([record, reason]) => [...record.cells, reason]),
  );
}

/**
 * Two files in the import format as one: the failed rows CSM refused, then the skipped rows, under the headers of
 * both (the Failure Reason column last), each row's cells under its own headers.
 */
export function joinRowFiles(first: string, second: string): string {
  const [a, b] = [first, second].map((csv) => Papa.parse<string[]>(csv.trim(), { skipEmptyLines: true }).data);
  const headers = [...a[0], ...b[0].filter((header) => !a[0].includes(header))].filter(
    (header) => header !== FAILURE_REASON_COLUMN,
  );
  headers.push(FAILURE_REASON_COLUMN);
  const rows = [a, b].flatMap(([own, ...lines]) =>
    lines.map((cells) => headers.map((header) => (own.includes(header) ? cells[own.indexOf(header)] : ''))),
  );
  return rowsToCsv(headers, rows);
}
