import { replacedValuesOf, undoOperations } from '../../../src/domain/replaced';
import { operationsOfChunk } from '../../../src/domain/chunkOperations';
import type { ChunkRecord } from '../../../src/domain/job';
import type { RowOperation } from '../../../src/domain/operations';
import { appendOperations, DEFAULT_PLAN_LIMITS, keepOperations } from '../../../src/domain/plan';

const profiles = (first: number, count: number, index = 0): ChunkRecord => ({
  index,
  phase: 0,
  kind: 'profiles',
  body: {
    organizationProfiles: Array.from({ length: count }, (_, i) => ({
      operationType: 'UPSERT',
      payload: { name: `Org ${first + i}`, details: [{ name: 'Region', values: ['EMEA'] }] },
    })),
  },
  operationIndexes: Array.from({ length: count }, (_, i) => first + i),
  rows: Array.from({ length: count }, (_, i) => first + i + 2),
});

const details = (ids: string[], index = 0): ChunkRecord => ({
  index,
  phase: 1,
  kind: 'details',
  body: {
    organizations: ids.map((id) => ({
      id,
      operations: [
        { operationType: 'UPDATE', payload: { name: 'Region', values: ['EMEA'] } },
        { operationType: 'DELETE', payload: { name: 'Tier', values: [] } },
      ],
    })),
  },
  operationIndexes: ids.flatMap((_, i) => [2 * i, 2 * i + 1]),
  rows: ids.flatMap((_, i) => [2 * i + 2, 2 * i + 3]),
});

describe('rewriting a chunk before it is first sent', () => {
  it('keeps the chosen operations, each still at the position operationsOfChunk reads it from', () => {
    const chunk = profiles(0, 5);
    const kept = keepOperations(chunk, (op) => op % 2 === 0);
    expect(kept.operationIndexes).toEqual([0, 2, 4]);
    expect(kept.rows).toEqual([2, 4, 6]);
    expect(operationsOfChunk(kept).map((op) => (op.kind === 'profiles' ? op.item.payload.name : ''))).toEqual([
      'Org 0',
      'Org 2',
      'Org 4',
    ]);
  });

  it('drops a details organization left with no operation, and keeps the others’ in order', () => {
    const chunk = details(['1', '2']);
    const kept = keepOperations(chunk, (op) => op !== 0 && op !== 1);
    expect(kept.body).toEqual({ organizations: [(chunk.body as { organizations: unknown[] }).organizations[1]] });
    expect(operationsOfChunk(kept).map((op) => op.index)).toEqual([2, 3]);
    expect(keepOperations(details(['1']), () => false).body).toEqual({ organizations: [] });
  });

  it('keeps organizations chunks too', () => {
    const chunk: ChunkRecord = {
      index: 0,
      phase: 0,
      kind: 'organizations',
      body: {
        organizations: [
          { operationType: 'CREATE', payload: { name: 'A' } },
          { operationType: 'CREATE', payload: { name: 'B' } },
        ],
      },
      operationIndexes: [0, 1],
      rows: [2, 3],
    };
    expect(keepOperations(chunk, (op) => op === 1).body).toEqual({
      organizations: [{ operationType: 'CREATE', payload: { name: 'B' } }],
    });
  });

  it('appends another chunk’s operations while they fit in one request, and refuses when they do not', () => {
    const merged = appendOperations(profiles(0, 60), profiles(100, 40, 1))!;
    expect(merged.index).toBe(0);
    expect(merged.operationIndexes).toHaveLength(100);
    expect(operationsOfChunk(merged).map((op) => op.index)).toEqual(merged.operationIndexes);
    expect(appendOperations(merged, profiles(200, 1, 2))).toBeUndefined();
    // By bytes too: two small requests whose sum is over the limit.
    expect(
      appendOperations(profiles(0, 2), profiles(2, 2, 1), { ...DEFAULT_PLAN_LIMITS, maxChunkBytes: 200 }),
    ).toBeUndefined();
    // Never two kinds or phases in one request.
    expect(appendOperations(profiles(0, 2), details(['1'], 1))).toBeUndefined();
  });

  it('appends details organizations unless one would be named twice, and organizations within 50', () => {
    expect(appendOperations(details(['1']), details(['2'], 1))?.operationIndexes).toEqual([0, 1, 0, 1]);
    expect(appendOperations(details(['1']), details(['1'], 1))).toBeUndefined();
    const orgs = (count: number, index: number): ChunkRecord => ({
      index,
      phase: 0,
      kind: 'organizations',
      body: {
        organizations: Array.from({ length: count }, (_, i) => ({
          operationType: 'CREATE',
          payload: { name: `O${index}-${i}` },
        })),
      },
      operationIndexes: Array.from({ length: count }, (_, i) => index * 100 + i),
      rows: Array.from({ length: count }, (_, i) => index * 100 + i + 2),
    });
    expect(appendOperations(orgs(30, 0), orgs(20, 1))?.operationIndexes).toHaveLength(50);
    expect(appendOperations(orgs(30, 0), orgs(21, 1))).toBeUndefined();
  });
});

