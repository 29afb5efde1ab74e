import { readImport } from '../../../src/domain/import';
import type { ImportKind } from '../../../src/domain/operations';
import { SITE } from '../fixtures';

const read = (value: unknown, kind: ImportKind = 'profiles', maxRows?: number) =>
  readImport({ text: typeof value === 'string' ? value : JSON.stringify(value, null, 2), kind }, SITE, { maxRows });

const documentProfile = {
  operationType: 'UPSERT',
  payload: {
    name: 'Atlassian',
    details: [
      { name: 'Region', values: ['EMEA'] },
      { name: 'Phone Number', values: ['0422333111'] },
    ],
    associateCustomers: { customerIds: ['qm:9edf598a:0000e9d8', 'qm:10c2e972:3468699a'] },
    associateProducts: { productIds: ['3858a61a-d337-42e6-993e-e13e1c366d4f'] },
  },
};

describe('JSON import', () => {
  it('reads profile items exactly as the source document shapes them, as a list or as the whole body', () => {
    const asList = read([documentProfile]);
    expect(asList.format).toBe('json');
    expect(asList.problems).toEqual([]);
    expect(asList.operations).toEqual([{ index: 0, row: 1, kind: 'profiles', item: documentProfile }]);
    expect(read({ organizationProfiles: [documentProfile] }).operations).toEqual(asList.operations);
  });

  it('names the item and the JSON path of each problem, and keeps the good items', () => {
    const result = read([
      { operationType: 'UPSERT', payload: { name: 'Good' } },
      { operationType: 'MERGE', payload: { name: 42 } },
      { operationType: 'UPSERT', payload: { name: 'Typo', detail: [] } },
      {
        operationType: 'UPDATE',
        payload: {
          id: '5',
          details: [
            { name: 'Region', values: ['Europe'] },
            { name: 'Regoin', values: [] },
          ],
        },
      },
      { operationType: 'CREATE', payload: { id: '6' } },
    ]);
    expect(result.operations.map((op) => op.row)).toEqual([1]);
    expect(result.rowsWithErrors).toBe(4);
    expect(result.problems.map((problem) => [problem.row, problem.column, problem.message])).toEqual([
      [2, 'operationType', 'Item 2, operationType: "MERGE" is not allowed here. Use one of: CREATE, UPDATE, UPSERT.'],
      [2, 'payload.name', 'Item 2, payload.name: this must be text in double quotes, not number 42.'],
      [
        3,
        'payload.detail',
        'Item 3, payload.detail: "detail" is not part of CSM\'s request body. Did you mean "details"? Rename it.',
      ],
      [
        4,
        'payload.details[0].values',
        'Item 4, payload.details[0].values: "Europe" is not an option of the field Region. Use one of: AMER, APAC, Asia, EMEA, LATAM.',
      ],
      [
        4,
        'payload.details[1].name',
        'Item 4, payload.details[1].name: no detail field is called "Regoin". Did you mean "Region"? Use the field\'s exact name, or create the field in CSM\'s organization settings first.',
      ],
      [
        5,
        'payload.name',
        "Item 5, payload.name: CREATE needs the organization's name. Fill in payload.name, or use UPDATE to change an existing organization by its ID.",
      ],
    ]);
  });

  it('reports missing keys and wrong shapes', () => {
    const result = read([
      { payload: { name: 'A' } },
      'Acme',
      { operationType: 'UPSERT', payload: { name: 'B', details: 'Region' } },
      { operationType: 'UPSERT' },
      { operationType: 'UPSERT', payload: { name: 'C', associateCustomers: { customerIds: [''] } } },
    ]);
    expect(result.problems.map((problem) => problem.message)).toEqual([
      'Item 1, operationType: this is missing. Add one of: CREATE, UPDATE, UPSERT.',
      'Item 2, (item): this must be an object ({ … }), not "Acme".',
      'Item 3, payload.details: this must be a list ([ … ]), not "Region".',
      'Item 4, payload: this is missing. Add an object ({ … }) here.',
      'Item 5, payload.associateCustomers.customerIds[0]: this is empty. Fill it in.',
    ]);
    expect(result.rowsWithErrors).toBe(5);
  });

  it('refuses the same organization twice across items', () => {
    const result = read([
      { operationType: 'UPSERT', payload: { name: 'Acme' } },
      { operationType: 'UPSERT', payload: { name: 'acme', details: [] } },
    ]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'payload.name',
        message:
          'Item 2, payload.name: the organization "acme" is already in item 1. Tasks run out of order, so the result would be undefined; merge the items into one.',
      }),
    ]);
  });

  it('reads organizations items', () => {
    const result = read(
      {
        organizations: [
          { operationType: 'CREATE', payload: { id: '1', name: 'Atlassian' } },
          { operationType: 'UPDATE', payload: { name: 'X' } },
        ],
      },
      'organizations',
    );
    expect(result.operations).toEqual([
      {
        index: 0,
        row: 1,
        kind: 'organizations',
        item: { operationType: 'CREATE', payload: { id: '1', name: 'Atlassian' } },
      },
    ]);
    expect(result.problems).toEqual([expect.objectContaining({ row: 2, column: 'payload.id', code: 'id-required' })]);
  });

  it('reads details items: each operation is a row operation of its item, and one bad operation holds back the item', () => {
    const result = read(
      [
        {
          id: '1',
          operations: [
            { operationType: 'UPDATE', payload: { name: 'Region', values: ['Asia'] } },
            { operationType: 'DELETE', payload: { name: 'Tier' } },
          ],
        },
        {
          id: '2',
          operations: [
            { operationType: 'PATCH', payload: { name: 'Tier', values: ['Gold'] } },
            { operationType: 'PATCH', payload: { name: 'Seats', values: ['many'] } },
          ],
        },
        {
          id: '1',
          operations: [
            { operationType: 'UPDATE', payload: { name: 'Notes', values: ['x'] } },
            { operationType: 'UPDATE', payload: { name: 'Notes', values: ['y'] } },
          ],
        },
      ],
      'details',
    );
    expect(result.operations).toEqual([
      {
        index: 0,
        row: 1,
        kind: 'details',
        organizationId: '1',
        operation: { operationType: 'UPDATE', payload: { name: 'Region', values: ['Asia'] } },
      },
      {
        index: 1,
        row: 1,
        kind: 'details',
        organizationId: '1',
        operation: { operationType: 'DELETE', payload: { name: 'Tier' } },
      },
    ]);
    expect(result.problems.map((problem) => [problem.row, problem.column, problem.code])).toEqual([
      [2, 'operations[1].payload.values', 'invalid-number'],
      [3, 'operations[1].payload.name', 'duplicate-organization'],
    ]);
    expect(result.problems[1].message).toMatch(/appears twice in this item/);
    expect(result.rowsWithErrors).toBe(2);
  });

  it('names every problem of a details item: its shape, a blank id, an unknown field, a field in another case', () => {
    const result = read(
      [
        { id: '1', operations: 'all of them' },
        { id: '  ', operations: [{ operationType: 'DELETE', payload: { name: 'Region' } }] },
        { id: '3', operations: [{ operationType: 'DELETE', payload: { name: 'Colour' } }] },
        { id: '4', operations: [{ operationType: 'PATCH', payload: { name: 'region', values: ['EMEA'] } }] },
      ],
      'details',
    );
    expect(result.problems.map((problem) => [problem.row, problem.code, problem.severity])).toEqual([
      [1, expect.any(String), 'error'],
      [2, 'id-required', 'error'],
      [3, 'unknown-field', 'error'],
      [4, 'field-name-case', 'warning'],
    ]);
    expect(result.problems[2].message).toMatch(/no detail field is called "Colour"/);
    expect(result.operations).toEqual([
      expect.objectContaining({
        row: 4,
        organizationId: '4',
        operation: { operationType: 'PATCH', payload: { name: 'Region', values: ['EMEA'] } },
      }),
    ]);
  });

  it('names every problem of a profile item: an unknown field, a field in another case, the same field twice', () => {
    const result = read([
      { operationType: 'UPSERT', payload: { name: 'A', details: [{ name: 'Colour', values: ['red'] }] } },
      { operationType: 'UPSERT', payload: { name: 'B', details: [{ name: 'region', values: ['EMEA'] }] } },
      {
        operationType: 'UPSERT',
        payload: {
          name: 'C',
          details: [
            { name: 'Region', values: ['EMEA'] },
            { name: 'REGION', values: ['APAC'] },
          ],
        },
      },
    ]);
    expect(result.problems.map((problem) => [problem.row, problem.code])).toEqual([
      [1, 'unknown-field'],
      [2, 'field-name-case'],
      [3, 'field-name-case'],
      [3, 'duplicate-field'],
    ]);
    expect(result.problems[3].message).toMatch(/already set in payload\.details\[0\]/);
    expect(result.operations.map((op) => op.row)).toEqual([2]);
  });

  it('reports an organizations item of the wrong shape', () => {
    const result = read(
      [
        { operationType: 'CREATE', payload: 'Acme' },
        { operationType: 'CREATE', payload: { name: 'Globex' } },
      ],
      'organizations',
    );
    expect(result.problems.map((problem) => problem.row)).toEqual([1]);
    expect(result.operations.map((op) => op.row)).toEqual([2]);
  });

  it('says what kind of value a field needs, and when a list is too long', () => {
    const result = read([
      { operationType: 'UPSERT', payload: { name: 'A', details: [{ name: 'Region', values: 'EMEA' }] } },
      { operationType: 'UPSERT', payload: { name: true } },
      { operationType: 'UPSERT', payload: { name: 'C', details: { name: 'Region' } } },
    ]);
    const messages = result.problems.map((problem) => problem.message).join('\n');
    expect(messages).toMatch(/a list \(\[ … \]\)/);
    expect(messages).toMatch(/text in double quotes/);
    expect(result.operations).toEqual([]);
    const long = read(
      {
        organizationProfiles: Array.from({ length: 3 }, (_, i) => ({
          operationType: 'UPSERT',
          payload: { name: `O${i}` },
        })),
      },
      'profiles',
      2,
    );
    expect(long.problems[0].message).toMatch(/at most 2/);
  });

  it('needs values for UPDATE and PATCH detail operations', () => {
    const result = read(
      [{ id: '1', operations: [{ operationType: 'UPDATE', payload: { name: 'Region' } }] }],
      'details',
    );
    expect(result.problems).toEqual([
      expect.objectContaining({ row: 1, column: 'operations[0].payload.values', code: 'values-required' }),
    ]);
  });

  it('reports invalid JSON with its line and column', () => {
    const result = read('[\n  {"operationType": "UPSERT",\n   "payload": {"name": "A"},}\n]');
    expect(result.operations).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ row: null, code: 'invalid-json' });
    expect(result.problems[0].message).toMatch(
      /^The file is not valid JSON: .+ \(line 3, column 29\)\. Fix the JSON there/,
    );
  });

  it('refuses a body of the wrong shape, an empty list, too many items and items of another kind', () => {
    expect(read({ organizations: [] }).problems[0]).toMatchObject({ row: null, code: 'not-a-list' });
    expect(read({ organizationProfiles: [] }, 'organizations').problems[0].message).toMatch(
      /choose the kind "profiles"/,
    );
    expect(read([]).problems[0]).toMatchObject({ row: null, code: 'no-rows' });
    expect(read({ organizationProfiles: {} }).problems[0]).toMatchObject({ row: null, code: 'not-a-list' });
    const many = Array.from({ length: 6 }, (_, i) => ({ operationType: 'CREATE', payload: { name: `O${i}` } }));
    expect(read(many, 'organizations', 5).problems).toEqual([
      expect.objectContaining({ row: null, code: 'too-many-rows' }),
    ]);
    expect(read([{ id: '1', operations: [] }], 'organizations').problems[0]).toMatchObject({
      row: null,
      code: 'wrong-kind',
    });
  });

  it('survives very deep nesting and reports it instead of crashing', () => {
    const depth = 100_000;
    const deep = `[{"operationType":"UPSERT","payload":{"name":"A","details":${'['.repeat(depth)}${']'.repeat(depth)}}}]`;
    const result = read(deep);
    expect(result.operations).toEqual([]);
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems.every((problem) => problem.severity === 'error')).toBe(true);
  });
});
