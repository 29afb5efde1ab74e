import { failedRowsCsv } from '../../../src/domain/export/failedRows';
import type { RowOperation } from '../../../src/domain/operations';
import { asDetailOperation, detailsChunk, spareDetailChunks } from '../../../src/domain/plan';

const profile = (payload: Record<string, unknown>, operationType = 'UPSERT'): RowOperation =>
  ({ index: 4, row: 6, kind: 'profiles', item: { operationType, payload } }) as RowOperation;
const acme = { id: '7', name: 'Acme', details: { Region: ['EMEA'], Phone: ['1'] } };

describe('a profile row sent as one detail value', () => {
  it('goes through the details endpoint when it changes one field of an organization that exists', () => {
    const row = profile({
      name: 'Acme',
      details: [
        { name: 'Region', values: ['APAC'] },
        { name: 'Phone', values: ['1'] },
      ],
    });
    expect(asDetailOperation(row, acme)).toEqual({
      index: 4,
      row: 6,
      kind: 'details',
      organizationId: '7',
      operation: { operationType: 'UPDATE', payload: { name: 'Region', values: ['APAC'] } },
    });
    expect(asDetailOperation(profile({ id: '7', details: [{ name: 'Phone', values: [] }] }), acme)?.operation).toEqual({
      operationType: 'DELETE',
      payload: { name: 'Phone' },
    });
  });

  it('stays a profile when it creates, renames, associates or changes several fields', () => {
    const region = [{ name: 'Region', values: ['APAC'] }];
    expect(asDetailOperation(profile({ name: 'Acme', details: region }), undefined)).toBeUndefined();
    expect(asDetailOperation(profile({ name: 'Acme', details: region }, 'CREATE'), acme)).toBeUndefined();
    expect(asDetailOperation(profile({ id: '7', name: 'Acme Ltd', details: region }), acme)).toBeUndefined();
    expect(asDetailOperation(profile({ id: '8', details: region }), acme)).toBeUndefined();
    const customers = { name: 'Acme', details: region, associateCustomers: { customerIds: ['c1'] } };
    expect(asDetailOperation(profile(customers), acme)).toBeUndefined();
    const two = [...region, { name: 'Phone', values: ['2'] }];
    expect(asDetailOperation(profile({ name: 'Acme', details: two }), acme)).toBeUndefined();
    expect(
      asDetailOperation(profile({ name: 'Acme', details: [{ name: 'Region', values: ['EMEA'] }] }), acme),
    ).toBeUndefined();
    const detail: RowOperation = {
      index: 0,
      row: 2,
      kind: 'details',
      organizationId: '7',
      operation: { operationType: 'UPDATE', payload: { name: 'Region', values: ['APAC'] } },
    };
    expect(asDetailOperation(detail, acme)).toBeUndefined();
  });

  it('reserves enough spare details requests, in the profiles’ phase, for every row that sets a value', () => {
    const rows = Array.from({ length: 2_500 }, (_, i) =>
      profile({ name: `Org ${i}`, details: i % 2 === 0 ? [{ name: 'Region', values: ['EMEA'] }] : [] }),
    );
    const planned = [
      { index: 0, phase: 0, kind: 'organizations' },
      { index: 1, phase: 1, kind: 'profiles' },
    ];
    const spares = spareDetailChunks(planned, rows);
    expect(spares.map((spare) => [spare.index, spare.phase, spare.kind, spare.operationIndexes.length])).toEqual([
      [2, 1, 'details', 0],
      [3, 1, 'details', 0],
    ]);
    expect(spareDetailChunks([{ index: 0, phase: 0, kind: 'details' }], rows)).toEqual([]);
  });

  it('writes a failed row that went as a detail value back as the profile row it came from', () => {
    const op = asDetailOperation(profile({ name: 'Acme', details: [{ name: 'Region', values: ['APAC'] }] }), acme)!;
    expect(detailsChunk(3, 1, [op]).body).toEqual({ organizations: [{ id: '7', operations: [op.operation] }] });
    const csv = failedRowsCsv('profiles', [{ operation: op, reason: 'Region is read-only' }]);
    expect(csv.split('\r\n')[0]).toMatch(/Organization ID/);
    expect(csv).toMatch(/7,UPDATE,APAC,Region is read-only|7.*APAC.*Region is read-only/);
  });
});