describe('what a row replaces', () => {
  const current = { id: '7', name: 'Acme', details: { Region: ['EMEA'], Tier: ['Gold'], Phone: ['1'] } };

  it('keeps the name and only the fields the row sets', () => {
    const op = operationsOfChunk(profiles(0, 1))[0];
    expect(replacedValuesOf(op, current)).toEqual({
      index: 0,
      row: 2,
      was: { id: '7', name: 'Acme', details: { Region: ['EMEA'] } },
      after: { name: 'Org 0', details: { Region: ['EMEA'] } },
    });
    const detail: RowOperation = {
      index: 3,
      row: 5,
      kind: 'details',
      organizationId: '7',
      operation: { operationType: 'DELETE', payload: { name: 'Segment', values: [] } },
    };
    expect(replacedValuesOf(detail, current).was?.details).toEqual({ Segment: [] });
    const rename: RowOperation = {
      index: 1,
      row: 3,
      kind: 'organizations',
      item: { operationType: 'UPDATE', payload: { id: '7', name: 'Acme Ltd' } },
    };
    expect(replacedValuesOf(rename, current).was).toEqual({ id: '7', name: 'Acme', details: {} });
  });

  it('says the organization did not exist when the row creates it', () => {
    expect(replacedValuesOf(operationsOfChunk(profiles(0, 1))[0], undefined)).toEqual({
      index: 0,
      row: 2,
      creates: 'Org 0',
    });
    const detail: RowOperation = {
      index: 1,
      row: 3,
      kind: 'details',
      organizationId: '404',
      operation: { operationType: 'UPDATE', payload: { name: 'Region', values: ['EMEA'] } },
    };
    expect(replacedValuesOf(detail, undefined)).toEqual({ index: 1, row: 3 });
  });
});

describe('what an undo sends', () => {
  it('one profile UPDATE per organization, by id, with its old name and each field’s first replaced values', () => {
    const { operations, created, createdNames } = undoOperations([
      { index: 3, row: 5, was: { id: '7', name: 'Acme', details: { Region: ['EMEA'] } } },
      { index: 1, row: 3, was: { id: '7', name: 'Acme', details: { Tier: [] } } },
      { index: 2, row: 4, was: { id: '9', name: 'Globex', details: {} } },
      { index: 4, row: 6, creates: 'New' },
      { index: 5, row: 7 },
    ]);
    expect(created).toBe(2);
    expect(createdNames).toEqual(['New']);
    expect(operations).toEqual([
      {
        index: 0,
        row: 3,
        kind: 'profiles',
        item: {
          operationType: 'UPDATE',
          payload: {
            id: '7',
            name: 'Acme',
            details: [
              { name: 'Tier', values: [] },
              { name: 'Region', values: ['EMEA'] },
            ],
          },
        },
      },
      { index: 1, row: 4, kind: 'profiles', item: { operationType: 'UPDATE', payload: { id: '9', name: 'Globex' } } },
    ]);
  });
});
