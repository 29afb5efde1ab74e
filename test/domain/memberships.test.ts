import { readImport } from '../../src/domain/import';
import { planChunks } from '../../src/domain/plan';
import { previewMemberships, undoMemberships, type MembershipSite } from '../../src/domain/memberships';
import type { MembershipRowOperation } from '../../src/domain/operations';
import { failedRowsCsv } from '../../src/domain/export/failedRows';
import { kindsOfHeaders } from '../../src/domain/import/recognizeKind';
import { jobOperationsOfChunk, membershipsOfChunk } from '../../src/domain/chunkOperations';
import { keepOperations } from '../../src/domain/plan';
import { describeOperation, organizationKey, wholeRows } from '../../src/domain/operations';
import { organizationKeys, overlappingRows } from '../../src/domain/overlap';
import { addCounts, noChanges } from '../../src/domain/preview';
import { membershipsExportCsv } from '../../src/domain/export/membershipsFile';
import { membershipsSyncChanges } from '../../src/domain/sync/memberships';
import type { ChunkRecord } from '../../src/domain/job';

const read = (lines: string[]) => readImport({ text: lines.join('\n'), kind: 'memberships' }, { detailFields: [] });
const ops = (lines: string[]) => read(lines).operations as MembershipRowOperation[];

describe('memberships files', () => {
  it('reads ADD, REMOVE and MOVE rows by name or id and email or account id; a MOVE is two linked changes', () => {
    const result = read([
      'Organization Name,Organization ID,Customer Email,Customer Account ID,Operation,From Organization Name',
      'Acme,,Ana@Example.com,,,',
      ',17,,qm:1,remove,',
      'Globex,,lee@example.com,,MOVE,Acme',
    ]);
    expect(result.problems).toEqual([]);
    expect(result.operations).toEqual([
      {
        index: 0,
        row: 2,
        kind: 'memberships',
        operation: 'ADD',
        organization: { name: 'Acme' },
        customer: { email: 'ana@example.com' },
      },
      {
        index: 1,
        row: 3,
        kind: 'memberships',
        operation: 'REMOVE',
        organization: { id: '17' },
        customer: { accountId: 'qm:1' },
      },
      {
        index: 2,
        row: 4,
        kind: 'memberships',
        operation: 'ADD',
        organization: { name: 'Globex' },
        customer: { email: 'lee@example.com' },
      },
      {
        index: 3,
        row: 4,
        kind: 'memberships',
        operation: 'REMOVE',
        organization: { name: 'Acme' },
        customer: { email: 'lee@example.com' },
        moveOf: 2,
      },
    ]);
  });

  it('names the row, the column and the fix for each problem, and sends nothing of those rows', () => {
    const result = read([
      'Organization Name,Customer Email,Operation,From Organization Name',
      ',a@example.com,ADD,',
      'Acme,,ADD,',
      'Acme,b@example.com,JOIN,',
      'Acme,b@example.com,MOVE,acme',
      'Acme,c@example.com,ADD,',
      'ACME,c@example.com,ADD,',
      'Acme\u202e,d@example.com,ADD,',
    ]);
    expect(result.operations).toEqual([expect.objectContaining({ row: 6 })]);
    expect(result.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'Organization Name', 'organization-missing'],
      [3, 'Customer Email', 'customer-missing'],
      [4, 'Operation', 'invalid-operation'],
      [5, 'From Organization Name', 'move-to-itself'],
      [7, 'Customer Email', 'duplicate-change'],
      [8, 'Organization Name', 'name-hidden-character'],
    ]);
    expect(result.problems[4].message).toMatch(/row 6 too: keep one of them/);
  });

  it('is recognised from its headers, and refused as JSON', () => {
    expect(kindsOfHeaders(['Organization Name', 'Customer Email'])[0]).toBe('memberships');
    expect(kindsOfHeaders(['Organization Name', 'Region'])).not.toContain('memberships');
    const json = readImport({ text: '[]', kind: 'memberships' }, { detailFields: [] });
    expect(json.problems[0]).toMatchObject({ row: null, code: 'memberships-csv-only' });
  });

  it('plans a chunk per organization and operation per 500 customers, in rounds, every addition before any removal', () => {
    const lines = ['Organization Name,Customer Account ID,Operation'];
    for (let i = 0; i < 620; i += 1) lines.push(`Acme,qm:${i},ADD`);
    lines.push('Globex,qm:1,REMOVE', 'Globex,qm:2,ADD');
    const chunks = planChunks('job-1', ops(lines));
    // Two chunks of one organization never run at once: the second of Acme's is in the next round (phase).
    expect(
      chunks.map((c) => [c.phase, (c.body as { operation: string }).operation, c.operationIndexes.length]),
    ).toEqual([
      [0, 'ADD', 500],
      [0, 'ADD', 1],
      [1, 'ADD', 120],
      [2, 'REMOVE', 1],
    ]);
  });

  it('previews a row a line: a MOVE is one line, moved or already true, with who it is about', () => {
    const rows = ops([
      'Organization Name,Customer Email,Operation,From Organization Name',
      'Acme,a@example.com,ADD,',
      'Acme,b@example.com,ADD,',
      'Acme,a@example.com,REMOVE,'.replace('Acme', 'Globex'),
      'Globex,c@example.com,MOVE,Acme',
      'Nowhere,a@example.com,ADD,',
      'Acme,z@example.com,ADD,',
    ]);
    const site: MembershipSite = {
      organization: (ref) =>
        ref.name === 'Acme' || ref.name === 'Globex' ? { id: ref.name, name: ref.name } : undefined,
      customer: (ref) => (ref.email === 'z@example.com' ? { problem: 'No such customer.' } : { accountId: ref.email! }),
      members: (id) => new Set(id === 'Acme' ? ['b@example.com', 'c@example.com'] : []),
    };
    expect(previewMemberships(rows, site).map((line) => [line.row, line.change])).toEqual([
      [2, 'add'],
      [3, 'member'],
      [4, 'not-member'],
      [5, 'move'],
      [6, 'error'],
      [7, 'error'],
    ]);
  });

  it('undoes each change the other way round; a MOVE undone is a MOVE back', () => {
    const changed = ops([
      'Organization Name,Customer Email,Operation,From Organization Name',
      'B,x@example.com,MOVE,A',
      'C,y@example.com,REMOVE,',
    ]);
    expect(undoMemberships(changed).map((op) => [op.index, op.operation, op.organization.name, op.moveOf])).toEqual([
      [0, 'REMOVE', 'B', 1],
      [1, 'ADD', 'A', undefined],
      [2, 'ADD', 'C', undefined],
    ]);
  });

  it("writes a MOVE that failed once, as the MOVE it was, in the import's own columns", () => {
    const [add, remove] = ops([
      'Organization Name,Customer Email,Operation,From Organization Name',
      'B,x@example.com,MOVE,A',
    ]);
    const csv = failedRowsCsv('memberships', [
      { operation: add, reason: 'Not added.' },
      { operation: remove, reason: 'Not removed.' },
    ]);
    expect(csv.trim().split(/\r?\n/)).toEqual([
      'Organization Name,Organization ID,Customer Email,Customer Account ID,Operation,From Organization Name,From Organization ID,Failure Reason',
      'B,,x@example.com,,MOVE,A,,Not added. Not removed.',
    ]);
    expect(read(csv.trim().split(/\r?\n/)).operations).toHaveLength(2);
  });
});

