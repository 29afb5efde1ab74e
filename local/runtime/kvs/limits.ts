import { JsonTexts, nestsDeeperThan } from './jsonTexts';

/**
 * Forge hosted storage limits, answered with the codes the real service uses
 * (developer.atlassian.com/platform/forge/storage-reference/handling-errors-kvs and .../transactions).
 * @forge/kvs turns a non-2xx `{ code, message }` body into a ForgeKvsAPIError carrying that code.
 */
export const KEY_MAX_LENGTH = 500;
export const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
export const VALUE_MAX_BYTES = 240 * 1024;
/** Nesting of objects/arrays; a flat object is depth 1. Atlassian's page says "maximum object depth (32)". */
export const VALUE_MAX_DEPTH = 31;
export const QUERY_MAX_LIMIT = 100;
export const QUERY_DEFAULT_LIMIT = 10;
export const TRANSACTION_MAX_OPERATIONS = 25;
export const BATCH_MAX_ITEMS = 25;
export const REQUEST_MAX_BYTES = 4 * 1024 * 1024;
export const ENTITY_NAME_MIN = 3;
export const ENTITY_NAME_MAX = 60;

export class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new KvsError(400, 'KEY_TOO_SHORT', 'The key is empty: give every value a key of 1 to 500 characters.');
  }
  if (key.length > KEY_MAX_LENGTH) {
    throw new KvsError(
      400,
      'KEY_TOO_LONG',
      `The key '${key.slice(0, 40)}…' is ${key.length} characters; the limit is ${KEY_MAX_LENGTH}. Use a shorter key (e.g. a hash).`,
    );
  }
  if (!KEY_PATTERN.test(key)) {
    throw new KvsError(
      400,
      'INVALID_KEY',
      `The key '${key}' does not match ${KEY_PATTERN}: use only letters, digits, spaces and : . _ - #.`,
    );
  }
  return key;
}

/** `json`: the request's values as serialised so far (jsonTexts.ts), so that this one is serialised once. */
export function checkValue(key: string, value: unknown, json = new JsonTexts()): void {
  if (value === undefined) {
    throw new KvsError(400, 'BAD_REQUEST', `No value given for key '${key}': store null or delete the key instead.`);
  }
  const bytes = json.bytes(value);
  if (bytes > VALUE_MAX_BYTES) {
    throw new KvsError(
      400,
      'MAX_SIZE',
      `The value for key '${key}' is ${bytes} bytes serialized; the limit is ${VALUE_MAX_BYTES} bytes (240 KiB). Split it across keys.`,
    );
  }
  if (nestsDeeperThan(json.text(value), VALUE_MAX_DEPTH)) {
    throw new KvsError(
      400,
      'MAX_DEPTH',
      `The value for key '${key}' nests objects/arrays deeper than ${VALUE_MAX_DEPTH} levels. Flatten it.`,
    );
  }
}

export function checkEntityName(entityName: unknown): string {
  if (typeof entityName !== 'string' || entityName.length < ENTITY_NAME_MIN) {
    throw new KvsError(
      400,
      'ENTITY_TYPE_TOO_SHORT',
      `The entity name '${String(entityName)}' must have more than ${ENTITY_NAME_MIN} characters.`,
    );
  }
  if (entityName.length > ENTITY_NAME_MAX) {
    throw new KvsError(
      400,
      'ENTITY_TYPE_TOO_LARGE',
      `The entity name '${entityName}' exceeds ${ENTITY_NAME_MAX} characters.`,
    );
  }
  return entityName;
}

export function checkRequestSize(bytes: number, what: string): void {
  if (bytes > REQUEST_MAX_BYTES) {
    throw new KvsError(
      400,
      'MAX_SIZE',
      `The ${what} payload is ${bytes} bytes; the limit is ${REQUEST_MAX_BYTES} bytes (4 MB). Split it.`,
    );
  }
}

export function checkQueryLimit(limit: unknown): number {
  if (limit === undefined || limit === null) return QUERY_DEFAULT_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
    throw new KvsError(400, 'BAD_REQUEST', `The query limit ${String(limit)} is not a positive integer.`);
  }
  if (limit > QUERY_MAX_LIMIT) {
    throw new KvsError(
      400,
      'LIST_QUERY_LIMIT_EXCEEDED',
      `The query limit ${limit} is above ${QUERY_MAX_LIMIT}: page with the cursor instead.`,
    );
  }
  return limit;
}
