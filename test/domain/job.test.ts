import { chunkRequest, planChunks } from '../../src/domain/plan';
import { operationsOfChunk } from '../../src/domain/chunkOperations';
import {
  boundedMessage,
  estimateRemainingMs,
  finalStatus,
  jobProgress,
  lineRowsOf,
  MAX_JOB_MESSAGE_CHARS,
  tallyOf,
  type ChunkLine,
  type JobRecord,
} from '../../src/domain/job';
import { detailOp, organizationOp, profileOp } from './fixtures';

const line = (state: ChunkLine['state'], size: number, extra: Partial<ChunkLine> = {}): ChunkLine => ({
  state,
  phase: 0,
  size,
  ...extra,
});

function job(lines: ChunkLine[], extra: Partial<JobRecord> = {}): JobRecord {
  return {
    id: 'j',
    kind: 'profiles',
    status: 'RUNNING',
    ownerAccountId: 'a',
    createdAt: 0,
    updatedAt: 0,
    rows: 0,
    operations: lines.reduce((sum, l) => sum + l.size, 0),
    skippedRows: 0,
    taskCap: 5,
    tally: tallyOf(lines),
    requests: { write: 0, statusPolls: 0, reads: 0, retries: 0 },
    taskTime: { count: 0, totalMs: 0 },
    ...extra,
  };
}

describe('the tally and progress of a job', () => {
  const lines = [
    line('DONE', 100, { succeeded: 98, failed: 2 }),
    line('OPEN', 100, { submittedAt: 1_000 }),
    line('SUBMITTING', 100, { submittedAt: 2_000 }),
    line('PENDING', 100),
    line('SKIPPED', 40),
  ];

  it('counts chunks by state and operations sent, decided and never sent', () => {
    expect(tallyOf(lines)).toEqual({
      chunks: 5,
      pending: 1,
      open: 2,
      done: 1,
      skipped: 1,
      sent: 300,
      notSent: 40,
      succeeded: 98,
      failed: 2,
      // A line stored before retryable rows were counted: all its failed rows count as retryable.
      retryable: 2,
      unchanged: 0,
      tasks: 0,
      lastOpenSubmittedAt: 2_000,
    });
    expect(jobProgress(job(lines))).toEqual({
      total: 440,
      sent: 300,
      succeeded: 98,
      failed: 2,
      pending: 300,
      notSent: 40,
      unchanged: 0,
      changedSince: 0,
      tasks: 0,
      plannedTasks: 5,
      creates: 0,
      openTasks: 2,
      chunksDone: 1,
      chunks: 5,
    });
  });

  it('counts rows left out as unchanged as neither sent nor pending', () => {
    const compared = [line('DONE', 100, { succeeded: 10, unchanged: 90 }), line('DONE', 20, { unchanged: 20 })];
    expect(tallyOf(compared)).toMatchObject({ sent: 10, succeeded: 10, unchanged: 110 });
    expect(jobProgress(job(compared))).toMatchObject({ total: 120, sent: 10, unchanged: 110, pending: 0 });
  });

  it('counts an undo’s held rows as failed, neither sent nor unsent, also in a chunk a cancel skipped', () => {
    const done = line('DONE', 10, { succeeded: 6, failed: 3, retryable: 3, held: 3, unchanged: 1 });
    const skipped = line('SKIPPED', 10, { held: 4, unchanged: 2, failed: 4, retryable: 4, failureParts: 1 });
    const lines = [done, skipped];
    expect(tallyOf(lines)).toMatchObject({ sent: 6, notSent: 4, failed: 7, retryable: 7, held: 7, unchanged: 3 });
    expect(jobProgress(job(lines))).toMatchObject({ total: 20, pending: 0, changedSince: 7 });
  });

  it('says a compared chunk’s rows on its line: those it sends, those left out unchanged and those held back', () => {
    const chunk = {
      index: 3,
      phase: 0,
      kind: 'profiles' as const,
      body: {},
      operationIndexes: [1, 2],
      rows: [3, 4],
      unchanged: [5, 6, 7],
      held: 1,
      beforeParts: 1,
    };
    expect(lineRowsOf(chunk)).toEqual({ size: 6, unchanged: 3, held: 1, beforeParts: 1, creates: undefined });
    expect(lineRowsOf({ ...chunk, unchanged: [], held: undefined })).toMatchObject({
      size: 2,
      unchanged: undefined,
      held: undefined,
    });
  });

  it('counts the failed rows a retry sends again, line by line', () => {
    const decided = [
      line('DONE', 10, { succeeded: 5, failed: 5, retryable: 2 }),
      line('DONE', 10, { failed: 3, retryable: 0 }),
    ];
    expect(tallyOf(decided)).toMatchObject({ failed: 8, retryable: 2 });
  });

  it('ends CANCELLED when a chunk was skipped, else SUCCEEDED, PARTIAL or FAILED by its rows', () => {
    expect(finalStatus(tallyOf([line('DONE', 3, { succeeded: 3 }), line('SKIPPED', 2)]))).toBe('CANCELLED');
    expect(finalStatus(tallyOf([line('DONE', 3, { succeeded: 3 })]))).toBe('SUCCEEDED');
    expect(finalStatus(tallyOf([line('DONE', 3, { succeeded: 2, failed: 1 })]))).toBe('PARTIAL');
    expect(finalStatus(tallyOf([line('DONE', 3, { failed: 3 })]))).toBe('FAILED');
  });

  it('estimates the time left from the task times seen and the slots free', () => {
    const now = 10_000;
    expect(estimateRemainingMs(job(lines), now)).toBeUndefined();
    const timed = job(lines, { taskTime: { count: 2, totalMs: 20_000 }, taskCap: 1 });
    // The latest open task ends at 2,000 + 10,000; one pending chunk takes one more task time.
    expect(estimateRemainingMs(timed, now)).toBe(2_000 + 10_000);
    expect(estimateRemainingMs({ ...timed, status: 'SUCCEEDED' }, now)).toBeUndefined();
  });

  it('cuts a long message kept in the record', () => {
    expect(boundedMessage(undefined)).toBeUndefined();
    expect(boundedMessage('short')).toBe('short');
    expect(boundedMessage('x'.repeat(5_000))).toHaveLength(MAX_JOB_MESSAGE_CHARS);
  });
});

describe("a stored chunk's operations", () => {
  it('are rebuilt from its request body in the order the body carries them, for every kind', () => {
    const operations = [
      organizationOp(0, 'Acme'),
      profileOp(1, 'Globex', { details: [{ name: 'Region', values: ['EMEA'] }] }),
      detailOp(2, '10', 'Region', 'UPDATE', ['APAC']),
      detailOp(3, '10', 'Tier', 'DELETE'),
      detailOp(4, '11', 'Tier', 'PATCH', ['Gold']),
    ];
    for (const chunk of planChunks('job-1', operations)) {
      const rows = chunk.operationIndexes.map((index) => operations[index].row);
      const rebuilt = operationsOfChunk({ ...chunk, rows });
      expect(rebuilt).toEqual(
        chunk.operationIndexes.map((index) =>
          expect.objectContaining({ index, row: operations[index].row, kind: chunk.kind }),
        ),
      );
      expect(chunkRequest('job-1', chunk).body).toEqual(chunk.body);
    }
  });
});
