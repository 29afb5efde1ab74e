import { afterJob, replacedValuesOf, changedSinceJob, type ReplacedValues } from '../../src/domain/replaced';
import { compareRows } from '../../src/domain/compareRows';
import type { RowOperation } from '../../src/domain/operations';

const detail = (index: number, operationType: 'UPDATE' | 'PATCH' | 'DELETE', values: string[]): RowOperation => ({
  index,
  row: index + 2,
  kind: 'details',
  organizationId: '7',
  operation: { operationType, payload: { name: 'Region', values } },
});

const undoOf = (details: { name: string; values: string[] }[], name = 'Acme'): RowOperation => ({
  index: 0,
  row: 2,
  kind: 'profiles',
  item: { operationType: 'UPDATE', payload: { id: '7', name, details } },
});

describe('what a row leaves an organization holding', () => {
  const current = { id: '7', name: 'Acme', details: { Region: ['EMEA', 'APAC'] } };

  it('for each kind of details operation', () => {
    expect(replacedValuesOf(detail(0, 'UPDATE', ['NA']), current).after).toEqual({ details: { Region: ['NA'] } });
    expect(replacedValuesOf(detail(0, 'PATCH', ['NA', 'EMEA']), current).after).toEqual({
      details: { Region: ['EMEA', 'APAC', 'NA'] },
    });
    expect(replacedValuesOf(detail(0, 'DELETE', ['EMEA']), current).after).toEqual({ details: { Region: ['APAC'] } });
    expect(replacedValuesOf(detail(0, 'DELETE', []), current).after).toEqual({ details: { Region: [] } });
  });

  it('for a rename: the new name and no field', () => {
    const rename: RowOperation = {
      index: 1,
      row: 3,
      kind: 'organizations',
      item: { operationType: 'UPDATE', payload: { id: '7', name: 'Acme Ltd' } },
    };
    expect(replacedValuesOf(rename, current).after).toEqual({ name: 'Acme Ltd', details: {} });
  });

  it('over a whole job: a later row of the same organization wins, field by field', () => {
    const replaced: ReplacedValues[] = [
      { index: 2, row: 4, was: { id: '7', name: 'B', details: { Tier: ['1'] } }, after: { details: { Tier: ['2'] } } },
      {
        index: 0,
        row: 2,
        was: { id: '7', name: 'A', details: { Region: ['EMEA'], Tier: ['0'] } },
        after: { name: 'B', details: { Region: ['NA'], Tier: ['1'] } },
      },
      { index: 3, row: 5, was: { id: '9', name: 'C', details: {} } },
      { index: 4, row: 6, creates: 'New' },
    ];
    expect([...afterJob(replaced)]).toEqual([['7', { name: 'B', details: { Region: ['NA'], Tier: ['2'] } }]]);
  });
});

describe('an undo row changed since the job', () => {
  const after = { name: 'Acme Ltd', details: { Region: ['NA'] } };
  const undo = undoOf([{ name: 'Region', values: ['EMEA'] }]);

  it('is not held when the organization holds what the job left, or already what the undo restores', () => {
    expect(changedSinceJob(undo, { id: '7', name: 'Acme Ltd', details: { Region: ['NA'] } }, after)).toBeUndefined();
    expect(changedSinceJob(undo, { id: '7', name: 'Acme', details: { Region: ['EMEA'] } }, after)).toBeUndefined();
    // A field the undo does not restore may have changed: it is left alone.
    expect(
      changedSinceJob(undo, { id: '7', name: 'Acme Ltd', details: { Region: ['NA'], Tier: ['Gold'] } }, after),
    ).toBeUndefined();
  });

  it('is held, saying what it holds now and what the job set, when a name or a value changed again', () => {
    expect(changedSinceJob(undo, { id: '7', name: 'Acme Group', details: { Region: ['APAC'] } }, after)).toBe(
      'Not restored: changed after the job, its name is now “Acme Group” (the job set “Acme Ltd”); Region is now “APAC” (the job set “NA”). Undoing it would overwrite that change. Retry this row to restore it anyway.',
    );
    expect(changedSinceJob(undo, { id: '7', name: 'Acme Ltd', details: {} }, after)).toMatch(
      /Region is now empty \(the job set “NA”\)/,
    );
  });

  it('is not held without a record of what the job left, nor when the organization is gone (CSM says so)', () => {
    expect(changedSinceJob(undo, { id: '7', name: 'X', details: { Region: ['APAC'] } }, undefined)).toBeUndefined();
    expect(changedSinceJob(undo, undefined, after)).toBeUndefined();
  });
});

describe('a chunk compared with the site', () => {
  const profile = (index: number, id: string, region: string): RowOperation => ({
    index,
    row: index + 2,
    kind: 'profiles',
    item: {
      operationType: 'UPDATE',
      payload: { id, name: `Org ${id}`, details: [{ name: 'Region', values: [region] }] },
    },
  });
  const site = (id: string, region: string) => ({ id, name: `Org ${id}`, details: { Region: [region] } });
  const operations = [profile(0, '1', 'EMEA'), profile(1, '2', 'NA'), profile(2, '3', 'NA')];
  const current = [site('1', 'EMEA'), site('2', 'APAC'), site('3', 'LATAM')];

  it('leaves out unchanged rows, moves one-value rows when there are spares, and keeps what the others replace', () => {
    const compared = compareRows(operations, current, { spares: true });
    expect([...compared.unchanged]).toEqual([0]);
    expect(compared.changedSince).toEqual([]);
    expect(compared.toDetails.map((op) => op.index)).toEqual([1, 2]);
    expect(compared.replaced.map((before) => before.was?.details)).toEqual([
      { Region: ['APAC'] },
      { Region: ['LATAM'] },
    ]);
    expect(compareRows(operations, current, { spares: false }).toDetails).toEqual([]);
  });

  it('sends every row of a send-all job, and moves none', () => {
    const compared = compareRows(operations, current, { spares: true, sendAll: true });
    expect(compared.unchanged.size).toBe(0);
    expect(compared.toDetails).toEqual([]);
    expect(compared.replaced).toHaveLength(3);
  });

  it('holds back an undo row whose organization changed after the job, with what it would send', () => {
    const afterUndone = new Map([
      ['2', { details: { Region: ['APAC'] } }],
      ['3', { details: { Region: ['SOUTH'] } }],
    ]);
    const compared = compareRows(operations, current, { spares: false, afterUndone });
    expect(compared.changedSince).toEqual([
      expect.objectContaining({ index: 2, row: 4, id: '3', name: 'Org 3', retryable: true, operation: operations[2] }),
    ]);
    expect(compared.replaced.map((before) => before.index)).toEqual([1]);
  });
});
