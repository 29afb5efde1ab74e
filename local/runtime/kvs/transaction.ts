import type { EntitySchema } from '../manifest';
import { meetsGroup, type ClauseGroup } from './conditions';
import { checkDeclaredEntity } from './entityQuery';
import { checkEntityValue } from './entityValues';
import { JsonTexts } from './jsonTexts';
import { checkKey, checkRequestSize, KvsError, TRANSACTION_MAX_OPERATIONS } from './limits';
import { prepareWrite, type SetOptions } from './records';
import { entityNamespace, KVS_NAMESPACE, type KvsStore, type StoredEntry } from './store';

/**
 * kvs.transact(): all operations apply or none do (storage-reference/transactions): at most 25
 * operations, 4 MB, each key once. Condition failures use a guessed code, CONDITIONAL_CHECK_FAILED.
 */
interface TransactionOperation {
  key: string;
  value?: unknown;
  entityName?: string;
  conditions?: ClauseGroup;
  options?: SetOptions;
}

const TRANSACTION_LISTS = ['set', 'delete', 'check'];

interface TransactionRequest {
  set?: TransactionOperation[];
  delete?: TransactionOperation[];
  check?: TransactionOperation[];
}

export function transact(
  store: KvsStore,
  entities: Record<string, EntitySchema>,
  body: unknown,
  now: number,
  json = new JsonTexts(),
): void {
  const request = (body ?? {}) as TransactionRequest;
  const sets = request.set ?? [];
  const deletes = request.delete ?? [];
  const checks = request.check ?? [];
  const count = sets.length + deletes.length + checks.length;
  if (count === 0) throw new KvsError(400, 'BAD_REQUEST', 'The transaction has no operations.');
  if (count > TRANSACTION_MAX_OPERATIONS) {
    throw new KvsError(
      400,
      'TOO_MANY_OPERATIONS',
      `The transaction has ${count} operations; the limit is ${TRANSACTION_MAX_OPERATIONS}. Split it into several transactions.`,
    );
  }
  checkRequestSize(json.bodyBytes(body, TRANSACTION_LISTS), 'transaction');

  const seen = new Set<string>();
  const namespaceOf = (op: TransactionOperation) => {
    const namespace =
      op.entityName === undefined ? KVS_NAMESPACE : entityNamespace(checkDeclaredEntity(entities, op.entityName));
    const id = `${namespace}\u0000${checkKey(op.key)}`;
    if (seen.has(id)) {
      throw new KvsError(
        400,
        'DUPLICATE_KEY',
        `The transaction uses key '${op.key}' more than once; each key may appear once.`,
      );
    }
    seen.add(id);
    return namespace;
  };
  const checkConditions = (namespace: string, op: TransactionOperation) => {
    if (!op.conditions) return;
    const current = store.get(namespace, op.key)?.value as Record<string, unknown> | undefined;
    if (!meetsGroup(current, op.conditions)) {
      throw new KvsError(
        409,
        'CONDITIONAL_CHECK_FAILED',
        `The transaction's condition on key '${op.key}' is not met; nothing was written.`,
      );
    }
  };

  const writes: Array<{ namespace: string; key: string; entry: StoredEntry }> = [];
  for (const op of sets) {
    const namespace = namespaceOf(op);
    if (op.entityName !== undefined) checkEntityValue(entities[op.entityName], op.entityName, op.key, op.value);
    checkConditions(namespace, op);
    const write = prepareWrite(store, namespace, op.key, op.value, op.options, now, json);
    writes.push({ namespace, key: write.key, entry: write.entry });
  }
  const removals: Array<{ namespace: string; key: string }> = [];
  for (const op of deletes) {
    const namespace = namespaceOf(op);
    checkConditions(namespace, op);
    removals.push({ namespace, key: op.key });
  }
  for (const op of checks) checkConditions(namespaceOf(op), op);

  for (const w of writes) store.put(w.namespace, w.key, w.entry);
  for (const r of removals) store.remove(r.namespace, r.key);
}
