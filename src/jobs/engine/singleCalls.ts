import type { CsmClient } from '../../csm/client';
import { CsmError, describeCsmError, isTransient, waitsForUser } from '../../csm/errors';
import { deletionsOfChunk } from '../../domain/chunkOperations';
import type { ChunkRecord } from '../../domain/job';
import { explainCsmError } from '../../domain/outcomes';
import type { ChunkOutcome } from './outcomes';

/**
 * Kinds of work CSM takes one organization a call (deletions now; memberships and service projects next), sent by
 * the engine like a bulk task: the chunk is stored SUBMITTING before its first call, and a chunk found SUBMITTING
 * after a crash or a passing failure is sent again from its first row. That is safe because every call is
 * idempotent by its nature: a second `DELETE /organization/{id}` answers 404, which counts as done (the id was
 * compared before the first send, so a 404 means this job, or someone else meanwhile, deleted it).
 *
 * Single calls hold none of the site's bulk task slots; they are paced by the client's backoff (429 with
 * Retry-After, 5xx) and by the job's task cap, read here as the number of calls it makes at once (one chunk's calls
 * go one after another): an admin who lowers the cap to leave room for other tools slows deletes down too.
 */

/**
 * Sends every row of a deletions chunk and decides each at once. A failure that may pass (CSM busy after the
 * client's own retries, a time-out) or one that needs the user is thrown: the chunk stays SUBMITTING and is sent
 * again later, rows already deleted then answering 404. A refusal for the organization itself fails that row only.
 */
export async function sendDeletions(csm: CsmClient, chunk: ChunkRecord): Promise<ChunkOutcome> {
  const outcome: ChunkOutcome = { succeeded: [], failed: [] };
  for (const op of deletionsOfChunk(chunk)) {
    try {
      await csm.deleteOrganization(op.organizationId);
      outcome.succeeded.push(op.index);
    } catch (error) {
      if (!(error instanceof CsmError) || isTransient(error) || waitsForUser(error) || error.kind === 'taskCap')
        throw error;
      const reason = explainCsmError([error.message, ...error.details].join('; ')) || describeCsmError(error);
      outcome.failed.push({
        index: op.index,
        error: `Customer Service Management did not delete organization ${op.organizationId}: ${reason}`,
        retryable: false,
      });
    }
  }
  return outcome;
}

/** For a deletions chunk compared with the site: the rows whose organization is already gone (nothing to send). */
export async function alreadyGone(csm: CsmClient, chunk: ChunkRecord): Promise<Set<number>> {
  const deletions = deletionsOfChunk(chunk);
  if (deletions.length === 0) return new Set();
  const found = new Set(
    (await csm.fetchOrganizations({ ids: deletions.map((op) => op.organizationId) })).map((org) => org.id),
  );
  return new Set(deletions.filter((op) => !found.has(op.organizationId)).map((op) => op.index));
}
