import { z } from 'zod';
import { ENDPOINT_LIMITS, MAX_CHUNK_BYTES } from '../limits';
import { JobKindSchema, type BulkKind, type ChunkKind } from '../operations';
import { BulkDetailsRequestSchema, BulkOrganizationsRequestSchema, BulkProfilesRequestSchema } from '../schemas';

/** CSM paths of the bulk endpoints, relative to the CSM API root (`/jsm/csm` from Forge). */
export const ENDPOINT_PATHS = {
  profiles: '/api/v1/organization/profile/bulk',
  organizations: '/api/v1/organization/bulk',
  details: '/api/v1/organization/details/bulk',
} as const satisfies Record<BulkKind, string>;

/** Deletions are single calls, one organization each. */
export const DELETE_PATH = '/api/v1/organization/{id}';
/** Membership changes are single calls, one organization and at most MEMBERS_PER_CALL customers each. */
export const MEMBERS_PATH = '/rest/servicedeskapi/organization/{id}/user';
/** Service project changes are single calls, one organization each. */
export const SERVICE_DESK_PATH = '/rest/servicedeskapi/servicedesk/{id}/organization';
/** Customers a membership call carries: no maximum is documented; a peer app sends 50 (csm-api.md). */
export const MEMBERS_PER_CALL = 50;
/**
 * Customers of one organization a memberships chunk changes, in calls of MEMBERS_PER_CALL: the organization's members
 * are read once before its calls (the compare) and once after (the read-back), and a read costs a point per member
 * page and two per member (csm-api.md), so fewer, fuller chunks read less. 500 keeps a chunk's stored body near
 * 40 KB and its resend after a crash to 10 calls.
 */
export const MEMBERS_PER_CHUNK = 500;

/** Organizations must exist before their profiles, and profiles before detail values: tasks run out of order. */
export const KIND_ORDER: readonly ChunkKind[] = [
  'organizations',
  'profiles',
  'details',
  'memberships',
  'service-projects',
  'deletions',
];

/** Deletions per chunk: one call each, so a chunk's send (and its resend after a crash) stays short. */
export const DELETIONS_PER_CHUNK = 25;

export const PlannedChunkSchema = z.object({
  index: z.number().int().nonnegative(),
  /** A chunk of phase p+1 is submitted only after every chunk of phase p has ended. */
  phase: z.number().int().nonnegative(),
  kind: JobKindSchema.exclude(['merges']),
  /** The bulk endpoint, or the single call's path pattern (deletions, memberships). */
  path: z.string(),
  body: z.union([
    BulkProfilesRequestSchema,
    BulkOrganizationsRequestSchema,
    BulkDetailsRequestSchema,
    z.strictObject({
      organizations: z.array(
        z.strictObject({
          id: z.string(),
          name: z.string().optional(),
          mergeInto: z.strictObject({ id: z.string().optional(), name: z.string().optional() }).optional(),
        }),
      ),
    }),
    z.strictObject({
      operation: z.enum(['ADD', 'REMOVE']),
      serviceProject: z.strictObject({ ref: z.string() }),
      organizations: z.array(z.strictObject({ id: z.string().optional(), name: z.string().optional() })),
    }),
    z.strictObject({
      operation: z.enum(['ADD', 'REMOVE']),
      organization: z.strictObject({ id: z.string().optional(), name: z.string().optional() }),
      customers: z.array(
        z.strictObject({
          accountId: z.string().optional(),
          email: z.string().optional(),
          moveOf: z.number().int().nonnegative().optional(),
        }),
      ),
    }),
  ]),
  /** Row-operation indexes in the order the body carries them. */
  operationIndexes: z.array(z.number().int().nonnegative()),
  /** UTF-8 bytes of the body's JSON. */
  bytes: z.number().int().positive(),
});

export type PlannedChunk = z.infer<typeof PlannedChunkSchema>;

export interface PlanLimits {
  profiles: number;
  organizations: number;
  detailOperations: number;
  maxChunkBytes: number;
}

export const DEFAULT_PLAN_LIMITS: PlanLimits = { ...ENDPOINT_LIMITS, maxChunkBytes: MAX_CHUNK_BYTES };

/** A plan that cannot be made; `message` is meant for the admin. */
export class PlanError extends Error {
  constructor(
    readonly code: 'invalid-job-id' | 'operation-too-large',
    message: string,
    readonly row?: number,
    readonly operationIndex?: number,
  ) {
    super(message);
    this.name = 'PlanError';
  }
}
