import type { JsonTexts } from './jsonTexts';
import { checkKey, checkValue, KvsError } from './limits';
import type { KvsStore, StoredEntry } from './store';

/** Reads and writes of one key, shared by the plain, secret, entity, batch and transaction endpoints. */

export interface SetOptions {
  ttl?: { value: number; unit: 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS' };
  keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS';
  returnValue?: 'PREVIOUS' | 'LATEST';
}

const TTL_UNIT_MS = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 } as const;

export interface WireEntry {
  key: string;
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expireTime?: string;
}

export function toWire(key: string, entry: StoredEntry): WireEntry {
  return {
    key,
    value: entry.value,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    ...(entry.expireTime ? { expireTime: entry.expireTime } : {}),
  };
}

export function readRecord(store: KvsStore, namespace: string, key: unknown): StoredEntry {
  const entry = store.get(namespace, checkKey(key));
  if (!entry) throw new KvsError(404, 'KEY_NOT_FOUND', 'Provided key does not exist');
  return entry;
}

/**
 * Validates a write without applying it, so batches and transactions can check everything first. `json`: the request's
 * values as serialised so far (jsonTexts.ts).
 */
export function prepareWrite(
  store: KvsStore,
  namespace: string,
  key: unknown,
  value: unknown,
  options: SetOptions | undefined,
  now: number,
  json?: JsonTexts,
): { key: string; entry: StoredEntry; previous?: StoredEntry } {
  const checkedKey = checkKey(key);
  checkValue(checkedKey, value, json);
  const previous = store.get(namespace, checkedKey);
  if (previous && options?.keyPolicy === 'FAIL_IF_EXISTS') {
    throw new KvsError(
      409,
      'KEY_ALREADY_EXISTS',
      `The key '${checkedKey}' already exists and keyPolicy is FAIL_IF_EXISTS.`,
    );
  }
  let expireTime: string | undefined;
  if (options?.ttl) {
    const unitMs = TTL_UNIT_MS[options.ttl.unit];
    if (!unitMs || !(options.ttl.value > 0)) {
      throw new KvsError(
        400,
        'BAD_REQUEST',
        `The ttl ${JSON.stringify(options.ttl)} needs a positive value and a unit of SECONDS, MINUTES, HOURS or DAYS.`,
      );
    }
    expireTime = new Date(now + options.ttl.value * unitMs).toISOString();
  }
  const entry: StoredEntry = {
    value,
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
    ...(expireTime ? { expireTime } : {}),
  };
  return { key: checkedKey, entry, previous };
}
