import { readImport } from '../../src/domain/import';
import { deletionsOnSite } from '../../src/domain/import/deletionsCsv';
import { previewDeletion, previewMerges, recreate, restoreRows } from '../../src/domain/deletions';
import { jobLedger, tallyOf } from '../../src/domain/job';
import { planChunks, keepOperations } from '../../src/domain/plan';
import { jobOperationsOfChunk, serviceProjectsOfChunk } from '../../src/domain/chunkOperations';
import { describeOperation, organizationKey } from '../../src/domain/operations';
import { organizationKeys } from '../../src/domain/overlap';
import { failedRowsCsv } from '../../src/domain/export/failedRows';
import { importTemplate } from '../../src/domain/export/importTemplates';
import { kindsOfHeaders } from '../../src/domain/import/recognizeKind';
import type { ChunkRecord } from '../../src/domain/job';
import type { DeletionRowOperation, ServiceProjectRowOperation } from '../../src/domain/operations';

const read = (kind: 'deletions' | 'service-projects', lines: string[]) =>
  readImport({ text: lines.join('\n'), kind }, { detailFields: [] });

describe('deletions files', () => {
  it('reads rows by ID or by name, refuses rows naming nobody, a bad ID, the same organization twice', () => {
    const result = read('deletions', [
      'Organization ID,Organization Name,Members',
      '17,Acme,0',
      ',Globex,',
      ',,3',
      'x1,,',
      '17,,',
    ]);
    expect(result.operations).toEqual([
      { index: 0, row: 2, kind: 'deletions', organizationId: '17', name: 'Acme' },
      { index: 1, row: 3, kind: 'deletions', organizationId: '', name: 'Globex' },
    ]);
    expect(result.problems.map((p) => [p.row, p.code])).toEqual([
      [4, 'organization-missing'],
      [5, 'invalid-id'],
      [6, 'duplicate-organization'],
    ]);
    expect(read('deletions', ['Region', 'EMEA']).problems.map((p) => p.code)).toContain('missing-column');
    expect(readImport({ text: '[]', kind: 'deletions' }, { detailFields: [] }).problems[0]).toMatchObject({
      code: 'deletions-csv-only',
    });
  });

  it('gives rows by name their ID, refuses an ID that is another name on the site, keeps an ID gone already', () => {
    const result = read('deletions', [
      'Organization ID,Organization Name',
      '17,Acme',
      ',Globex',
      '18,Not Initech',
      ',Nobody',
      '99,',
    ]);
    const site = [
      { id: '17', name: 'ACME' },
      { id: '20', name: 'Globex' },
      { id: '18', name: 'Initech' },
    ];
    const onSite = deletionsOnSite(result, site);
    expect(
      onSite.operations.map((op) => [
        op.row,
        (op as DeletionRowOperation).organizationId,
        (op as DeletionRowOperation).name,
      ]),
    ).toEqual([
      [2, '17', 'ACME'],
      [3, '20', 'Globex'],
      [6, '99', undefined],
    ]);
    expect(onSite.problems.map((p) => [p.row, p.code])).toEqual([
      [4, 'id-name-mismatch'],
      [5, 'unknown-organization'],
    ]);
    expect(onSite.rowsWithErrors).toBe(2);
  });

  it('previews what a delete takes with it, and recreates a recycled organization as a CREATE', () => {
    const op: DeletionRowOperation = { index: 0, row: 2, kind: 'deletions', organizationId: '17' };
    const organization = {
      id: '17',
      name: 'Acme',
      details: { Region: ['EMEA'], Empty: [] },
      customerIds: [],
      productIds: [],
    };
    expect(previewDeletion(op, { organization, members: 1 })).toMatchObject({
      change: 'delete',
      note: 'ID 17; 1 member; Region: EMEA',
    });
    expect(previewDeletion(op, { organization: { ...organization, scimManaged: true }, members: 0 })).toMatchObject({
      change: 'error',
    });
    expect(previewDeletion(op, { members: 0 })).toMatchObject({ change: 'unchanged' });
    expect(
      recreate({
        index: 3,
        row: 4,
        id: '17',
        name: 'Acme',
        details: { Region: ['EMEA'], Empty: [] },
        customerIds: ['qm:1'],
      }),
    ).toEqual({
      index: 3,
      row: 4,
      kind: 'profiles',
      item: {
        operationType: 'CREATE',
        payload: {
          name: 'Acme',
          details: [{ name: 'Region', values: ['EMEA'] }],
          associateCustomers: { customerIds: ['qm:1'] },
        },
      },
    });
    expect(recreate({ index: 0, row: 2, id: '1', name: 'Bare', details: {}, customerIds: [] }).item.payload).toEqual({
      name: 'Bare',
    });
  });

  it('is never recognised from its headers alone, and has a template', () => {
    expect(kindsOfHeaders(['Organization ID', 'Organization Name'])[0]).not.toBe('deletions');
    expect(importTemplate('deletions', []).csv).toMatch(/^Organization ID,Organization Name/);
    expect(
      failedRowsCsv('deletions', [
        { operation: { index: 0, row: 2, kind: 'deletions', organizationId: '17', name: 'Acme' }, reason: 'No.' },
      ]),
    ).toMatch(/17,Acme,No\./);
  });
});

