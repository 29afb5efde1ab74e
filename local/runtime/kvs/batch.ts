import type { EntitySchema } from '../manifest';
import { checkDeclaredEntity } from './entityQuery';
import { checkEntityValue } from './entityValues';
import { JsonTexts } from './jsonTexts';
import { BATCH_MAX_ITEMS, checkRequestSize, KvsError } from './limits';
import { prepareWrite, readRecord, type SetOptions } from './records';
import { entityNamespace, KVS_NAMESPACE, type KvsStore } from './store';

/**
 * kvs.batchSet / batchGet / batchDelete: each item succeeds or fails on its own
 * (storage-reference/batchops). An empty batch, one of more than 25 items or over 4 MB, or one naming a key
 * twice fails as a whole.
 */
interface BatchItem {
  key: string;
  entityName?: string;
  value?: unknown;
  options?: SetOptions;
}

type ItemError = { key: string; entityName?: string; error: { code: string; message: string } };

/**
 * Tests: decides, per item of a batch, to report it in `failedKeys` although nothing was wrong with it
 * ([docs] storage-reference/batchops: batches are best-effort and "report which operations succeeded or failed").
 * The item is then not applied. [unverified] the code Forge gives such an item: the runtime answers
 * INTERNAL_SERVER_ERROR, the code @forge/kvs 1.6.5's own tests use for a storage fault.
 */
export type BatchItemFault = (operation: 'set' | 'get' | 'delete', key: string, entityName?: string) => boolean;

function checkFault(fault: BatchItemFault | undefined, operation: 'set' | 'get' | 'delete', item: BatchItem): void {
  if (fault?.(operation, item.key, item.entityName))
    throw new KvsError(500, 'INTERNAL_SERVER_ERROR', 'An internal server error has occurred');
}

function itemsOf(body: unknown, what: string, json: JsonTexts): BatchItem[] {
  if (!Array.isArray(body) || body.length === 0) {
    throw new KvsError(400, 'BAD_REQUEST', `A ${what} needs at least one item.`);
  }
  // [docs] limits-kvs-ce: a batch holds at most 25 keys. [unverified] the error code: the whole batch is refused.
  if (body.length > BATCH_MAX_ITEMS) {
    throw new KvsError(
      400,
      'BAD_REQUEST',
      `A ${what} holds at most ${BATCH_MAX_ITEMS} items; this one has ${body.length}. Split it.`,
    );
  }
  const seen = new Set<string>();
  for (const item of body as BatchItem[]) {
    const id = `${item?.entityName ?? ''}\u0000${item?.key}`;
    if (seen.has(id)) {
      throw new KvsError(
        400,
        'BAD_REQUEST',
        `The ${what} names key '${item.key}'${item.entityName ? ` of entity '${item.entityName}'` : ''} twice.`,
      );
    }
    seen.add(id);
  }
  checkRequestSize(json.listBytes(body), what);
  return body as BatchItem[];
}

function itemNamespace(entities: Record<string, EntitySchema>, item: BatchItem): string {
  return item.entityName === undefined
    ? KVS_NAMESPACE
    : entityNamespace(checkDeclaredEntity(entities, item.entityName));
}

function failure(item: BatchItem, err: unknown): ItemError {
  if (!(err instanceof KvsError)) throw err;
  return {
    key: item.key,
    ...(item.entityName ? { entityName: item.entityName } : {}),
    error: { code: err.code, message: err.message },
  };
}

const success = (item: BatchItem) => ({ key: item.key, ...(item.entityName ? { entityName: item.entityName } : {}) });

export function batchSet(
  store: KvsStore,
  entities: Record<string, EntitySchema>,
  body: unknown,
  now: number,
  fault?: BatchItemFault,
  json = new JsonTexts(),
) {
  const successfulKeys: object[] = [];
  const failedKeys: ItemError[] = [];
  for (const item of itemsOf(body, 'batch set', json)) {
    try {
      checkFault(fault, 'set', item);
      const namespace = itemNamespace(entities, item);
      if (item.entityName !== undefined)
        checkEntityValue(entities[item.entityName], item.entityName, item.key, item.value);
      const write = prepareWrite(store, namespace, item.key, item.value, item.options, now, json);
      store.put(namespace, write.key, write.entry);
      successfulKeys.push(success(item));
    } catch (err) {
      failedKeys.push(failure(item, err));
    }
  }
  return { successfulKeys, failedKeys };
}

export function batchGet(
  store: KvsStore,
  entities: Record<string, EntitySchema>,
  body: unknown,
  fault?: BatchItemFault,
) {
  const successfulKeys: object[] = [];
  const failedKeys: ItemError[] = [];
  for (const item of itemsOf(body, 'batch get', new JsonTexts())) {
    try {
      checkFault(fault, 'get', item);
      const entry = readRecord(store, itemNamespace(entities, item), item.key);
      successfulKeys.push({
        ...success(item),
        value: entry.value,
        createdAt: entry.createdAt,
        updatedAt: entry.updatedAt,
      });
    } catch (err) {
      failedKeys.push(failure(item, err));
    }
  }
  return { successfulKeys, failedKeys };
}

export function batchDelete(
  store: KvsStore,
  entities: Record<string, EntitySchema>,
  body: unknown,
  fault?: BatchItemFault,
) {
  const successfulKeys: object[] = [];
  const failedKeys: ItemError[] = [];
  for (const item of itemsOf(body, 'batch delete', new JsonTexts())) {
    try {
      checkFault(fault, 'delete', item);
      store.remove(itemNamespace(entities, item), item.key);
      successfulKeys.push(success(item));
    } catch (err) {
      failedKeys.push(failure(item, err));
    }
  }
  return { successfulKeys, failedKeys };
}
