/** Items per request that each CSM bulk endpoint accepts (detail operations are counted across organizations). */
export const ENDPOINT_LIMITS = { profiles: 100, organizations: 50, detailOperations: 1000 } as const;

/** Rows per job. CSM's own importer stops at 50,000; we accept more so that one file of theirs always fits. */
export const MAX_JOB_ROWS = 100_000;

/**
 * Merges (rows) a merges file may have: its preview and its start read every merged organization's members within
 * one resolver, which Forge stops at 25 s (jobs/lifecycle/merges.ts reads them 5 at once: 250 lists at 200 ms a
 * call take about 10 s, leaving room for a list of several pages and the other reads).
 */
export const MERGES_FILE_MAX = 250;

/** Guessed: CSM documents no maximum for organization names. */
export const MAX_ORGANIZATION_NAME_LENGTH = 200;

export const MAX_TEXT_VALUE_LENGTH = 255;

/** A chunk is stored in Forge KVS (values ≤ 240 KiB); the rest is room for its bookkeeping. */
export const MAX_CHUNK_BYTES = 200_000;

/** Keeps `${jobId}-${chunkIndex}-${hash}` within 64 characters. */
export const MAX_JOB_ID_LENGTH = 36;

/**
 * The task cap an admin may set: CSM's own cap is the site's, shared with every other tool importing there (at 12 it
 * refused 51 submits), so the setting stays within what a site has been seen to accept.
 */
export const MIN_TASK_CAP = 1;
export const MAX_TASK_CAP = 10;

/** A stored cap from before the bound (up to 50 was accepted) counts as the highest allowed. */
export function boundedTaskCap(cap: number): number {
  return Math.min(MAX_TASK_CAP, Math.max(MIN_TASK_CAP, Math.floor(cap)));
}
