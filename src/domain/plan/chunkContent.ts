import { describeOperation, type RowOperation } from '../operations';
import type { BulkDetailsRequest, BulkOrganizationsRequest, BulkProfilesRequest } from '../schemas';
import { PlanError } from './types';

export type BulkRequest = BulkProfilesRequest | BulkOrganizationsRequest | BulkDetailsRequest;

/** A chunk's body and the operations it carries, before it gets its place and key in the plan. */
export interface ChunkContent {
  body: BulkRequest;
  operationIndexes: number[];
  /** UTF-8 bytes of `JSON.stringify(body)`. */
  bytes: number;
}

export function operationTooLarge(op: RowOperation, bytes: number, maxBytes: number): PlanError {
  return new PlanError(
    'operation-too-large',
    `Row ${op.row} (${describeOperation(op)}) is too large to send: its request would take ${bytes.toLocaleString('en-US')} bytes, ` +
      `over the ${maxBytes.toLocaleString('en-US')}-byte limit of one request. Shorten its values or split them over several rows.`,
    op.row,
    op.index,
  );
}
