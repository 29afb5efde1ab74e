import { operationsOfChunk } from '../domain/chunkOperations';
import type { JobRecord } from '../domain/job';
import type { RowOperation } from '../domain/operations';
import type { EngineDeps } from './deps';
import { failedChunks } from './failures';
import { createJob } from './startJob';

/** A new job with exactly the rows that failed, keeping their original row numbers. */
export async function retryFailedRows(
  deps: EngineDeps,
  jobId: string,
  ownerAccountId: string,
): Promise<JobRecord | undefined> {
  const job = await deps.store.jobs.get(jobId);
  if (!job || job.tally.failed === 0) return undefined;
  const chunks = failedChunks(await deps.store.jobs.lines(job));
  const failed = new Set((await deps.store.failures.read(jobId, chunks)).map((failure) => failure.index));
  const operations: RowOperation[] = [];
  for (const chunk of await deps.store.chunks.getMany(
    jobId,
    chunks.map(({ index }) => index),
  )) {
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
