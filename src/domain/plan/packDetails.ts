import type { DetailRowOperation } from '../operations';
import type { DetailOperation, OrganizationDetailOperations } from '../schemas';
import { operationTooLarge, type ChunkContent } from './chunkContent';
import { detailOperationBytes } from './itemBytes';
import { utf8ByteLength } from '../text/utf8';

interface Sized {
  op: DetailRowOperation;
  operation: DetailOperation;
  bytes: number;
}

const EMPTY_BODY_BYTES = utf8ByteLength(JSON.stringify({ organizations: [] }));

/**
 * Groups detail operations by organization (in order of first appearance) and fills chunks up to `limit` operations
 * counted across organizations. One organization's operations are split over chunks only when they alone exceed a chunk.
 */
export function packDetails(
  operations: readonly DetailRowOperation[],
  limit: number,
  maxBytes: number,
): ChunkContent[] {
  const chunks: ChunkContent[] = [];
  let entries: OrganizationDetailOperations[] = [];
  let operationIndexes: number[] = [];
  let operationCount = 0;
  let bytes = EMPTY_BODY_BYTES;

  const openEntry = (): OrganizationDetailOperations | undefined => entries[entries.length - 1];
  const flush = () => {
    if (operationCount > 0) chunks.push({ body: { organizations: entries }, operationIndexes, bytes });
    entries = [];
    operationIndexes = [];
    operationCount = 0;
    bytes = EMPTY_BODY_BYTES;
  };
  const addOperation = (id: string, { op, operation, bytes: operationBytes }: Sized, entryBytes: number) => {
    let open = openEntry();
    if (open === undefined || open.id !== id) {
      bytes += (entries.length > 0 ? 1 : 0) + entryBytes;
      open = { id, operations: [] };
      entries.push(open);
    } else {
      bytes += 1;
    }
    bytes += operationBytes;
    open.operations.push(operation);
    operationIndexes.push(op.index);
    operationCount += 1;
  };

  for (const [id, group] of groupByOrganization(operations)) {
    const entryBytes = utf8ByteLength(JSON.stringify({ id, operations: [] }));
    const sized = group.map((op): Sized => {
      return { op, operation: op.operation, bytes: detailOperationBytes(op.operation) };
    });
    const groupBytes =
      entryBytes + sized.reduce((sum, { bytes: operationBytes }) => sum + operationBytes, 0) + sized.length - 1;
    const fitsCurrent =
      operationCount + sized.length <= limit && bytes + (entries.length > 0 ? 1 : 0) + groupBytes <= maxBytes;
    const fitsAlone = sized.length <= limit && EMPTY_BODY_BYTES + groupBytes <= maxBytes;
    if (!fitsCurrent && fitsAlone) flush();
    if (fitsCurrent || fitsAlone) {
      for (const operation of sized) addOperation(id, operation, entryBytes);
      continue;
    }
    // Too many operations for one organization: it gets chunks of its own, split wherever the limits fall.
    flush();
    for (const operation of sized) {
      const aloneBytes = EMPTY_BODY_BYTES + entryBytes + operation.bytes;
      if (aloneBytes > maxBytes) throw operationTooLarge(operation.op, aloneBytes, maxBytes);
      const cost =
        openEntry()?.id === id ? 1 + operation.bytes : (entries.length > 0 ? 1 : 0) + entryBytes + operation.bytes;
      if (operationCount >= limit || bytes + cost > maxBytes) flush();
      addOperation(id, operation, entryBytes);
    }
  }
  flush();
  return chunks;
}

function groupByOrganization(operations: readonly DetailRowOperation[]): Map<string, DetailRowOperation[]> {
  const groups = new Map<string, DetailRowOperation[]>();
  for (const op of operations) {
    const group = groups.get(op.organizationId);
    if (group) group.push(op);
    else groups.set(op.organizationId, [op]);
  }
  return groups;
}
