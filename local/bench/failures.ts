import { createLocalRuntime } from '../runtime';
import { APP_ROOT } from '../cli/session';
import { applyFile } from '../cli/bulkApply';
import { failedRowsCsv, type RowFailureExport } from '../../src/domain/export/failedRows';
import type { JobKind } from '../../src/domain/operations';
import { startEmulatorProcess } from './emulatorProcess';
import { FAILURE_BASE_ROWS, type BenchSize } from './size';

export interface FailureCost {
  failures: number;
  /** getJob as the page polls it (the first 20 failures), the median of 21 calls. */
  pollMs: number;
  /**
   * The failed-rows file as the page's download makes it: every failed row with what was sent, FAILED_ROWS_PER_ANSWER a
   * call to the failedRows resolver, then the CSV written in the import format.
   */
  downloadMs: number;
}

/**
 * Jobs whose every row fails (detail values for organizations that do not exist), of FAILURE_BASE_ROWS and of
 * size.failureRows rows, on one site: a poll should cost the same whatever the failures, a download the same per failure.
 */
export async function runFailures(size: BenchSize): Promise<FailureCost[]> {
  const emulator = await startEmulatorProcess(20);
  const runtime = await createLocalRuntime({ appRoot: APP_ROOT, csmUrl: emulator.url });
  type Page = { ok: true; data: { failures: unknown[]; failuresTotal: number } };
  type Rows =
    { ok: true; data: { kind: JobKind; rows: RowFailureExport[]; total: number } } | { ok: false; message: string };
  try {
    const costs: FailureCost[] = [];
    for (const rows of [FAILURE_BASE_ROWS, size.failureRows]) {
      const lines = ['Organization ID,Field,Values'];
      for (let i = 0; i < rows; i += 1) lines.push(`${9_000_000 + i},Region,EMEA`);
      const summary = await applyFile(runtime, { text: lines.join('\n'), kind: 'details', pollMs: 50 });
      if (summary.failed !== rows) throw new Error(`expected ${rows} failed rows, got ${summary.failed}`);
      const polls: number[] = [];
      for (let i = 0; i < 21; i += 1) {
        const started = performance.now();
        await runtime.invokeResolver<Page>('getJob', { jobId: summary.jobId, failuresLimit: 20 });
        polls.push(performance.now() - started);
      }
      const started = performance.now();
      const failed: RowFailureExport[] = [];
      let kind: JobKind = 'details';
      for (;;) {
        const page = await runtime.invokeResolver<Rows>('failedRows', { jobId: summary.jobId, offset: failed.length });
        if (!page.ok) throw new Error(`failedRows: ${page.message}`);
        kind = page.data.kind;
        failed.push(...page.data.rows);
        if (page.data.rows.length === 0 || failed.length >= page.data.total) break;
      }
      const file = failedRowsCsv(kind, failed);
      if (failed.length !== rows || file.split('\r\n').length !== rows + 2)
        throw new Error(`downloaded ${failed.length} of ${rows} failed rows`);
      costs.push({ failures: rows, pollMs: polls.sort((a, b) => a - b)[10], downloadMs: performance.now() - started });
    }
    return costs;
  } finally {
    await runtime.close();
    emulator.stop();
  }
}
