import { operationsOfChunk } from '../domain/chunkOperations';
import type { JobRecord } from '../domain/job';
import type { RowOperation } from '../domain/operations';
import type { EngineDeps } from './deps';
import { createJob } from './startJob';

/** A new job with exactly the rows that failed, keeping their original row numbers. */
export async function retryFailedRows(deps: EngineDeps, jobId: string, ownerAccountId: string): Promise<JobRecord | undefined> {
  const job = await deps.store.getJob(jobId);
  if (!job) return undefined;
  const withFailures = job.chunks.flatMap((line, index) => ((line.failed ?? 0) > 0 ? [index] : []));
  if (withFailures.length === 0) return undefined;
  const operations: RowOperation[] = [];
  for (const chunk of await deps.store.getChunks(jobId, withFailures)) {
    const failed = new Set(chunk.failed.map((failure) => failure.index));
    operations.push(...operationsOfChunk(chunk).filter((op) => failed.has(op.index)));
  }
  operations.sort((a, b) => a.index - b.index);
  return createJob(deps, {
    kind: job.kind,
    operations,
    ownerAccountId,
    fileName: job.fileName,
    retryOf: job.id,
    rows: operations.length,
    skippedRows: 0,
  });
}
