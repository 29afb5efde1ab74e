/**
 * Forge KVS keys. KVS allows only [a-zA-Z0-9:._\s-#] and 500 characters; every key is built
 * here so a bad id fails at once with a clear message, not deep inside a store call.
 */
const KEY_PATTERN = /^[a-zA-Z0-9:._\s\-#]+$/;
const MAX_KEY_LENGTH = 500;

function checked(key: string): string {
  if (key.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(key)) {
    throw new Error(
      `"${key.slice(0, 80)}" cannot be a Forge storage key (letters, digits and : . _ - # only, at most 500).`,
    );
  }
  return key;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

export const JOB_PREFIX = 'job-meta:';
export const jobKey = (jobId: string) => checked(`${JOB_PREFIX}${jobId}`);
export const linePageKey = (jobId: string, page: number) => checked(`job-lines:${jobId}:${pad(page, 4)}`);
export const chunkKey = (jobId: string, index: number) => checked(`job-chunk:${jobId}:${pad(index, 6)}`);
export const failurePartKey = (jobId: string, index: number, part: number) =>
  checked(`job-fail:${jobId}:${pad(index, 6)}:${pad(part, 3)}`);
export const heldPartKey = (jobId: string, index: number, part: number) =>
  checked(`job-held:${jobId}:${pad(index, 6)}:${pad(part, 3)}`);
export const beforePartKey = (jobId: string, index: number, part: number) =>
  checked(`job-before:${jobId}:${pad(index, 6)}:${pad(part, 3)}`);
export const recycledPartKey = (jobId: string, index: number, part: number) =>
  checked(`job-recycled:${jobId}:${pad(index, 6)}:${pad(part, 3)}`);
export const createdPartKey = (jobId: string, index: number, part: number) =>
  checked(`job-created:${jobId}:${pad(index, 6)}:${pad(part, 3)}`);
export const leaseKey = (jobId: string) => checked(`job-lease:${jobId}`);
export const organizationsPrefix = (jobId: string) => checked(`job-orgs:${jobId}:`);
export const organizationsCountKey = (jobId: string) => checked(`job-orgs-count:${jobId}`);
export const organizationsKey = (jobId: string, part: number) => checked(`job-orgs:${jobId}:${pad(part, 4)}`);
export const followUpKey = (jobId: string, purpose: string) => checked(`job-followup:${jobId}:${purpose}`);
export const cancelKey = (jobId: string) => checked(`job-cancel:${jobId}`);
/** One key per unfinished job (not one list): starting and finishing jobs never overwrite each other's entry. */
export const ACTIVE_PREFIX = 'job-active:';
export const activeKey = (jobId: string) => checked(`${ACTIVE_PREFIX}${jobId}`);
/** The jobs started in the last minute, which a query of the active marks may not see yet. */
export const RECENT_STARTS_KEY = 'job-recent-starts';
export const SETTINGS_KEY = 'site:settings';
export const TASK_TIME_KEY = 'site:task-time';
export const LEARNED_CAP_KEY = 'site:task-cap';
/** Until when Atlassian's hourly quota holds the app's calls on this site (every runner reads it as it starts). */
export const QUOTA_PAUSE_KEY = 'site:quota-pause';
/** When a user was last found a Jira admin (one key per user, so checks of two admins never overwrite each other). */
export const adminCheckKey = (accountId: string) => checked(`admin-check:${accountId}`);
export const uploadPartKey = (uploadId: string, part: number) => checked(`upload:${uploadId}:${pad(part, 5)}`);
export const uploadPrefix = (uploadId: string) => checked(`upload:${uploadId}:`);
export const UPLOAD_META_PREFIX = 'upload-meta:';
export const uploadMetaKey = (uploadId: string) => checked(`${UPLOAD_META_PREFIX}${uploadId}`);
export const LOOKUP_PREFIX = 'lookup:';
export const lookupKey = (lookupId: string) => checked(`${LOOKUP_PREFIX}${lookupId}`);
export const lookupSeenKey = (lookupId: string) => checked(`lookup-seen:${lookupId}`);

/** Ids are sortable newest first, so a plain key-order query lists recent jobs first. */
export function newJobId(now: number, random: () => number): string {
  const inverted = (9_000_000_000_000 - now).toString(36).padStart(9, '0');
  const suffix = Math.floor(random() * 36 ** 5)
    .toString(36)
    .padStart(5, '0');
  return `${inverted}-${suffix}`;
}
/** A job's rows skipped for errors in the file: the file's headers, then the rows in parts. */
export const skippedHeadersKey = (jobId: string) => checked(`job-skip-head:${jobId}`);
export const skippedPartKey = (jobId: string, part: number) => checked(`job-skip:${jobId}:${pad(part, 4)}`);
