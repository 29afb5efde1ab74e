import type { ChunkKind } from '../operations';
import type { BulkDetailsRequest, BulkOrganizationsRequest, BulkProfilesRequest } from '../schemas';
import { canonicalDetailOperation, canonicalOrganization, canonicalProfile } from './canonicalItems';
import type { BulkRequest } from './chunkContent';
import { fnv1a64Hex } from './hash';

export interface ChunkRequest {
  /** The chunk's body with only the fields CSM knows, each item's keys in the source document's order. */
  body: BulkRequest;
  /** `${jobId}-${chunkIndex}-${FNV-1a 64 of JSON.stringify(body)}`: the key names exactly the text sent. */
  idempotencyKey: string;
}

/**
 * What is sent for a stored chunk. Worked out at each send from the stored body, not kept: the body never
 * changes once planned, so a resend after a crash or a lost response carries the same text and the same key
 * (a replay for CSM), however the body's keys were ordered when it was stored and read back. Hashing at send
 * time also keeps the plan of a 50,000-row file from serialising every request up front.
 */
export function chunkRequest(jobId: string, chunk: { index: number; kind: ChunkKind; body: unknown }): ChunkRequest {
  const body = canonicalBody(chunk.kind, chunk.body);
  return { body, idempotencyKey: `${jobId}-${chunk.index}-${fnv1a64Hex(JSON.stringify(body))}` };
}

function canonicalBody(kind: ChunkKind, body: unknown): BulkRequest {
  switch (kind) {
    case 'profiles':
      return { organizationProfiles: (body as BulkProfilesRequest).organizationProfiles.map(canonicalProfile) };
    case 'organizations':
      return { organizations: (body as BulkOrganizationsRequest).organizations.map(canonicalOrganization) };
    case 'details':
      return {
        organizations: (body as BulkDetailsRequest).organizations.map(({ id, operations }) => ({
          id,
          operations: operations.map(canonicalDetailOperation),
        })),
      };
    case 'deletions':
    case 'memberships':
    case 'service-projects':
      throw new Error(`A ${kind} chunk is sent as single calls, one organization each: it has no bulk request.`);
  }
}
