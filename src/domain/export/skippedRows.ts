import type { SkippedRow } from '../import/skippedRows';
import { rowsToCsv } from './csvWriter';
import { FAILURE_REASON_COLUMN } from './failedRows';

/**
 * A job's rows skipped for errors in the file, as a CSV with the file's own headers and a Failure Reason column (the
 * importer ignores it): correct the cells, import the file again. A file that had the column already (a failed-rows
 * file imported again) gets it filled with the new reason rather than a second one.
 */
export function skippedRowsCsv(headers: readonly string[], rows: readonly SkippedRow[]): string {
  const reasonAt = headers.findIndex((header) => header.trim().toLowerCase() === FAILURE_REASON_COLUMN.toLowerCase());
  const allHeaders = reasonAt >= 0 ? [...headers] : [...headers, FAILURE_REASON_COLUMN];
  const at = reasonAt >= 0 ? reasonAt : headers.length;
  return rowsToCsv(
    allHeaders,
    rows.map(({ cells, reason }) => {
      const line = allHeaders.map((_, index) => cells[index] ?? '');
      line[at] = reason;
      return line;
    }),
  );
}
