import { deletionsOfChunk, jobOperationsOfChunk, operationsOfChunk } from '../../src/domain/chunkOperations';
import { failedRowsCsv } from '../../src/domain/export/failedRows';
import { jobLedger, ledgerAddsUp, tallyOf, type ChunkLine, type ChunkRecord } from '../../src/domain/job';
import {
  describeOperation,
  isSingleCallKind,
  organizationKey,
  type DeletionRowOperation,
} from '../../src/domain/operations';
import { organizationKeys } from '../../src/domain/overlap';
import { appendOperations, chunkRequest, keepOperations, planChunks, summarizePlan } from '../../src/domain/plan';
import { DELETIONS_PER_CHUNK } from '../../src/domain/plan/types';
import { seededRandom } from '../../local/emulator/seededRandom';

const deletion = (index: number, id: string, name?: string): DeletionRowOperation => ({
  index,
  row: index + 2,
  kind: 'deletions',
  organizationId: id,
  ...(name !== undefined ? { name } : {}),
});

describe('deletions: rows by id, planned as single calls', () => {
  it('plans deletions in chunks of DELETIONS_PER_CHUNK, in row order, after every bulk kind', () => {
    const rows = Array.from({ length: 60 }, (_, i) => deletion(i, String(100 + i), `Org ${i}`));
    const chunks = planChunks('job-1', rows);
    expect(chunks.map((chunk) => chunk.operationIndexes.length)).toEqual([
      DELETIONS_PER_CHUNK,
      DELETIONS_PER_CHUNK,
      60 - 2 * DELETIONS_PER_CHUNK,
    ]);
    expect(chunks.every((chunk) => chunk.kind === 'deletions' && chunk.path === '/api/v1/organization/{id}')).toBe(
      true,
    );
    expect(summarizePlan(chunks).byKind.deletions).toEqual({ chunks: 3, operations: 60 });
    const stored: ChunkRecord = { ...chunks[1], rows: chunks[1].operationIndexes.map((i) => i + 2) };
    expect(deletionsOfChunk(stored)).toEqual(rows.slice(25, 50));
    expect(jobOperationsOfChunk(stored)).toEqual(rows.slice(25, 50));
    expect(operationsOfChunk(stored)).toEqual([]);
    expect(() => chunkRequest('job-1', stored)).toThrow(/single calls/);
  });

  it('keeps the rows still to delete, and never packs two deletion chunks into one', () => {
    const [chunk] = planChunks('job-1', [deletion(0, '1'), deletion(1, '2', 'Two'), deletion(2, '3')]);
    const stored: ChunkRecord = { ...chunk, rows: [2, 3, 4] };
    const kept = keepOperations(stored, (op) => op !== 1);
    expect(deletionsOfChunk(kept)).toEqual([deletion(0, '1'), deletion(2, '3')]);
    expect(appendOperations(kept, kept)).toBeUndefined();
    expect(deletionsOfChunk({ ...stored, kind: 'profiles' })).toEqual([]);
  });

  it('names the organization by id everywhere: keys, overlaps, words, the failed-rows file', () => {
    const op = deletion(0, '42', 'Acme');
    expect(organizationKey(op)).toBe('id:42');
    expect(organizationKeys(op)).toEqual(['id:42']);
    expect(describeOperation(op)).toBe('DELETE organization 42 "Acme"');
    expect(describeOperation(deletion(1, '7'))).toBe('DELETE organization 7');
    expect(isSingleCallKind('deletions')).toBe(true);
    expect(isSingleCallKind('profiles')).toBe(false);
    expect(
      failedRowsCsv('deletions', [{ operation: op, reason: 'Forbidden' }])
        .trim()
        .split(/\r?\n/),
    ).toEqual(['Organization ID,Organization Name,Failure Reason', '42,Acme,Forbidden']);
  });
});

