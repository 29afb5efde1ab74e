import {
  FAILURE_PART,
  JOB_RECORD,
  LINE_PAGE,
  readRecord,
  StoredRecordError,
  versioned,
} from '../../src/domain/records';
import { LEARNED_CAP, SITE_SETTINGS } from '../../src/domain/siteRecords';

const jobV0 = {
  id: 'job-1',
  kind: 'profiles',
  status: 'PARTIAL',
  ownerAccountId: 'u-1',
  createdAt: 1,
  updatedAt: 2,
  finishedAt: 2,
  rows: 10,
  operations: 10,
  skippedRows: 0,
  taskCap: 5,
  tally: {
    chunks: 1,
    pending: 0,
    open: 0,
    done: 1,
    skipped: 0,
    sent: 10,
    notSent: 0,
    succeeded: 7,
    failed: 3,
    unchanged: 0,
    tasks: 1,
  },
  requests: { write: 1, statusPolls: 2, reads: 0, retries: 0 },
  taskTime: { count: 1, totalMs: 900 },
};

describe('stored records, read back', () => {
  it('upgrades a job record from before the tally counted retryable rows: all its failed rows are', () => {
    const job = readRecord(JOB_RECORD, 'job:job-1', jobV0);
    expect(job.tally.retryable).toBe(3);
    expect(job.status).toBe('PARTIAL');
  });

  it('writes the version and reads its own record back unchanged', () => {
    const job = readRecord(JOB_RECORD, 'job:job-1', jobV0);
    const stored = versioned(JOB_RECORD, job);
    expect(stored).toMatchObject({ v: 1 });
    expect(readRecord(JOB_RECORD, 'job:job-1', stored)).toEqual(job);
    // A current record is not migrated again: its own retryable count stands.
    const counted = { ...stored, tally: { ...stored.tally, retryable: 1 } };
    expect(readRecord(JOB_RECORD, 'job:job-1', counted).tally.retryable).toBe(1);
  });

  it('refuses a record cut short or of an unknown status, naming the record, the key and the field', () => {
    const { tally: _tally, ...cut } = jobV0;
    expect(() => readRecord(JOB_RECORD, 'job:job-1', cut)).toThrow(
      'The stored job record job:job-1 is not in a shape this version of the app reads (tally: ',
    );
    expect(() => readRecord(JOB_RECORD, 'job:job-1', { ...jobV0, status: 'PAUSED' })).toThrow(StoredRecordError);
    expect(() => readRecord(JOB_RECORD, 'job:job-1', 'job-1')).toThrow(StoredRecordError);
  });

  it('refuses a record written by a newer version rather than guessing', () => {
    expect(() => readRecord(JOB_RECORD, 'job:job-1', { ...jobV0, v: 2 })).toThrow(
      'written by a newer version (2) than this one reads',
    );
  });

  it('upgrades lines and failures by what they lack', () => {
    const lines = readRecord(LINE_PAGE, 'lines:job-1:0', [
      { state: 'DONE', phase: 0, size: 4, failed: 2 },
      { state: 'DONE', phase: 0, size: 4, failed: 2, retryable: 1 },
      { state: 'PENDING', phase: 0, size: 4 },
    ]);
    expect(lines.map((line) => line.retryable)).toEqual([2, 1, undefined]);
    const failures = readRecord(FAILURE_PART, 'failure:job-1:0:0', [
      { index: 0, row: 2, error: 'Busy' },
      { index: 1, row: 3, error: 'Name taken', retryable: false },
    ]);
    expect(failures.map((failure) => failure.retryable)).toEqual([true, false]);
    expect(() => readRecord(FAILURE_PART, 'failure:job-1:0:0', [{ index: 0, row: 2 }])).toThrow('0.error');
  });

  it('reads absent settings as no pinned cap, a stored cap as pinned, and one stored before the bound as 10', () => {
    expect(readRecord(SITE_SETTINGS, 'settings', undefined)).toEqual({});
    expect(readRecord(SITE_SETTINGS, 'settings', { taskCap: 50 })).toEqual({ taskCap: 10 });
    // Version 1 was stored only when an admin saved a cap: it stays the admin's, pinned.
    expect(readRecord(SITE_SETTINGS, 'settings', { v: 1, taskCap: 7 })).toEqual({ taskCap: 7 });
    expect(readRecord(SITE_SETTINGS, 'settings', { v: 2 })).toEqual({});
  });

  it("reads the site's learnt cap, refusing one outside 1 to 10", () => {
    const learned = { cap: 7, refused: { level: 8, until: 5 }, at: 1 };
    expect(readRecord(LEARNED_CAP, 'site:task-cap', { v: 1, ...learned })).toEqual(learned);
    expect(() => readRecord(LEARNED_CAP, 'site:task-cap', { v: 1, cap: 11 })).toThrow(StoredRecordError);
  });
});
