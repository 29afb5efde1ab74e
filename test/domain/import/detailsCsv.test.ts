import { readImport } from '../../../src/domain/import';
import { BulkDetailsRequestSchema } from '../../../src/domain/schemas';
import { csv, SITE } from '../fixtures';

const read = (...lines: string[]) => readImport({ text: csv(...lines), kind: 'details' }, SITE);

describe('details CSV', () => {
  it('makes one detail operation per row, UPDATE by default, DELETE with empty Values meaning all', () => {
    const result = read(
      'Organization ID,Field,Operation,Values',
      '17,Region,,EMEA',
      '17,Tier,patch,Gold|Silver',
      '18,Tier,DELETE,',
      '18,Notes,DELETE,old note',
    );
    expect(result.problems).toEqual([]);
    expect(result.operations).toEqual([
      {
        index: 0,
        row: 2,
        kind: 'details',
        organizationId: '17',
        operation: { operationType: 'UPDATE', payload: { name: 'Region', values: ['EMEA'] } },
      },
      {
        index: 1,
        row: 3,
        kind: 'details',
        organizationId: '17',
        operation: { operationType: 'PATCH', payload: { name: 'Tier', values: ['Gold', 'Silver'] } },
      },
      {
        index: 2,
        row: 4,
        kind: 'details',
        organizationId: '18',
        operation: { operationType: 'DELETE', payload: { name: 'Tier' } },
      },
      {
        index: 3,
        row: 5,
        kind: 'details',
        organizationId: '18',
        operation: { operationType: 'DELETE', payload: { name: 'Notes', values: ['old note'] } },
      },
    ]);
    const organizations = [
      { id: '17', operations: result.operations.slice(0, 2).map((op) => op.kind === 'details' && op.operation) },
    ];
    expect(BulkDetailsRequestSchema.safeParse({ organizations }).success).toBe(true);
  });

  it('refuses an unknown field naming the closest one, and checks values by type', () => {
    const result = read(
      'Organization ID,Field,Operation,Values',
      '17,Regoin,,EMEA',
      '17,Renewal,,31/12/2025',
      '18,region,,apac',
    );
    expect(result.problems.map((problem) => [problem.row, problem.column, problem.severity, problem.message])).toEqual([
      [
        2,
        'Field',
        'error',
        'Row 2, column "Field": no detail field is called "Regoin". Did you mean "Region"? Use the field\'s exact name, or create the field in CSM\'s organization settings first.',
      ],
      [
        3,
        'Values',
        'error',
        'Row 3, column "Values": "31/12/2025" is not a date. Write dates as YYYY-MM-DD, e.g. 2025-03-31.',
      ],
      [
        4,
        'Field',
        'warning',
        'Row 4, column "Field": no detail field is called "region" exactly; using the field "Region".',
      ],
      [4, 'Values', 'warning', 'Row 4, column "Values": "apac" was read as the option "APAC" of the field Region.'],
    ]);
    expect(result.operations).toEqual([
      expect.objectContaining({
        row: 4,
        organizationId: '18',
        operation: { operationType: 'UPDATE', payload: { name: 'Region', values: ['APAC'] } },
      }),
    ]);
  });

  it('needs an organization ID, a field, and values except for DELETE', () => {
    const result = read('Organization ID,Field,Operation,Values', ',Region,,EMEA', '17,,,x', '17,Notes,PATCH,');
    expect(result.operations).toEqual([]);
    expect(result.problems.map((problem) => [problem.row, problem.code])).toEqual([
      [2, 'id-required'],
      [3, 'field-required'],
      [4, 'values-required'],
    ]);
    expect(result.problems[2].message).toBe(
      'Row 4, column "Values": PATCH needs values and Values is empty. Fill in the values (separate several with |), or use DELETE to clear the field.',
    );
    expect(read('Organization ID,Values', '17,x').problems).toContainEqual(
      expect.objectContaining({
        row: 1,
        code: 'missing-column',
        message: 'Row 1: there is no "Field" column. Add it.',
      }),
    );
  });

  it('refuses the same field of the same organization twice, but allows other fields of it', () => {
    const result = read(
      'Organization ID,Field,Values',
      '17,Region,EMEA',
      '17,Notes,x',
      '18,Region,APAC',
      '17,region,AMER',
    );
    expect(result.operations.map((op) => op.row)).toEqual([2, 3, 4]);
    expect(result.problems.filter((problem) => problem.severity === 'error')).toEqual([
      expect.objectContaining({
        row: 5,
        code: 'duplicate-organization',
        message:
          'Row 5, column "Field": the field Region of organization 17 is already in row 2. Tasks run out of order, so the result would be undefined; merge the rows into one.',
      }),
    ]);
  });
});
