import type { EntitySchema } from '../manifest';
import { meets, meetsGroup, type Clause, type ClauseGroup } from './conditions';
import { checkEntityName, checkQueryLimit, KvsError } from './limits';
import { toWire, type WireEntry } from './records';
import { entityNamespace, type KvsStore } from './store';

/**
 * Custom entity queries over the indexes manifest.yml declares (`app.storage.entities`):
 * partition equality, a range condition on the index's range attribute, filters, sort, limit, cursor.
 * Kept simple: a linear scan, which is plenty for a local store.
 */
export interface EntityQueryRequest {
  entityName: string;
  indexName: string;
  partition?: unknown[];
  range?: Clause;
  filters?: ClauseGroup;
  sort?: 'ASC' | 'DESC';
  limit?: number;
  cursor?: string;
}

export function checkDeclaredEntity(entities: Record<string, EntitySchema>, entityName: unknown): string {
  const name = checkEntityName(entityName);
  if (!entities[name]) {
    const declared = Object.keys(entities);
    throw new KvsError(
      400,
      'ENTITY_NOT_FOUND',
      `The entity '${name}' is not declared under app.storage.entities in manifest.yml` +
        (declared.length ? ` (declared: ${declared.join(', ')}).` : ' (none are declared).'),
    );
  }
  return name;
}

export function queryEntities(
  store: KvsStore,
  entities: Record<string, EntitySchema>,
  request: EntityQueryRequest,
): { data: WireEntry[]; cursor?: string } {
  const name = checkDeclaredEntity(entities, request.entityName);
  const index = entities[name].indexes.find((i) => i.name === request.indexName);
  if (!index) {
    throw new KvsError(
      400,
      'INDEX_NOT_FOUND',
      `The entity '${name}' has no index '${request.indexName}' in manifest.yml.`,
    );
  }
  const limit = checkQueryLimit(request.limit);
  const rangeAttribute = index.range[0];
  const matches = store.entries(entityNamespace(name)).filter(([, entry]) => {
    const record = entry.value as Record<string, unknown>;
    const partitionOk = index.partition.every(
      (attr, i) => request.partition?.[i] === undefined || record?.[attr] === request.partition[i],
    );
    const rangeOk = !request.range || meets(record?.[rangeAttribute], request.range);
    return partitionOk && rangeOk && meetsGroup(record, request.filters);
  });
  const direction = request.sort === 'DESC' ? -1 : 1;
  matches.sort(([ka, a], [kb, b]) => {
    const va = (a.value as Record<string, unknown>)?.[rangeAttribute];
    const vb = (b.value as Record<string, unknown>)?.[rangeAttribute];
    const byRange =
      typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va ?? '').localeCompare(String(vb ?? ''));
    return direction * (byRange || (ka < kb ? -1 : ka > kb ? 1 : 0));
  });
  const offset = decodeOffset(request.cursor);
  const items = matches.slice(offset, offset + limit);
  const next = offset + limit < matches.length ? Buffer.from(String(offset + limit)).toString('base64url') : undefined;
  return { data: items.map(([key, entry]) => toWire(key, entry)), ...(next ? { cursor: next } : {}) };
}

function decodeOffset(cursor: unknown): number {
  if (cursor === undefined || cursor === null || cursor === '') return 0;
  const offset = Number(Buffer.from(String(cursor), 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) {
    throw new KvsError(
      400,
      'INVALID_CURSOR',
      `The cursor '${String(cursor)}' was not returned by this query: pass nextCursor unchanged.`,
    );
  }
  return offset;
}
