import type { EntitySchema } from '../manifest';
import { batchDelete, batchGet, batchSet, type BatchItemFault } from './batch';
import { page } from './cursor';
import { checkDeclaredEntity, queryEntities, type EntityQueryRequest } from './entityQuery';
import { checkEntityValue } from './entityValues';
import { JsonTexts } from './jsonTexts';
import { checkKey, checkQueryLimit, KvsError } from './limits';
import { prepareWrite, readRecord, toWire, type SetOptions } from './records';
import { QueryLagStore } from './queryLag';
import type { KvsMeter } from './quota';
import { entityNamespace, KVS_NAMESPACE, SECRET_NAMESPACE, type KvsStore } from './store';
import { transact } from './transaction';

/**
 * The KVS service behind `__forge_fetch__({ type: 'kvs' }, path, { method: 'POST', body })`:
 * every path @forge/kvs 1.6's StorageApi posts to, answering 2xx bodies the way StorageApi reads
 * them and errors as `{ code, message }` (404 KEY_NOT_FOUND is what StorageApi maps to `undefined`).
 */
export interface KvsReply {
  status: number;
  body?: unknown;
}

interface KeyRequest {
  key?: unknown;
  value?: unknown;
  entityName?: unknown;
  options?: SetOptions & { metadataFields?: string[] };
}

interface QueryRequest {
  limit?: unknown;
  after?: unknown;
  where?: Array<{ property?: string; condition?: string; values?: unknown[] }>;
}

export class KvsService {
  constructor(
    private readonly store: KvsStore,
    private readonly entities: Record<string, EntitySchema>,
    private readonly now: () => number = Date.now,
    private readonly batchItemFault?: BatchItemFault,
    private readonly meter?: KvsMeter,
  ) {}

  handle(path: string, bodyText: string | undefined): KvsReply {
    try {
      const body = parseBody(bodyText);
      // The body's values serialised once, for all that measure them (jsonTexts.ts).
      const json = new JsonTexts();
      return this.meter ? this.metered(this.meter, path, body, json) : this.route(path, body, json);
    } catch (err) {
      if (err instanceof KvsError) return { status: err.status, body: { code: err.code, message: err.message } };
      throw err;
    }
  }

  /** [docs] reads and writes spend the installation's per-minute quota (quota.ts): refused past it, unapplied. */
  private metered(meter: KvsMeter, path: string, body: unknown, json: JsonTexts): KvsReply {
    if (!meter.isRead(path)) {
      meter.charge('write', meter.writeUnits(path, body, json));
      return this.route(path, body, json);
    }
    let reply: KvsReply;
    try {
      reply = this.route(path, body, json);
    } catch (err) {
      // Reading an absent key is a read too.
      if (err instanceof KvsError && err.status === 404) meter.charge('read', 1);
      throw err;
    }
    meter.charge('read', meter.readUnits(path, reply.body));
    return reply;
  }

  /** The plain keys and their values, for inspection (`kvsDump()`). */
  dump(entityName?: string): Record<string, unknown> {
    const namespace = entityName === undefined ? KVS_NAMESPACE : entityNamespace(entityName);
    return Object.fromEntries(this.store.entries(namespace).map(([key, entry]) => [key, entry.value]));
  }

  /** One key's value, for inspection (`kvsGet()`): what `dump(entityName)[key]` holds, without copying the rest. */
  peek(key: string, entityName?: string): unknown {
    const namespace = entityName === undefined ? KVS_NAMESPACE : entityNamespace(entityName);
    return this.store.get(namespace, key)?.value;
  }

