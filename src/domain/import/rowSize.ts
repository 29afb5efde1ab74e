import { MAX_CHUNK_BYTES } from '../limits';
import { detailOperationBytes, organizationBytes, profileBytes } from '../plan/itemBytes';
import type { ProfileOperation } from '../schemas';
import type { ProblemLog } from './problems';
import type { DraftOperation, ImportFormat } from './types';

/**
 * The most one row may take in a request: a chunk holds at most MAX_CHUNK_BYTES of JSON (it is stored in Forge KVS
 * before it is sent), and 1,000 bytes are kept for the request's own keys and the details endpoint's organization id.
 */
export const MAX_ROW_BYTES = MAX_CHUNK_BYTES - 1_000;

const KB = (bytes: number) => `${Math.ceil(bytes / 1000).toLocaleString('en-US')} KB`;

/**
 * Reports the rows too large for one request (a cell of 288 KB of customer ids): such a row could never be sent, and
 * planning it would fail the whole file. The column named is the row's largest part.
 */
export function checkRowSizes(drafts: readonly DraftOperation[], format: ImportFormat, log: ProblemLog): void {
  for (const draft of drafts) {
    const bytes =
      draft.kind === 'profiles'
        ? profileBytes(draft.item)
        : draft.kind === 'organizations'
          ? organizationBytes(draft.item)
          : draft.kind === 'details'
            ? detailOperationBytes(draft.operation)
            : 0;
    if (bytes <= MAX_ROW_BYTES) continue;
    const column =
      draft.kind === 'profiles'
        ? largestPart(draft.item, format)
        : draft.kind === 'details'
          ? format === 'csv'
            ? 'Values'
            : 'payload.values'
          : format === 'csv'
            ? 'Organization Name'
            : 'payload.name';
    log.error(
      { row: draft.row, column },
      'row-too-large',
      `the row takes ${KB(bytes)} once sent, more than the ${KB(MAX_ROW_BYTES)} one request to CSM can carry. ` +
        'Split its values over several rows of the same organization in separate files (e.g. half of the customers in each), or shorten them.',
    );
  }
}

/** The column of a profile's largest part: Customers, Products or a detail field. */
function largestPart({ payload }: ProfileOperation, format: ImportFormat): string {
  const csv = format === 'csv';
  let column = csv ? 'Customers' : 'payload.associateCustomers';
  let largest = size(payload.associateCustomers?.customerIds ?? []);
  const products = size(payload.associateProducts?.productIds ?? []);
  if (products > largest) {
    largest = products;
    column = csv ? 'Products' : 'payload.associateProducts';
  }
  (payload.details ?? []).forEach((detail, index) => {
    const bytes = size(detail.values);
    if (bytes > largest) {
      largest = bytes;
      column = csv ? detail.name : `payload.details[${index}]`;
    }
  });
  return column;
}

function size(values: readonly string[]): number {
  let chars = 0;
  for (const value of values) chars += value.length + 3;
  return chars;
}