describe('service projects files', () => {
  const ops = () =>
    read('service-projects', [
      'Organization Name,Organization ID,Service Project,Operation',
      'Acme,,SUP,',
      ',17,2,REMOVE',
      'Globex,,sup,ADD',
    ]).operations as ServiceProjectRowOperation[];

  it('reads ADD (the default) and REMOVE by project key or desk ID; refuses a missing project, a bad key, repeats', () => {
    expect(ops().map((op) => [op.row, op.operation, op.serviceProject, op.organization])).toEqual([
      [2, 'ADD', 'SUP', { name: 'Acme' }],
      [3, 'REMOVE', '2', { id: '17' }],
      [4, 'ADD', 'sup', { name: 'Globex' }],
    ]);
    const bad = read('service-projects', [
      'Organization Name,Service Project',
      'Acme,',
      'Acme,S U P',
      ',SUP',
      'Globex,SUP',
      'globex,sup',
    ]);
    expect(bad.problems.map((p) => [p.row, p.code])).toEqual([
      [2, 'project-missing'],
      [3, 'invalid-project'],
      [4, 'organization-missing'],
      [6, 'duplicate-change'],
    ]);
    expect(read('service-projects', ['Organization Name', 'Acme']).problems.map((p) => p.code)).toContain(
      'missing-column',
    );
    expect(kindsOfHeaders(['Organization Name', 'Service Project'])[0]).toBe('service-projects');
  });

  it('plans a chunk per project and operation, in rounds per project; keeps, describes and keys its rows', () => {
    const chunks = planChunks('job-1', ops());
    expect(chunks.map((c) => [c.phase, c.operationIndexes])).toEqual([
      [0, [0, 2]],
      [0, [1]],
    ]);
    const record: ChunkRecord = { ...chunks[0], rows: [2, 4] };
    expect(serviceProjectsOfChunk(record).map((op) => op.organization.name)).toEqual(['Acme', 'Globex']);
    expect(jobOperationsOfChunk(keepOperations(record, (index) => index === 2))).toHaveLength(1);
    const [add, remove] = ops();
    expect(describeOperation(add)).toBe('SHARE "Acme" with SUP');
    expect(describeOperation(remove)).toBe('UNSHARE organization 17 from 2');
    expect(organizationKey(remove)).toBe('id:17');
    expect(organizationKeys(add)).toEqual(['desk:name:acme:SUP']);
    expect(failedRowsCsv('service-projects', [{ operation: remove, reason: 'Gone.' }])).toMatch(/,17,2,REMOVE,Gone\./);
    expect(importTemplate('service-projects', []).csv).toMatch(/^Organization Name,Service Project,Operation/);
  });
});