  private route(path: string, body: unknown, json: JsonTexts): KvsReply {
    const request = (body ?? {}) as KeyRequest;
    switch (path) {
      case '/api/v1/get':
        return this.get(KVS_NAMESPACE, request);
      case '/api/v1/set':
        return this.set(KVS_NAMESPACE, request, json);
      case '/api/v1/delete':
        return this.remove(KVS_NAMESPACE, request);
      case '/api/v1/query':
        return this.query(body as QueryRequest);
      case '/api/v1/secret/get':
        return this.get(SECRET_NAMESPACE, request);
      case '/api/v1/secret/set':
        return this.set(SECRET_NAMESPACE, request, json);
      case '/api/v1/secret/delete':
        return this.remove(SECRET_NAMESPACE, request);
      case '/api/v1/entity/get':
        return this.get(this.entityNamespace(request), request);
      case '/api/v1/entity/set': {
        const namespace = this.entityNamespace(request);
        const name = String(request.entityName);
        checkEntityValue(this.entities[name], name, String(request.key), request.value);
        return this.set(namespace, request, json);
      }
      case '/api/v1/entity/delete':
        return this.remove(this.entityNamespace(request), request);
      case '/api/v1/entity/query':
        return { status: 200, body: queryEntities(this.store, this.entities, body as EntityQueryRequest) };
      case '/api/v1/batch/set':
        return { status: 200, body: batchSet(this.store, this.entities, body, this.now(), this.batchItemFault, json) };
      case '/api/v1/batch/get':
        return { status: 200, body: batchGet(this.store, this.entities, body, this.batchItemFault) };
      case '/api/v1/batch/delete':
        return { status: 200, body: batchDelete(this.store, this.entities, body, this.batchItemFault) };
      case '/api/v1/transaction':
        transact(this.store, this.entities, body, this.now(), json);
        return { status: 204 };
      default:
        throw new KvsError(
          404,
          'NOT_FOUND',
          `The local KVS has no endpoint ${path}: this @forge/kvs call is not emulated.`,
        );
    }
  }

  private entityNamespace(request: KeyRequest): string {
    return entityNamespace(checkDeclaredEntity(this.entities, request.entityName));
  }

  private get(namespace: string, request: KeyRequest): KvsReply {
    return { status: 200, body: toWire(String(request.key), readRecord(this.store, namespace, request.key)) };
  }

  private set(namespace: string, request: KeyRequest, json: JsonTexts): KvsReply {
    const write = prepareWrite(this.store, namespace, request.key, request.value, request.options, this.now(), json);
    this.store.put(namespace, write.key, write.entry);
    switch (request.options?.returnValue) {
      case 'LATEST':
        return { status: 200, body: toWire(write.key, write.entry) };
      case 'PREVIOUS':
        return write.previous ? { status: 200, body: toWire(write.key, write.previous) } : { status: 204 };
      default:
        return { status: 204 };
    }
  }

  private remove(namespace: string, request: KeyRequest): KvsReply {
    this.store.remove(namespace, checkKey(request.key));
    return { status: 204 };
  }

  private query(request: QueryRequest | undefined): KvsReply {
    const limit = checkQueryLimit(request?.limit);
    const where = request?.where ?? [];
    if (where.length > 1)
      throw new KvsError(400, 'QUERY_WHERE_INVALID', 'KVS queries should contain only a single "where" clause.');
    let prefix = '';
    if (where.length === 1) {
      const [clause] = where;
      if (clause.property !== 'key') {
        throw new KvsError(
          400,
          'QUERY_WHERE_FIELD_INVALID',
          `KVS queries filter only on 'key', not '${clause.property}'.`,
        );
      }
      if (clause.condition !== 'BEGINS_WITH') {
        throw new KvsError(
          400,
          'INVALID_FILTER_CONDITION',
          `KVS queries support only BEGINS_WITH, not ${clause.condition}.`,
        );
      }
      if (clause.values?.length !== 1) {
        throw new KvsError(400, 'INVALID_FILTER_VALUES', 'BEGINS_WITH takes exactly one value.');
      }
      prefix = String(clause.values[0]);
    }
    // [docs] a query is eventually consistent: it may not see the last moment's writes (queryLag.ts).
    const entries =
      this.store instanceof QueryLagStore
        ? this.store.entriesSeenByQuery(KVS_NAMESPACE)
        : this.store.entries(KVS_NAMESPACE);
    const matching = entries.filter(([key]) => key.startsWith(prefix));
    const result = page(matching, request?.after, limit);
    return {
      status: 200,
      body: {
        data: result.items.map(([key, entry]) => toWire(key, entry)),
        ...(result.cursor ? { cursor: result.cursor } : {}),
      },
    };
  }
}

function parseBody(bodyText: string | undefined): unknown {
  if (bodyText === undefined || bodyText === '') return undefined;
  try {
    return JSON.parse(bodyText);
  } catch {
    throw new KvsError(400, 'BAD_REQUEST', 'Provided request body is invalid');
  }
}
