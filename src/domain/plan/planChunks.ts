import { MAX_JOB_ID_LENGTH } from '../limits';
import type {
  DeletionRowOperation,
  DetailRowOperation,
  MembershipRowOperation,
  ServiceProjectRowOperation,
  ChunkKind,
  JobOperation,
  OrganizationRowOperation,
  ProfileRowOperation,
} from '../operations';
import type { DeletionsBody } from '../chunkOperations';
import type { OrganizationOperation, ProfileOperation } from '../schemas';
import type { ChunkContent } from './chunkContent';
import { organizationBytes, profileBytes } from './itemBytes';
import { packDetails } from './packDetails';
import { packItems } from './packItems';
import { packMemberships, packServiceProjects } from './packSingleCalls';
import {
  DEFAULT_PLAN_LIMITS,
  DELETE_PATH,
  DELETIONS_PER_CHUNK,
  ENDPOINT_PATHS,
  KIND_ORDER,
  MEMBERS_PATH,
  SERVICE_DESK_PATH,
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

function pathOf(kind: ChunkKind): string {
  if (kind === 'deletions') return DELETE_PATH;
  if (kind === 'memberships') return MEMBERS_PATH;
  if (kind === 'service-projects') return SERVICE_DESK_PATH;
  return ENDPOINT_PATHS[kind];
}

interface OperationsByKind {
  profiles: ProfileRowOperation[];
  organizations: OrganizationRowOperation[];
  details: DetailRowOperation[];
  deletions: DeletionRowOperation[];
  memberships: MembershipRowOperation[];
  'service-projects': ServiceProjectRowOperation[];
}

function partitionByKind(operations: readonly JobOperation[]): OperationsByKind {
  const byKind: OperationsByKind = {
    profiles: [],
    organizations: [],
    details: [],
    deletions: [],
    memberships: [],
    'service-projects': [],
  };
  for (const op of operations) (byKind[op.kind] as JobOperation[]).push(op);
  return byKind;
}

/**
 * The chunks of a kind, by phase: one phase for a bulk kind; for single calls, rounds (see packSingleCalls), and for
 * memberships every addition's rounds before any removal's.
 */
function packKind(kind: ChunkKind, byKind: OperationsByKind, limits: PlanLimits): ChunkContent[][] {
  if (kind === 'memberships')
    return (['ADD', 'REMOVE'] as const).flatMap((change) =>
      packMemberships(byKind.memberships.filter((op) => op.operation === change)),
    );
  if (kind === 'service-projects') return packServiceProjects(byKind['service-projects']);
  return [packBulkKind(kind, byKind, limits)];
}

function packBulkKind(
  kind: Exclude<ChunkKind, 'memberships' | 'service-projects'>,
  byKind: OperationsByKind,
  limits: PlanLimits,
) {
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
        ...(op.mergeInto !== undefined ? { mergeInto: op.mergeInto } : {}),
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
