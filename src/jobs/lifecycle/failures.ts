import { jobOperationsOfChunk } from '../../domain/chunkOperations';
import type { RowFailureExport } from '../../domain/export/failedRows';
import type { ChunkLine, JobRecord, RowFailure } from '../../domain/job';
import { jsonStringBytes } from '../../domain/text/parts';
import type { FailureAnswer, ResolverAnswer } from '../../resolvers/contract';
import type { EngineDeps } from '../deps';

export function isRetryable(failure: RowFailure): boolean {
  return failure.retryable;
}

/** How many of a job's failed rows a retry sends again. */
export function retryableCount(job: JobRecord): number {
  return job.tally.retryable;
}

/** The chunks with failed rows, and how many parts hold each one's failures. */
export function failedChunks(lines: readonly ChunkLine[]): { index: number; parts: number; failed: number }[] {
  const chunks: { index: number; parts: number; failed: number }[] = [];
  lines.forEach((line, index) => {
    if ((line.failed ?? 0) > 0) chunks.push({ index, parts: line.failureParts ?? 1, failed: line.failed ?? 0 });
  });
  return chunks;
}

/**
 * A page of a job's failed rows, in the order their chunks were planned (row order within each chunk). Only the
 * chunks the page falls in are read, so a page costs what it shows, not what the job has.
 */
export async function failurePage(
  deps: EngineDeps,
  job: JobRecord,
  offset: number,
  limit: number,
): Promise<FailureAnswer[]> {
  const { failures } = await pageWithChunks(deps, job, offset, limit);
  // What a held row would have sent stays in storage: the page needs only the row and the reason.
  return failures.map(({ operation: _sent, ...failure }) => ({ ...failure, retryable: isRetryable(failure) }));
}

/** And rows stop short of this many bytes of JSON, should they be large (an answer is at most 5 MB). */
export const FAILED_ROWS_MAX_BYTES = 4_000_000;

/**
 * The failedRows resolver's answer: a page of the failed rows with what was sent, fewer when they are large (the
 * page asks again from where this one ended).
 */
export async function failedRowsAnswer(
  deps: EngineDeps,
  job: JobRecord,
  offset: number,
  limit: number,
): Promise<ResolverAnswer<'failedRows'>> {
  const rows = await failedRowsPage(deps, job, offset, limit);
  const fitting: RowFailureExport[] = [];
  let bytes = 0;
  for (const row of rows) {
    bytes += jsonStringBytes(JSON.stringify(row));
    if (fitting.length > 0 && bytes > FAILED_ROWS_MAX_BYTES) break;
    fitting.push(row);
  }
  return { kind: job.kind, total: job.tally.failed, rows: fitting, ...(job.mapping ? { mapping: job.mapping } : {}) };
}

/**
 * A page of a job's failed rows with what was sent for each (for a failed-rows file in the import format): the
 * failures' page, and the requests of the chunks it falls in.
 */
export async function failedRowsPage(
  deps: EngineDeps,
  job: JobRecord,
  offset: number,
  limit: number,
): Promise<RowFailureExport[]> {
  const { failures, chunks } = await pageWithChunks(deps, job, offset, limit);
  if (failures.length === 0) return [];
  const operations = new Map(
    (await deps.store.chunks.getMany(job.id, chunks)).flatMap(jobOperationsOfChunk).map((op) => [op.index, op]),
  );
  return failures.flatMap((failure) => {
    const operation = failure.operation ?? operations.get(failure.index);
    return operation ? [{ operation, reason: failure.error, ...(failure.name ? { name: failure.name } : {}) }] : [];
  });
}

async function pageWithChunks(
  deps: EngineDeps,
  job: JobRecord,
  offset: number,
  limit: number,
): Promise<{ failures: RowFailure[]; chunks: number[] }> {
  if (limit <= 0 || job.tally.failed === 0 || offset >= job.tally.failed) return { failures: [], chunks: [] };
  const chunks = failedChunks(await deps.store.jobs.lines(job));
  const wanted: typeof chunks = [];
  let first = 0;
  let seen = 0;
  for (const chunk of chunks) {
    if (seen + chunk.failed > offset && seen < offset + limit) {
      if (wanted.length === 0) first = seen;
      wanted.push(chunk);
    }
    seen += chunk.failed;
  }
  const failures = await deps.store.failures.read(job.id, wanted);
  return {
    failures: failures.slice(offset - first, offset - first + limit),
    chunks: wanted.map((chunk) => chunk.index),
  };
}
