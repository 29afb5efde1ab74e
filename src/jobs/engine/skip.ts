import { lineRowsOf, type ChunkLine, type ChunkRecord, type JobRecord } from '../../domain/job';
import type { EngineDeps } from '../deps';
import { isRetryable } from '../lifecycle/failures';
import type { ChunkStates } from './chunkStates';

/**
 * A cancel skips the chunks not sent. An undo's chunk compared before that may hold rows back (its organization
 * changed since the job): they end as failed rows, as the end of its task would have made them, so that a retry
 * offers them; they are neither sent nor left to send.
 */
export async function skipPending(
  deps: EngineDeps,
  job: Pick<JobRecord, 'id' | 'undoOf'>,
  lines: ChunkStates,
): Promise<void> {
  const pending = lines.pending('any', Infinity);
  for (const index of pending) lines.setState(index, 'SKIPPED');
  if (!job.undoOf || pending.length === 0) return;
  // Only an undo holds rows back. Its chunks are read, not its lines: a driver may have compared a chunk and
  // stopped before its line said so.
  for (const chunk of await deps.store.chunks.getMany(job.id, pending)) {
    if (!chunk.held) continue;
    const line = Object.assign(lines.get(chunk.index), lineRowsOf(chunk));
    await failHeldRows(deps, job.id, line, chunk);
    lines.touch(chunk.index);
  }
}

/** The rows `chunk` holds back, stored as its failed rows, and its line saying so (a skipped chunk's only rows). */
export async function failHeldRows(deps: EngineDeps, jobId: string, line: ChunkLine, chunk: ChunkRecord) {
  if (!chunk.held || !chunk.heldParts) return;
  const held = await deps.store.chunks.readHeld(jobId, chunk.index, chunk.heldParts);
  line.failureParts = (await deps.store.failures.put(jobId, chunk.index, held)) || undefined;
  line.failed = held.length;
  line.retryable = held.filter(isRetryable).length;
}