describe('memberships beside the engine', () => {
  const rows = () =>
    ops([
      'Organization Name,Organization ID,Customer Email,Customer Account ID,Operation,From Organization ID',
      'Acme,,a@example.com,,ADD,',
      ',17,,qm:b,MOVE,18',
    ]);

  it('a chunk keeps its rows as planned, and keeps only those asked once compared', () => {
    const two = ops(['Organization Name,Customer Email', 'Acme,a@example.com', 'Acme,b@example.com']);
    const [chunk] = planChunks('job-1', two);
    const record: ChunkRecord = { ...chunk, rows: [2, 3] };
    expect(membershipsOfChunk(record)).toEqual(two);
    expect(jobOperationsOfChunk(record)).toHaveLength(2);
    const kept = keepOperations(record, (index) => index === 0);
    expect(membershipsOfChunk(kept).map((op) => op.customer)).toEqual([{ email: 'a@example.com' }]);
  });

  it('describes, keys and overlaps a change by its organization and customer', () => {
    const [add, move, away] = rows();
    expect(describeOperation(add)).toBe('ADD a@example.com to "Acme"');
    expect(describeOperation(away)).toBe('REMOVE qm:b from organization 18');
    expect(organizationKey(move)).toBe('id:17');
    expect(organizationKey(add)).toBe('name:acme');
    expect(organizationKeys(add)).toEqual(['member:name:acme:a@example.com']);
    expect(organizationKeys(away)).toEqual(['member:id:18:qm:b']);
    expect(overlappingRows(rows(), new Set(['member:id:18:qm:b']))).toEqual({ rows: [3], rowCount: 1 });
  });

  it('slices never split a MOVE row, and preview counts add up', () => {
    expect(wholeRows(rows(), 2)).toBe(3);
    expect(wholeRows(rows(), 1)).toBe(1);
    expect(addCounts({ ...noChanges(), add: 2 }, { ...noChanges(), add: 1, move: 1 })).toMatchObject({
      add: 3,
      move: 1,
    });
  });

  it('exports memberships in the import format', () => {
    const csv = membershipsExportCsv([
      { organizationId: '17', organizationName: 'Acme', accountId: 'qm:1', email: 'a@example.com' },
      { organizationId: '17', organizationName: 'Acme', accountId: 'qm:2' },
    ]);
    expect(csv.trim().split(/\r?\n/)).toEqual([
      'Organization Name,Organization ID,Customer Email,Customer Account ID',
      'Acme,17,a@example.com,qm:1',
      'Acme,17,,qm:2',
    ]);
    expect(read(csv.trim().split(/\r?\n/)).operations).toHaveLength(2);
  });

  it('refuses an account id that cannot be one and a From column without MOVE', () => {
    const result = read([
      'Organization ID,Customer Account ID,Operation,From Organization ID',
      '17,qm/../x,ADD,',
      '17,qm:1,ADD,18',
    ]);
    expect(result.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'Customer Account ID', 'invalid-account-id'],
      [3, 'From Organization ID', 'from-without-move'],
    ]);
    expect(read(['Organization Name', 'Acme']).problems[0]).toMatchObject({ code: 'missing-column' });
  });
});

