import { ForgeKvsAPIError } from '@forge/kvs';
import { StoredRecordError } from '../domain/records';

/**
 * A storage refusal that trying again cannot cure: Forge KVS answered 4xx other than 429 and 409 (a value too
 * large, a bad key, too many operations). Anything else (a 5xx, a timeout, a lost connection) may pass.
 */
export function isPermanentStorageError(error: unknown): boolean {
  // A stored record this version cannot read stays unreadable however often it is read.
  if (error instanceof StoredRecordError) return true;
  if (!(error instanceof ForgeKvsAPIError)) return false;
  const status = error.responseDetails.status;
  return status >= 400 && status < 500 && status !== 429 && status !== 409;
}

/**
 * [docs] Forge storage refused the request for the installation's quota: 4,000 reads and 4,000 writes a minute in
 * 10 KB units (limits-kvs-ce), answered 429 RATE_LIMIT_EXCEEDED (storage-reference/handling-errors-kvs). It passes
 * within a minute: the work waits for it, and nothing is taken as lost or absent.
 */
export function isStorageRateLimited(error: unknown): boolean {
  return error instanceof ForgeKvsAPIError && error.responseDetails.status === 429;
}

export const STORAGE_LIMIT_WAIT_MS = 60_000;

export const STORAGE_LIMITED_WORDS =
  "Forge's storage limit for this site (4,000 reads and 4,000 writes a minute) was reached. Nothing was lost";

/**
 * A transaction refused because a condition was not met. [unverified] Forge documents no code for it; the local
 * runtime answers 409 CONDITIONAL_CHECK_FAILED. Taken as such: a 409, or a code that names a condition.
 */
export function isConditionRefused(error: unknown): boolean {
  return (
    error instanceof ForgeKvsAPIError && (error.responseDetails.status === 409 || /CONDITION/i.test(error.code ?? ''))
  );
}

export function storageErrorText(error: unknown): string {
  if (error instanceof ForgeKvsAPIError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Forge storage kept failing some keys of a batch after the retries (kvsBatch.ts): nothing is read as absent or
 * taken as saved. The message is the admin's: what could not be done, and that trying again later is the cure.
 */
export class StorageUnavailable extends Error {
  constructor(
    readonly doing: 'save' | 'read' | 'delete',
    readonly what: string,
    readonly failed: number,
    readonly first: { key: string; error: { code: string; message: string } },
  ) {
    super(
      `Forge storage could not ${doing} ${failed} of ${what}, even after trying again ` +
        `(${first.error.code}: ${first.error.message}). ` +
        (doing === 'save' ? 'Try again in a minute.' : 'Nothing was changed; try again in a minute.'),
    );
  }
}
