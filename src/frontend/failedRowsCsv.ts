import type { RowFailure } from '../domain/job';
import { rowsToCsv } from '../domain/export/csvWriter';

/** The failed rows as the admin downloads them: where each row was, which organization, and why. */
export function failedRowsCsv(failures: readonly RowFailure[]): string {
  return rowsToCsv(
    ['Row', 'Organization Name', 'Organization ID', 'Reason'],
    failures.map((failure) => [failure.row, failure.name, failure.id, failure.error]),
  );
}