describe('a memberships sync', () => {
  const site: MembershipSite = {
    organization: (ref) => (ref.name === 'Acme' ? { id: '1', name: 'Acme' } : undefined),
    customer: (ref) =>
      ref.email === 'nobody@example.com' ? { problem: 'No such customer.' } : { accountId: ref.email! },
    members: () => new Set(['a@example.com', 'old@example.com']),
  };
  const wanted = () =>
    ops([
      'Organization Name,Customer Email',
      'Acme,a@example.com',
      'Acme,b@example.com',
      'Acme,nobody@example.com',
      'Gone,c@example.com',
    ]);

  it('adds who the source lists and the organization lacks; sends the rows the site cannot take, to fail them', () => {
    const planned = membershipsSyncChanges(wanted(), site, { removeOthers: false, nextRow: 6 });
    expect(planned).toMatchObject({ add: 1, remove: 0, fail: 2 });
    expect(planned.changes.map((op) => [op.row, op.operation, op.customer.email])).toEqual([
      [3, 'ADD', 'b@example.com'],
      [4, 'ADD', 'nobody@example.com'],
      [5, 'ADD', 'c@example.com'],
    ]);
  });

  it('asked to, removes the members the source does not list, numbered after its rows', () => {
    const planned = membershipsSyncChanges(wanted(), site, { removeOthers: true, nextRow: 6 });
    expect(planned).toMatchObject({ add: 1, remove: 1, fail: 2 });
    expect(planned.changes.at(-1)).toMatchObject({
      row: 6,
      operation: 'REMOVE',
      organization: { id: '1' },
      customer: { accountId: 'old@example.com' },
    });
  });
});
