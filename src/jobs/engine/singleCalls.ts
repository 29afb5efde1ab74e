import type { CsmClient } from '../../csm/client';
import { CsmError, describeCsmError, isTransient, waitsForUser } from '../../csm/errors';
import { deletionsOfChunk, type DeletionsBody } from '../../domain/chunkOperations';
import { managedByIdentityProvider, type RecycledOrganization } from '../../domain/deletions';
import type { ObservedOrganization } from '../../domain/outcomes';
import { keepOperations } from '../../domain/plan';
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
  const problems = (chunk.body as DeletionsBody).organizations.map((organization) => organization.problem);
  for (const [position, op] of deletionsOfChunk(chunk).entries()) {
    const problem = problems[position];
    if (problem !== undefined) {
      outcome.failed.push({ index: op.index, error: problem, retryable: false });
      continue;
    }
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

/** What the site holds of each organization a deletions chunk names: found (with its members), or gone. */
export async function readDeletionTargets(
  csm: CsmClient,
  ids: readonly string[],
): Promise<Map<string, { organization: ObservedOrganization & { scimManaged?: true }; customerIds: string[] }>> {
  const targets = new Map<
    string,
    { organization: ObservedOrganization & { scimManaged?: true }; customerIds: string[] }
  >();
  if (ids.length === 0) return targets;
  const found = await csm.fetchOrganizations({ ids: [...ids] });
  const profiles = new Map((await csm.fetchProfiles({ ids: found.map((org) => org.id) })).map((org) => [org.id, org]));
  for (const org of found) {
    const profile = profiles.get(org.id) ?? { ...org, details: {}, customerIds: [], productIds: [] };
    const customerIds = (await csm.listMembers(org.id)).map((user) => user.accountId);
    targets.set(org.id, {
      organization: { ...profile, ...(org.scimManaged ? { scimManaged: true } : {}) },
      customerIds,
    });
  }
  return targets;
}

/** Which service projects (desk ids) each organization is shared with: every desk's organizations read once. */
export async function serviceDesksOf(csm: CsmClient): Promise<Map<string, string[]>> {
  const desksOf = new Map<string, string[]>();
  for (const desk of await csm.listServiceDesks())
    for (const org of await csm.serviceDeskOrganizations(desk.id))
      desksOf.set(org.id, [...(desksOf.get(org.id) ?? []), desk.id]);
  return desksOf;
}

/**
 * A deletions chunk compared with the site, just before it is first sent: an organization gone already is taken out
 * (unchanged: nothing to delete), one managed by an identity provider keeps its row with the reason (it fails, nothing
 * is sent for it), and what each of the others holds (name, detail values, members) goes to the recycle bin, stored
 * before any delete is sent, so that a restore can create it again.
 */
export async function compareDeletions(
  csm: CsmClient,
  chunk: ChunkRecord,
  failedRows: ReadonlySet<number> = new Set(),
  /** Which service projects each organization is shared with: read once a run by the caller (every desk's list). */
  desksOfSite: () => Promise<Map<string, string[]>> = () => serviceDesksOf(csm),
): Promise<{ compared: ChunkRecord; recycled: RecycledOrganization[] }> {
  const deletions = deletionsOfChunk(chunk);
  const targets = await readDeletionTargets(
    csm,
    deletions.map((op) => op.organizationId),
  );
  const gone = new Set<number>();
  const recycled: RecycledOrganization[] = [];
  const desksOf = targets.size > 0 ? await desksOfSite() : new Map<string, string[]>();
  const organizations = deletions.map((op) => {
    const target = targets.get(op.organizationId);
    const entry = {
      id: op.organizationId,
      ...(op.name !== undefined ? { name: op.name } : {}),
      ...(op.mergeInto ? { mergeInto: op.mergeInto } : {}),
    };
    if (op.mergeInto && failedRows.has(op.row))
      return {
        ...entry,
        problem: `Not deleted: a change merging it into "${op.mergeInto.name}" failed first (see this row's other failures), so it keeps what it holds.`,
      };
    if (!target) gone.add(op.index);
    else if (target.organization.scimManaged)
      return { ...entry, problem: managedByIdentityProvider(target.organization.name) };
    else {
      const { id, name, details } = target.organization;
      const serviceDeskIds = desksOf.get(id) ?? [];
      recycled.push({
        index: op.index,
        row: op.row,
        id,
        name,
        details,
        customerIds: target.customerIds,
        serviceDeskIds,
      });
    }
    return entry;
  });
  const withProblems: ChunkRecord = { ...chunk, body: { organizations } };
  return {
    compared: { ...keepOperations(withProblems, (op) => !gone.has(op)), compared: true, unchanged: [...gone] },
    recycled,
  };
}
