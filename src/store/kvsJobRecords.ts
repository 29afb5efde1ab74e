import { ForgeKvsAPIError, kvs, WhereConditions } from '@forge/kvs';
import type { TransactionBuilder } from '@forge/kvs/out/interfaces/transaction';
import { LINES_PER_PAGE, type ChunkLine, type JobRecord } from '../domain/job';
import { JOB_RECORD, LINE_PAGE, readRecord, versioned } from '../domain/records';
import { BATCH_MAX_ITEMS, batchGet, batchSet, queryAll } from './kvsBatch';
import type { JobRecords, LinePage } from './appStore';
import { ACTIVE_PREFIX, activeKey, followUpKey, JOB_PREFIX, jobKey, leaseKey, linePageKey } from './keys';
import { heldBy } from './kvsJobControl';
import { kvsOrganizationRecords } from './kvsOrganizationRecords';
import { isConditionRefused } from './storageErrors';
import { LeaseLostError } from './leaseLost';
import { recentStarts, rememberStart } from './recentJobs';

export function pagesOf(lines: readonly ChunkLine[]): LinePage[] {
  const pages: LinePage[] = [];
  for (let start = 0; start < lines.length; start += LINES_PER_PAGE) {
    pages.push({ page: start / LINES_PER_PAGE, lines: lines.slice(start, start + LINES_PER_PAGE) });
  }
  return pages;
}

/** A transaction holds at most 25 operations: the record, its active mark and the lease check leave 22 for pages. */
const PAGES_WITH_RECORD = BATCH_MAX_ITEMS - 3;

/**
 * Writes pages, then the record. Up to 22 pages go in one transaction with the record, so a reader never sees the
 * record ahead of its lines; more (a cancel of a job of thousands of chunks) are written first. With a lease token,
 * every transaction also checks that the token still holds the job's lease: a driver that lost it writes nothing.
 */
async function write(
  job: JobRecord,
  pages: LinePage[],
  active: boolean | undefined,
  leaseToken: string | undefined,
): Promise<void> {
  const guard = (transaction: TransactionBuilder) =>
    leaseToken ? transaction.check(leaseKey(job.id), heldBy(leaseToken)) : transaction;
  const before = pages.slice(0, Math.max(0, pages.length - PAGES_WITH_RECORD));
  const together = pages.slice(before.length);
  if (before.length > 0 && !leaseToken) {
    await batchSet(
      before.map(({ page, lines }) => ({ key: linePageKey(job.id, page), value: lines })),
      'the job progress',
    );
  }
  for (let start = 0; leaseToken && start < before.length; start += BATCH_MAX_ITEMS - 1) {
    let transaction = guard(kvs.transact());
    for (const { page, lines } of before.slice(start, start + BATCH_MAX_ITEMS - 1))
      transaction = transaction.set(linePageKey(job.id, page), lines);
    await execute(transaction, job.id);
  }
  let transaction = guard(kvs.transact());
  for (const { page, lines } of together) transaction = transaction.set(linePageKey(job.id, page), lines);
  transaction = transaction.set(jobKey(job.id), versioned(JOB_RECORD, job));
  if (active === true) transaction = transaction.set(activeKey(job.id), true);
  if (active === false) transaction = transaction.delete(activeKey(job.id));
  await execute(transaction, job.id);
}

async function execute(transaction: TransactionBuilder, jobId: string): Promise<void> {
  try {
    await transaction.execute();
  } catch (error) {
    if (isConditionRefused(error)) throw new LeaseLostError(jobId);
    throw error;
  }
}

export const kvsJobRecords: JobRecords = {
  async create(job, lines) {
    await write(job, pagesOf(lines), true, undefined);
    await rememberStart(job.id, job.createdAt);
  },
  async get(jobId) {
    const stored = await kvs.get<unknown>(jobKey(jobId));
    return stored === undefined ? undefined : readRecord(JOB_RECORD, jobKey(jobId), stored);
  },
  async lines(job) {
    const keys = Array.from({ length: Math.ceil(job.tally.chunks / LINES_PER_PAGE) }, (_, page) =>
      linePageKey(job.id, page),
    );
    const found = await batchGet<unknown>(keys, "the job's progress records");
    const lines: ChunkLine[] = [];
    for (const key of keys) {
      const page = found.get(key);
      if (!page) throw new Error(`Job ${job.id} is missing part of its progress (${key}).`);
      lines.push(...readRecord(LINE_PAGE, key, page));
    }
    return lines;
  },
  async save(job, pages, options = {}) {
    await write(job, pages, options.active, options.leaseToken);
    // Only unfinished jobs are looked at for overlaps: an ended one's list of organizations goes with its mark.
    if (options.active === false) await kvsOrganizationRecords.delete(job.id);
  },
  /**
   * The query gives the page's keys only: [docs] it may not see a job started a moment ago, nor a job's last change.
   * The records are read by key, and the first page also holds the jobs started in the last minute that sort within
   * it (ids sort newest first, keys.ts newJobId), so a job is listed, as it is, the moment it starts.
   */
  async list(limit, cursor) {
    let query = kvs.query().where('key', WhereConditions.beginsWith(JOB_PREFIX)).limit(Math.min(limit, 100));
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<unknown>();
    const keys = page.results.map((entry) => entry.key);
    if (!cursor) {
      const last = page.nextCursor ? keys[keys.length - 1] : undefined;
      for (const { id } of await recentStarts()) if (last === undefined || jobKey(id) <= last) keys.push(jobKey(id));
    }
    const sorted = [...new Set(keys)].sort();
    const found = await batchGet<unknown>(sorted, 'the jobs');
    return {
      jobs: sorted.flatMap((key) => (found.has(key) ? [readRecord(JOB_RECORD, key, found.get(key))] : [])),
      cursor: page.nextCursor,
    };
  },
  // Callers read each job and pass over the finished ones: a recent start may have ended since.
  async activeIds() {
    const [marked, recent] = await Promise.all([queryAll<boolean>(ACTIVE_PREFIX), recentStarts()]);
    const ids = marked.map((entry) => entry.key.slice(ACTIVE_PREFIX.length));
    return [...new Set([...ids, ...recent.map((start) => start.id)])];
  },
  async claimFollowUp(jobId, purpose, followUpId) {
    const key = followUpKey(jobId, purpose);
    try {
      await kvs.set(key, followUpId, { keyPolicy: 'FAIL_IF_EXISTS' });
    } catch (error) {
      // [unverified] whether Forge refuses the write (a 409 here) or skips it silently: either way the stored claim
      // decides. Any other failure is not a lost race.
      const refused =
        error instanceof ForgeKvsAPIError && (error.responseDetails.status === 409 || /EXIST/i.test(error.code));
      if (!refused) throw error;
    }
    return (await kvs.get<string>(key)) ?? followUpId;
  },
  async setActive(jobId, active) {
    if (active) await kvs.set(activeKey(jobId), true);
    else await kvs.delete(activeKey(jobId));
  },
};
