import { readImport } from '../../src/domain/import';
import { deletionsOnSite } from '../../src/domain/import/deletionsCsv';
import { previewDeletion, recreate } from '../../src/domain/deletions';
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
