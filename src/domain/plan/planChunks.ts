import { MAX_JOB_ID_LENGTH } from '../limits';
import type {
  DeletionRowOperation,
  DetailRowOperation,
  MembershipRowOperation,
  JobKind,
  JobOperation,
  OrganizationRowOperation,
  ProfileRowOperation,
} from '../operations';
import type { DeletionsBody, MembershipsBody } from '../chunkOperations';
import type { OrganizationOperation, ProfileOperation } from '../schemas';
import type { ChunkContent } from './chunkContent';
import { organizationBytes, profileBytes } from './itemBytes';
import { packDetails } from './packDetails';
import { packItems } from './packItems';
import {
  DEFAULT_PLAN_LIMITS,
  DELETE_PATH,
  DELETIONS_PER_CHUNK,
  ENDPOINT_PATHS,
  KIND_ORDER,
  MEMBERS_PATH,
  MEMBERS_PER_CHUNK,
  PlanError,
  type PlanLimits,
  type PlannedChunk,
} from './types';

const JOB_ID_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${MAX_JOB_ID_LENGTH - 1}}$`);

/**
 * Splits a job's operations into request-sized chunks: organizations, then profiles, then detail values,
 * each kind a phase of its own. Same operations → same chunks. Each chunk's idempotency key is worked out when it
 * is sent (see chunkRequest); the job id is checked here so that every key fits CSM's 64 characters.
 */
export function planChunks(
  jobId: string,
  operations: readonly JobOperation[],
  limits: PlanLimits = DEFAULT_PLAN_LIMITS,
): PlannedChunk[] {
  if (!JOB_ID_PATTERN.test(jobId)) {
    throw new PlanError(
      'invalid-job-id',
      `The job id "${jobId}" cannot be used: it must be 1-${MAX_JOB_ID_LENGTH} letters, digits, ".", "_" or "-", starting with a letter or digit.`,
    );
  }
  const byKind = partitionByKind(operations);
  const chunks: PlannedChunk[] = [];
  let phase = 0;
  for (const kind of KIND_ORDER) {
    for (const contents of packKind(kind, byKind, limits)) {
      if (contents.length === 0) continue;
      for (const { body, operationIndexes, bytes } of contents) {
        const index = chunks.length;
        chunks.push({ index, phase, kind, path: pathOf(kind), body, operationIndexes, bytes });
      }
      phase += 1;
    }
  }
  return chunks;
}

function pathOf(kind: JobKind): string {
  if (kind === 'deletions') return DELETE_PATH;
  if (kind === 'memberships') return MEMBERS_PATH;
  return ENDPOINT_PATHS[kind];
}

interface OperationsByKind {
  profiles: ProfileRowOperation[];
  organizations: OrganizationRowOperation[];
  details: DetailRowOperation[];
  deletions: DeletionRowOperation[];
  memberships: MembershipRowOperation[];
}

function partitionByKind(operations: readonly JobOperation[]): OperationsByKind {
  const byKind: OperationsByKind = { profiles: [], organizations: [], details: [], deletions: [], memberships: [] };
  for (const op of operations) {
    if (op.kind === 'profiles') byKind.profiles.push(op);
    else if (op.kind === 'organizations') byKind.organizations.push(op);
    else if (op.kind === 'deletions') byKind.deletions.push(op);
    else if (op.kind === 'memberships') byKind.memberships.push(op);
    else byKind.details.push(op);
  }
  return byKind;
}

/** The chunks of a kind, by phase: one phase, but two for memberships (every addition before any removal). */
function packKind(kind: JobKind, byKind: OperationsByKind, limits: PlanLimits): ChunkContent[][] {
  if (kind === 'memberships')
    return (['ADD', 'REMOVE'] as const).map((change) =>
      packMemberships(byKind.memberships.filter((op) => op.operation === change)),
    );
  return [packBulkKind(kind, byKind, limits)];
}

function packBulkKind(kind: Exclude<JobKind, 'memberships'>, byKind: OperationsByKind, limits: PlanLimits) {
  switch (kind) {
    case 'profiles':
      return packItems(
        byKind.profiles.map((op) => ({ op, item: op.item })),
        limits.profiles,
        limits.maxChunkBytes,
        (organizationProfiles: ProfileOperation[]) => ({ organizationProfiles }),
        profileBytes,
      );
    case 'organizations':
      return packItems(
        byKind.organizations.map((op) => ({ op, item: op.item })),
        limits.organizations,
        limits.maxChunkBytes,
        (organizations: OrganizationOperation[]) => ({ organizations }),
        organizationBytes,
      );
    case 'details':
      return packDetails(byKind.details, limits.detailOperations, limits.maxChunkBytes);
    case 'deletions':
      return packDeletions(byKind.deletions);
  }
}

/** Deletions in groups of DELETIONS_PER_CHUNK, in row order: each is one call, by id (no body is sent). */
function packDeletions(deletions: readonly DeletionRowOperation[]): ChunkContent[] {
  const contents: ChunkContent[] = [];
  for (let start = 0; start < deletions.length; start += DELETIONS_PER_CHUNK) {
    const group = deletions.slice(start, start + DELETIONS_PER_CHUNK);
    const body: DeletionsBody = {
      organizations: group.map((op) => ({
        id: op.organizationId,
        ...(op.name !== undefined ? { name: op.name } : {}),
      })),
    };
    contents.push({
      body: body as unknown as ChunkContent['body'],
      operationIndexes: group.map((op) => op.index),
      bytes: JSON.stringify(body).length,
    });
  }
  return contents;
}

/**
 * Membership changes of one organization (as the file names it) and one operation, MEMBERS_PER_CHUNK a chunk, in
 * the order the organizations first appear: each chunk is one call. A MOVE's removal (phase after the additions)
 * keeps the index of its addition.
 */
function packMemberships(memberships: readonly MembershipRowOperation[]): ChunkContent[] {
  const byOrganization = new Map<string, MembershipRowOperation[]>();
  for (const op of memberships) {
    const { id, name } = op.organization;
    const key = id !== undefined ? `id:${id}` : `name:${(name ?? '').normalize('NFC').toLowerCase()}`;
    const group = byOrganization.get(key);
    if (group) group.push(op);
    else byOrganization.set(key, [op]);
  }
  const contents: ChunkContent[] = [];
  for (const group of byOrganization.values()) {
    for (let start = 0; start < group.length; start += MEMBERS_PER_CHUNK) {
      const slice = group.slice(start, start + MEMBERS_PER_CHUNK);
      const body: MembershipsBody = {
        operation: slice[0].operation,
        organization: slice[0].organization,
        customers: slice.map((op) => ({ ...op.customer, ...(op.moveOf !== undefined ? { moveOf: op.moveOf } : {}) })),
      };
      contents.push({
        body: body as unknown as ChunkContent['body'],
        operationIndexes: slice.map((op) => op.index),
        bytes: JSON.stringify(body).length,
      });
    }
  }
  return contents;
}
