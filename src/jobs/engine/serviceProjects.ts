import type { CsmClient, ServiceDesk } from '../../csm/client';
import { CsmError, describeCsmError, isTransient, waitsForUser } from '../../csm/errors';
import { serviceProjectsOfChunk, type ServiceProjectsBody } from '../../domain/chunkOperations';
import type { ChunkRecord } from '../../domain/job';
import { describeOrganization, type OrganizationRef, type ServiceProjectRowOperation } from '../../domain/operations';
import type { RowPreview } from '../../domain/preview';
import { explainCsmError } from '../../domain/outcomes';
import { keepOperations } from '../../domain/plan';
import { noOrganization } from '../../domain/memberships';
import type { ChunkOutcome } from './outcomes';
import { nameKey } from '../../domain/import/organizationIdentity';

/** The service desk a file names: by its project key (letter case ignored) or by its desk id. */
export function findDesk(desks: readonly ServiceDesk[], ref: string): ServiceDesk | undefined {
  return desks.find((desk) => desk.id === ref || desk.projectKey.toUpperCase() === ref.toUpperCase());
}

export function noDesk(ref: string): string {
  return `There is no service project ${ref} on this site: give its key (as in its issue keys, e.g. SUP) or its service desk ID.`;
}

/**
 * A service projects chunk compared with the site before its calls: the project and its organizations looked up (the
 * body then carries their ids), the changes already true taken out (unchanged: shared already, or not shared), the
 * rows that cannot be sent kept with their reason, to fail when the chunk is sent. `desksOfSite`: the site's service
 * desks, which a job's run reads once (comparer.ts), not once a chunk.
 */
export async function compareServiceProjects(
  csm: CsmClient,
  stored: ChunkRecord,
  desksOfSite: () => Promise<ServiceDesk[]>,
): Promise<ChunkRecord> {
  const body = stored.body as ServiceProjectsBody;
  const desk = findDesk(await desksOfSite(), body.serviceProject.ref);
  const refs = body.organizations;
  const ids = refs.flatMap((ref) => (ref.id !== undefined ? [ref.id] : []));
  const names = refs.flatMap((ref) => (ref.id === undefined && ref.name !== undefined ? [ref.name] : []));
  const found = ids.length + names.length > 0 ? await csm.fetchOrganizations({ ids, names }) : [];
  const shared = desk ? new Set((await csm.serviceDeskOrganizations(desk.id)).map((org) => org.id)) : new Set();
  const unchanged = new Set<number>();
  const organizations = refs.map((ref, position) => {
    const org = found.find((candidate) => matches(candidate, ref));
    if (!desk) return { ...ref, problem: noDesk(body.serviceProject.ref) };
    if (!org) return { ...ref, problem: noOrganization(ref) };
    if (shared.has(org.id) === (body.operation === 'ADD')) unchanged.add(stored.operationIndexes[position]);
    return { id: org.id, name: org.name };
  });
  const serviceProject = desk
    ? { ref: body.serviceProject.ref, id: desk.id, name: desk.projectName }
    : body.serviceProject;
  const compared: ChunkRecord = { ...stored, body: { ...body, serviceProject, organizations }, compared: true };
  return { ...keepOperations(compared, (op) => !unchanged.has(op)), unchanged: [...unchanged] };
}

function matches(org: { id: string; name: string }, ref: OrganizationRef): boolean {
  return ref.id !== undefined ? org.id === ref.id : ref.name !== undefined && nameKey(org.name) === nameKey(ref.name);
}

/**
 * Sends a compared service projects chunk, one call an organization, then reads the project's organizations back: a
 * change not there fails its row. A failure that may pass is thrown (the chunk is sent again; each call is harmless
 * when repeated); a refusal for the organization fails its row only.
 */
export async function sendServiceProjects(csm: CsmClient, chunk: ChunkRecord): Promise<ChunkOutcome> {
  const { operation, serviceProject, organizations } = chunk.body as ServiceProjectsBody;
  const outcome: ChunkOutcome = { succeeded: [], failed: [] };
  const sent: { index: number; id: string; name?: string }[] = [];
  for (const [position, op] of serviceProjectsOfChunk(chunk).entries()) {
    const { problem, id, name } = organizations[position];
    if (problem !== undefined || id === undefined || serviceProject.id === undefined) {
      outcome.failed.push({ index: op.index, error: problem ?? noDesk(serviceProject.ref), retryable: false });
      continue;
    }
    try {
      await csm.changeServiceDesk(serviceProject.id, operation, id);
      sent.push({ index: op.index, id, name });
    } catch (error) {
      if (!(error instanceof CsmError) || isTransient(error) || waitsForUser(error) || error.kind === 'taskCap')
        throw error;
      const reason = explainCsmError([error.message, ...error.details].join('; ')) || describeCsmError(error);
      outcome.failed.push({
        index: op.index,
        error: `Customer Service Management refused it: ${reason}`,
        retryable: false,
      });
    }
  }
  if (sent.length === 0) return outcome;
  const shared = new Set((await csm.serviceDeskOrganizations(serviceProject.id!)).map((org) => org.id));
  for (const { index, id, name } of sent) {
    if (shared.has(id) === (operation === 'ADD')) outcome.succeeded.push(index);
    else
      outcome.failed.push({
        index,
        error: `Customer Service Management accepted the call, but ${describeOrganization({ id, name })} is ${operation === 'ADD' ? 'not shared with' : 'still shared with'} ${serviceProject.ref} when read back. Retry the row.`,
        retryable: true,
      });
  }
  return outcome;
}

/**
 * What each row of a service projects file would do on the site as it is: share (add), unshare (remove), nothing
 * (shared already, not shared), or fail (no such project or organization). Each project's organizations read once.
 */
export async function previewServiceProjects(
  csm: CsmClient,
  operations: readonly ServiceProjectRowOperation[],
): Promise<RowPreview[]> {
  const desks = await csm.listServiceDesks();
  const ids = operations.flatMap((op) => (op.organization.id !== undefined ? [op.organization.id] : []));
  const names = operations.flatMap((op) => (op.organization.id === undefined ? [op.organization.name ?? ''] : []));
  const found = ids.length + names.length > 0 ? await csm.fetchOrganizations({ ids, names }) : [];
  const shared = new Map<string, Set<string>>();
  const previews: RowPreview[] = [];
  for (const op of operations) {
    const base = {
      row: op.row,
      index: op.index,
      organization: op.organization.name ?? `organization ${op.organization.id}`,
    };
    const desk = findDesk(desks, op.serviceProject);
    const org = found.find((candidate) => matches(candidate, op.organization));
    if (!desk || !org) {
      previews.push({
        ...base,
        change: 'error',
        note: desk ? noOrganization(op.organization) : noDesk(op.serviceProject),
      });
      continue;
    }
    if (!shared.has(desk.id))
      shared.set(desk.id, new Set((await csm.serviceDeskOrganizations(desk.id)).map((candidate) => candidate.id)));
    const isShared = shared.get(desk.id)!.has(org.id);
    const project = `${desk.projectKey} (${desk.projectName})`;
    if (op.operation === 'ADD')
      previews.push({
        ...base,
        organization: org.name,
        change: isShared ? 'member' : 'add',
        note: isShared ? `Shared with ${project} already: not sent.` : `Shared with ${project}.`,
      });
    else
      previews.push({
        ...base,
        organization: org.name,
        change: isShared ? 'remove' : 'not-member',
        note: isShared ? `No longer shared with ${project}.` : `Not shared with ${project}: nothing to remove.`,
      });
  }
  return previews;
}