describe('merges files', () => {
  const read = (lines: string[]) => readImport({ text: lines.join('\n'), kind: 'merges' }, { detailFields: [] });

  it('reads each row as the deletion of the merged organization into the kept one; refuses itself, twice, nobody', () => {
    const result = read([
      'Keep Organization ID,Keep Organization Name,Merge Organization ID,Merge Organization Name',
      '5,Acme,9,ACME ltd',
      ',Acme,,Acme Co',
      '5,,5,',
      '6,,9,',
      ',,11,',
    ]);
    expect(result.operations).toEqual([
      {
        index: 0,
        row: 2,
        kind: 'deletions',
        organizationId: '9',
        name: 'ACME ltd',
        mergeInto: { id: '5', name: 'Acme' },
      },
      { index: 1, row: 3, kind: 'deletions', organizationId: '', name: 'Acme Co', mergeInto: { name: 'Acme' } },
    ]);
    expect(result.problems.map((p) => [p.row, p.code])).toEqual([
      [4, 'merge-into-itself'],
      [5, 'duplicate-organization'],
      [6, 'organization-missing'],
    ]);
    expect(read(['Keep Organization ID', '5']).problems.map((p) => p.code)).toContain('missing-column');
    expect(importTemplate('merges', []).csv).toMatch(/^Keep Organization ID/);
  });

  it('previews a line a merge, counts its deletion as deleted, writes a failed merge once, restores with projects', () => {
    const merge: DeletionRowOperation = {
      index: 3,
      row: 2,
      kind: 'deletions',
      organizationId: '9',
      name: 'B',
      mergeInto: { id: '5', name: 'A' },
    };
    const operations = [
      {
        index: 0,
        row: 2,
        kind: 'details' as const,
        organizationId: '5',
        operation: { operationType: 'UPDATE' as const, payload: { name: 'Region', values: ['EMEA'] } },
      },
      {
        index: 1,
        row: 2,
        kind: 'memberships' as const,
        operation: 'ADD' as const,
        organization: { id: '5' },
        customer: { accountId: 'qm:1' },
      },
      {
        index: 2,
        row: 2,
        kind: 'service-projects' as const,
        operation: 'ADD' as const,
        organization: { id: '5' },
        serviceProject: '1',
      },
      merge,
    ];
    expect(previewMerges(operations)).toEqual([
      {
        row: 2,
        index: 3,
        organization: 'B',
        change: 'delete',
        note: 'Into "A" (ID 5): 1 member, Region, 1 service project; then ID 9 is deleted.',
      },
    ]);
    expect(
      failedRowsCsv('merges', [
        { operation: operations[1], reason: 'Not added.' },
        { operation: merge, reason: 'Not deleted.' },
      ])
        .trim()
        .split(/\r?\n/),
    ).toEqual([
      'Keep Organization ID,Keep Organization Name,Merge Organization ID,Merge Organization Name,Failure Reason',
      '5,A,9,B,Not added. Not deleted.',
    ]);
    const ledger = jobLedger({
      kind: 'merges',
      operations: 4,
      skippedRows: 0,
      status: 'SUCCEEDED',
      tally: tallyOf([
        { state: 'DONE', phase: 0, size: 3, succeeded: 3 },
        { state: 'DONE', phase: 1, size: 1, succeeded: 1, deletes: true },
      ]),
    });
    expect(ledger).toMatchObject({ updated: 3, deleted: 1, created: 0 });
    expect(
      restoreRows({ index: 3, row: 2, id: '9', name: 'B', details: {}, customerIds: [], serviceDeskIds: ['1'] }),
    ).toEqual([
      { index: 3, row: 2, kind: 'profiles', item: { operationType: 'CREATE', payload: { name: 'B' } } },
      {
        index: 3,
        row: 2,
        kind: 'service-projects',
        operation: 'ADD',
        organization: { name: 'B' },
        serviceProject: '1',
      },
    ]);
  });
});
