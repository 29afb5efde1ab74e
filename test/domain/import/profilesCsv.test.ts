import { readImport } from '../../../src/domain/import';
import { BulkProfilesRequestSchema } from '../../../src/domain/schemas';
import { csv, SITE } from '../fixtures';

const read = (...lines: string[]) => readImport({ text: csv(...lines) }, SITE);
const onlyProblem = (...lines: string[]) => {
  const { problems } = read(...lines);
  expect(problems).toHaveLength(1);
  return problems[0];
};

describe('profiles CSV (CSM native format)', () => {
  it('turns each row into an UPSERT of the profile, sending only filled cells', () => {
    const result = read(
      'Organization Name,Region,Phone Number,Tier,Notes',
      'Atlassian,EMEA,0422333111,Gold|Silver,"Sydney, AU"',
      'Globex,,,,',
    );
    expect(result.problems).toEqual([]);
    expect(result.kind).toBe('profiles');
    expect(result.operations).toEqual([
      {
        index: 0,
        row: 2,
        kind: 'profiles',
        item: {
          operationType: 'UPSERT',
          payload: {
            name: 'Atlassian',
            details: [
              { name: 'Region', values: ['EMEA'] },
              { name: 'Phone Number', values: ['0422333111'] },
              { name: 'Tier', values: ['Gold', 'Silver'] },
              { name: 'Notes', values: ['Sydney, AU'] },
            ],
          },
        },
      },
      { index: 1, row: 3, kind: 'profiles', item: { operationType: 'UPSERT', payload: { name: 'Globex' } } },
    ]);
    const profiles = result.operations.flatMap((op) => (op.kind === 'profiles' ? [op.item] : []));
    expect(profiles).toHaveLength(result.operations.length);
    expect(BulkProfilesRequestSchema.safeParse({ organizationProfiles: profiles }).success).toBe(true);
  });

  it('reads the optional Operation, Organization ID, Customers and Products columns', () => {
    const result = read(
      'Organization ID,Organization Name,operation,Customers,Products',
      '17,Acme,update,qm:1:a | qm:2:b,p-1',
      '18,,Upsert,,',
      ',Initech,CREATE,,p-2|p-3|p-2',
    );
    expect(result.operations.map((op) => op.kind === 'profiles' && op.item)).toEqual([
      {
        operationType: 'UPDATE',
        payload: {
          id: '17',
          name: 'Acme',
          associateCustomers: { customerIds: ['qm:1:a', 'qm:2:b'] },
          associateProducts: { productIds: ['p-1'] },
        },
      },
      { operationType: 'UPSERT', payload: { id: '18' } },
      { operationType: 'CREATE', payload: { name: 'Initech', associateProducts: { productIds: ['p-2', 'p-3'] } } },
    ]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'Organization Name',
        severity: 'warning',
        code: 'upsert-without-name',
        message:
          'Row 3, column "Organization Name": UPSERT with only an ID cannot create: add the name if the organization may not exist.',
      }),
    ]);
  });

  it('refuses an unknown operation', () => {
    expect(onlyProblem('Organization Name,Operation', 'Acme,MERGE')).toMatchObject({
      row: 2,
      column: 'Operation',
      code: 'invalid-operation',
      message:
        'Row 2, column "Operation": "MERGE" is not an operation. Use CREATE, UPDATE, UPSERT, or leave it empty for UPSERT.',
    });
  });

  it('reports a header that matches no detail field, naming the closest field, and still reads the rows', () => {
    const result = read('Organization Name,Regoin,Notes', 'Acme,EMEA,x');
    expect(result.unknownColumns).toEqual(['Regoin']);
    expect(result.operations.map((op) => op.kind === 'profiles' && op.item)).toEqual([
      { operationType: 'UPSERT', payload: { name: 'Acme', details: [{ name: 'Notes', values: ['x'] }] } },
    ]);
    expect(result.rowsWithErrors).toBe(0);
    expect(result.problems).toEqual([
      {
        row: 1,
        column: 'Regoin',
        severity: 'error',
        code: 'unknown-column',
        message:
          'Row 1, column "Regoin": no detail field is called "Regoin". Did you mean "Region"? Use the field\'s exact name, or create the field in CSM\'s organization settings first.',
      },
    ]);
    expect(read('Organisation Name', 'Acme').problems.map((problem) => problem.code)).toEqual([
      'missing-column',
      'unknown-column',
    ]);
    expect(read('Organisation Name', 'Acme').problems[1].message).toMatch(
      /Did you mean the column "Organization Name"\? Rename the column\./,
    );
    expect(onlyProblem('Organization Name,Revenue', 'Acme,1').message).toMatch(
      /This site's fields are: Region, Phone Number, Tier/,
    );
  });

  it('maps a header that differs from a field only in letter case, with a warning', () => {
    const result = read('Organization Name,REGION', 'Acme,EMEA');
    expect(result.operations[0]).toMatchObject({
      item: { payload: { details: [{ name: 'Region', values: ['EMEA'] }] } },
    });
    expect(result.problems).toEqual([
      expect.objectContaining({ row: 1, column: 'REGION', severity: 'warning', code: 'field-name-case' }),
    ]);
  });

  it('requires an Organization Name column', () => {
    expect(read('Name,Region', 'Acme,EMEA').problems).toEqual([
      expect.objectContaining({ row: 1, code: 'missing-column' }),
      expect.objectContaining({ row: 1, column: 'Name', code: 'unknown-column' }),
    ]);
    expect(read('Region', 'EMEA').problems).toEqual([
      expect.objectContaining({
        row: 1,
        code: 'missing-column',
        message: 'Row 1: there is no "Organization Name" column. Add it as the first column\'s header.',
      }),
    ]);
    expect(read('Region', 'EMEA').operations).toEqual([]);
  });

  it('needs a name for CREATE and an organization for every row', () => {
    expect(onlyProblem('Organization Name,Organization ID,Operation', ',5,CREATE')).toMatchObject({
      row: 2,
      column: 'Organization Name',
      code: 'name-required',
      message:
        'Row 2, column "Organization Name": CREATE needs the organization\'s name. Fill in Organization Name, or use UPDATE to change an existing organization by its ID.',
    });
    expect(onlyProblem('Organization Name,Organization ID,Region', ',,EMEA')).toMatchObject({
      row: 2,
      code: 'organization-missing',
    });
    expect(read('Organization Name,Organization ID,Operation', ',5,UPDATE').problems).toEqual([]);
  });

  it('refuses a name over 200 characters', () => {
    expect(onlyProblem('Organization Name', 'x'.repeat(201))).toMatchObject({
      code: 'name-too-long',
      message:
        'Row 2, column "Organization Name": the name is 201 characters long; at most 200 are allowed. Shorten it.',
    });
    expect(read('Organization Name', 'x'.repeat(200)).problems).toEqual([]);
  });

  it('refuses the same organization twice, by name in any case or by ID, naming the earlier row', () => {
    const result = read('Organization Name,Organization ID,Region', 'Acme,,EMEA', 'Globex,9,', 'ACME,,APAC', ',9,AMER');
    expect(result.operations.map((op) => op.row)).toEqual([2, 3]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        row: 4,
        column: 'Organization Name',
        code: 'duplicate-organization',
        message:
          'Row 4, column "Organization Name": the organization "ACME" is already in row 2. Tasks run out of order, so the result would be undefined; merge the rows into one.',
      }),
      expect.objectContaining({ row: 5, severity: 'warning', code: 'upsert-without-name' }),
      expect.objectContaining({
        row: 5,
        column: 'Organization ID',
        message: expect.stringContaining('the organization with ID 9 is already in row 3'),
      }),
    ]);
    expect(result.rowsWithErrors).toBe(2);
  });

  it('reports every bad value of a row and keeps the good rows', () => {
    const result = read('Organization Name,Region,Contact', 'Acme,Europe,bob@', 'Globex,APAC,ann@example.com');
    expect(result.rowsWithErrors).toBe(1);
    expect(result.operations.map((op) => op.row)).toEqual([3]);
    expect(result.problems.map((problem) => problem.message)).toEqual([
      'Row 2, column "Region": "Europe" is not an option of the field Region. Use one of: AMER, APAC, Asia, EMEA, LATAM.',
      'Row 2, column "Contact": "bob@" is not an email address. Write it like name@example.com.',
    ]);
  });

  it('corrects a select option that differs only in letter case, with a warning', () => {
    const result = read('Organization Name,Region,Tier', 'Acme,emea,"gold, silver"');
    expect(result.operations[0]).toMatchObject({
      item: {
        payload: {
          details: [
            { name: 'Region', values: ['EMEA'] },
            { name: 'Tier', values: ['Gold', 'Silver'] },
          ],
        },
      },
    });
    expect(result.problems.map((problem) => [problem.severity, problem.column, problem.message])).toEqual([
      ['warning', 'Region', 'Row 2, column "Region": "emea" was read as the option "EMEA" of the field Region.'],
      ['warning', 'Tier', 'Row 2, column "Tier": "gold" was read as the option "Gold" of the field Tier.'],
      ['warning', 'Tier', 'Row 2, column "Tier": "silver" was read as the option "Silver" of the field Tier.'],
    ]);
  });
});

describe('names an organization cannot have', () => {
  it('refuses a control character or a direction mark in a name, naming the row, the column and the character', () => {
    const result = read(
      csv(
        'Organization Name,Region',
        'Ring\u0007ing,EMEA',
        '\u001b[31mRed,EMEA',
        'gro\u202emoc.elgoog,EMEA',
        'Fine,EMEA',
      ),
    );
    expect(result.problems.map((problem) => [problem.row, problem.column, problem.code])).toEqual([
      [2, 'Organization Name', 'name-hidden-character'],
      [3, 'Organization Name', 'name-hidden-character'],
      [4, 'Organization Name', 'name-hidden-character'],
    ]);
    expect(result.problems[0].message).toMatch(/a control character \(U\+0007\) at character 5/);
    expect(result.problems[2].message).toMatch(/a right-to-left override \(U\+202E\)/);
    expect(result.operations.map((op) => op.row)).toEqual([5]);
  });
});