describe('the ledger: each row in exactly one place', () => {
  const base = { operations: 0, skippedRows: 0, status: 'SUCCEEDED' as const };

  it('splits succeeded rows into created and updated, or deleted for a delete job', () => {
    const lines: ChunkLine[] = [
      { state: 'DONE', phase: 0, size: 10, succeeded: 7, failed: 1, unchanged: 2, created: 3 },
      { state: 'SKIPPED', phase: 0, size: 5 },
    ];
    const tally = tallyOf(lines);
    const ledger = jobLedger({ ...base, kind: 'profiles', tally, operations: 15, skippedRows: 2 });
    expect(ledger).toEqual({
      rows: 17,
      created: 3,
      updated: 4,
      deleted: 0,
      added: 0,
      removed: 0,
      unchanged: 2,
      failed: 1,
      skipped: 2,
      notSent: 5,
      pending: 0,
    });
    expect(ledgerAddsUp(ledger, true)).toBe(true);
    expect(jobLedger({ ...base, kind: 'deletions', tally, operations: 15 })).toMatchObject({
      created: 0,
      updated: 0,
      deleted: 7,
    });
    // A memberships job's succeeded rows are added, or removed for the chunks that remove.
    const memberships = tallyOf([
      { state: 'DONE', phase: 0, size: 5, succeeded: 4, failed: 1 },
      { state: 'DONE', phase: 1, size: 3, succeeded: 2, unchanged: 1, removes: true },
    ]);
    const membershipLedger = jobLedger({ ...base, kind: 'memberships', tally: memberships, operations: 8 });
    expect(membershipLedger).toMatchObject({ created: 0, updated: 0, added: 4, removed: 2, unchanged: 1, failed: 1 });
    expect(ledgerAddsUp(membershipLedger, true)).toBe(true);
  });

  it('does not add up when a row is counted twice, or is still pending once the job ended', () => {
    const tally = tallyOf([{ state: 'DONE', phase: 0, size: 4, succeeded: 4, failed: 1 }]);
    expect(ledgerAddsUp(jobLedger({ ...base, kind: 'profiles', tally, operations: 4 }), false)).toBe(false);
    const running = tallyOf([{ state: 'OPEN', phase: 0, size: 4 }]);
    const ledger = jobLedger({ ...base, kind: 'profiles', tally: running, operations: 4 });
    expect(ledger.pending).toBe(4);
    expect(ledgerAddsUp(ledger, false)).toBe(true);
    expect(ledgerAddsUp(ledger, true)).toBe(false);
  });

  it('adds up over random jobs: any mix of chunks done, skipped, open, with any outcome', () => {
    const random = seededRandom(21);
    const int = (max: number) => Math.floor(random() * (max + 1));
    for (let trial = 0; trial < 500; trial += 1) {
      const lines: ChunkLine[] = Array.from({ length: 1 + int(8) }, () => {
        const size = 1 + int(100);
        const unchanged = int(size);
        const state = (['DONE', 'SKIPPED', 'OPEN', 'PENDING'] as const)[int(3)];
        if (state !== 'DONE') return { state, phase: 0, size, unchanged: unchanged || undefined };
        const succeeded = int(size - unchanged);
        return {
          state,
          phase: 0,
          size,
          unchanged: unchanged || undefined,
          succeeded,
          failed: size - unchanged - succeeded,
          created: int(succeeded) || undefined,
        };
      });
      const tally = tallyOf(lines);
      const operations = lines.reduce((sum, line) => sum + line.size, 0);
      const ended = lines.every((line) => line.state === 'DONE' || line.state === 'SKIPPED');
      for (const kind of ['profiles', 'deletions'] as const) {
        const ledger = jobLedger({ ...base, kind, tally, operations, skippedRows: int(5) });
        expect(ledgerAddsUp(ledger, ended)).toBe(true);
        expect(ledger.created + ledger.updated + ledger.deleted).toBe(tally.succeeded);
      }
    }
  });
});
