import type { JobAnswer } from '../resolvers/contract';
import type { RowFailureExport } from '../domain/export/failedRows';
import type { Mapping } from '../domain/mapping/mapping';
import type { SkippedRow } from '../domain/import/skippedRows';
import type { ShownError } from './components/ResolverError';
import { call } from './hooks/useResolver';

type FailedRows = { kind: JobAnswer['kind']; rows: RowFailureExport[]; mapping?: Mapping } | { error: ShownError };

/** Every failed row of the job, with what was sent, page after page. */
export async function allFailedRows(jobId: string): Promise<FailedRows> {
  const rows: RowFailureExport[] = [];
  for (;;) {
    const result = await call('failedRows', { jobId, offset: rows.length });
    if (!result.ok)
      return { error: { code: result.code, message: result.message, action: 'Downloading the failed rows' } };
    rows.push(...result.data.rows);
    if (result.data.rows.length === 0 || rows.length >= result.data.total)
      return { kind: result.data.kind, rows, mapping: result.data.mapping };
  }
}

type SkippedRowsFile = { headers: string[]; rows: SkippedRow[] } | { error: ShownError };

/** Every row the job skipped for errors in the file, part after part, under the file's headers. */
export async function allSkippedRows(jobId: string): Promise<SkippedRowsFile> {
  const rows: SkippedRow[] = [];
  let headers: string[] = [];
  for (let part = 0, parts = 1; part < parts; part += 1) {
    const result = await call('skippedRows', { jobId, part });
    if (!result.ok)
      return { error: { code: result.code, message: result.message, action: 'Downloading the skipped rows' } };
    headers = result.data.headers;
    parts = result.data.parts;
    rows.push(...result.data.rows);
  }
  return { headers, rows };
}
