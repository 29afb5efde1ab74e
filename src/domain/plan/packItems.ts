import type { RowOperation } from '../operations';
import { operationTooLarge, type BulkRequest, type ChunkContent } from './chunkContent';
import { utf8ByteLength } from '../text/utf8';

export interface ItemEntry<Item> {
  op: RowOperation;
  item: Item;
}

/** Fills chunks up to `limit` items and `maxBytes` of JSON, keeping the operations' order. */
export function packItems<Item>(
  entries: readonly ItemEntry<Item>[],
  limit: number,
  maxBytes: number,
  makeBody: (items: Item[]) => BulkRequest,
  itemBytesOf: (item: Item) => number,
): ChunkContent[] {
  const emptyBytes = utf8ByteLength(JSON.stringify(makeBody([]))); // `{"key":[]}`
  const chunks: ChunkContent[] = [];
  let items: Item[] = [];
  let operationIndexes: number[] = [];
  let bytes = emptyBytes;
  const flush = () => {
    if (items.length === 0) return;
    chunks.push({ body: makeBody(items), operationIndexes, bytes });
    items = [];
    operationIndexes = [];
    bytes = emptyBytes;
  };
  for (const { op, item } of entries) {
    const itemBytes = itemBytesOf(item);
    if (emptyBytes + itemBytes > maxBytes) throw operationTooLarge(op, emptyBytes + itemBytes, maxBytes);
    if (items.length >= limit || bytes + (items.length > 0 ? 1 : 0) + itemBytes > maxBytes) flush();
    bytes += (items.length > 0 ? 1 : 0) + itemBytes;
    items.push(item);
    operationIndexes.push(op.index);
  }
  flush();
  return chunks;
}
