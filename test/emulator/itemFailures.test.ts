import {
  Harness,
  CUSTOMER_A,
  DETAILS_BULK,
  ORGANIZATION_BULK,
  PRODUCT,
  PROFILE_BULK,
  details,
  profiles,
} from './harness';

describe('per-item failures in task results', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({
      detailFields: [
        { name: 'Region', type: 'SELECT', options: ['AMER', 'EMEA'] },
        { name: 'Tags', type: 'MULTISELECT', options: ['gold', 'silver'] },
        { name: 'Note', type: 'TEXT' },
        { name: 'Renewal', type: 'DATE' },
        { name: 'Contact', type: 'EMAIL' },
        { name: 'Site', type: 'URL' },
        { name: 'Seats', type: 'NUMBER' },
        { name: 'Phone', type: 'PHONE' },
      ],
    });
    await h.createOrganizations('Acme', 'Globex');
  });
  afterEach(() => h.close());

  it('UPDATE of an unknown organization, by id or by name, fails that item only', async () => {
    const task = await h.run(
      PROFILE_BULK,
      profiles(
        { operationType: 'UPDATE', payload: { id: '99', details: [{ name: 'Region', values: ['EMEA'] }] } },
        { operationType: 'UPDATE', payload: { name: 'Initech' } },
        { operationType: 'UPDATE', payload: { name: 'acme', details: [{ name: 'Region', values: ['EMEA'] }] } },
      ),
    );
    expect(task.status).toBe('FINISHED');
    expect(task.failures).toEqual([
      {
        entity: 'ORGANIZATION',
        entityId: '99',
        operation: 'UPDATE',
        operatedOn: '99',
        operatedOnIds: ['99'],
        error: 'Organization 99 not found.',
      },
      {
        entity: 'ORGANIZATION',
        entityId: null,
        operation: 'UPDATE',
        operatedOn: 'Initech',
        operatedOnIds: [],
        error: "No organization named 'Initech' was found.",
      },
    ]);
    expect(h.organization('Acme')?.details).toEqual({ Region: ['EMEA'] });
  });

  it('UPSERT with only an unknown id cannot create; with a name it creates', async () => {
    const task = await h.run(
      PROFILE_BULK,
      profiles(
        { operationType: 'UPSERT', payload: { id: '42' } },
        { operationType: 'UPSERT', payload: { id: '43', name: 'Initech' } },
      ),
    );
    expect(task.failures).toEqual([
      expect.objectContaining({
        entityId: '42',
        operation: 'UPSERT',
        error: expect.stringMatching(/only an id cannot create.*add a name/),
      }),
    ]);
    expect(h.organization('Initech')?.id).toBe('3');
  });

  it('UPSERT with an existing id renames; CREATE of an existing name fails whatever its case', async () => {
    const task = await h.run(
      PROFILE_BULK,
      profiles(
        { operationType: 'UPSERT', payload: { id: '1', name: 'Acme Corp' } },
        { operationType: 'CREATE', payload: { name: 'GLOBEX' } },
      ),
    );
    expect(task.failures).toEqual([
      expect.objectContaining({
        entityId: null,
        operation: 'CREATE',
        operatedOn: 'GLOBEX',
        error: expect.stringMatching(/named 'Globex' already exists \(id 2\)/),
      }),
    ]);
    expect(h.emulator.state().organizations.map((o) => o.name)).toEqual(['Acme Corp', 'Globex']);
  });

  it('organization bulk: duplicate CREATE, UPDATE of an unknown id and a rename onto a taken name fail; the rest applies', async () => {
    const task = await h.run(ORGANIZATION_BULK, {
      organizations: [
        { operationType: 'CREATE', payload: { name: 'acme' } },
        { operationType: 'UPDATE', payload: { id: '77', name: 'Seventy-seven' } },
        { operationType: 'UPDATE', payload: { id: '2', name: 'ACME' } },
        { operationType: 'UPDATE', payload: { id: '1', name: 'ACME' } },
        { operationType: 'CREATE', payload: { name: 'Initech' } },
      ],
    });
    expect(task.status).toBe('FINISHED');
    expect(task.failures.map((f: { operation: string; entityId: string | null }) => [f.operation, f.entityId])).toEqual(
      [
        ['CREATE', null],
        ['UPDATE', '77'],
        ['UPDATE', '2'],
      ],
    );
    expect(h.emulator.state().organizations.map((o) => `${o.id}:${o.name}`)).toEqual([
      '1:ACME',
      '2:Globex',
      '3:Initech',
    ]);
  });

  it('an unknown detail field or customer or product id fails the whole profile item and changes nothing of it', async () => {
    const task = await h.run(
      PROFILE_BULK,
      profiles(
        {
          operationType: 'UPDATE',
          payload: {
            name: 'Acme',
            details: [
              { name: 'Region', values: ['EMEA'] },
              { name: 'Colour', values: ['red'] },
            ],
            associateCustomers: { customerIds: [CUSTOMER_A, 'qm:unknown'] },
            associateProducts: { productIds: ['no-such-product'] },
          },
        },
        { operationType: 'UPSERT', payload: { name: 'Globex', associateProducts: { productIds: [PRODUCT] } } },
      ),
    );
    expect(task.failures).toEqual([
      expect.objectContaining({
        entityId: '1',
        operatedOn: 'Colour',
        operatedOnIds: ['1'],
        error: expect.stringMatching(/No detail field named 'Colour'/),
      }),
      expect.objectContaining({
        entityId: '1',
        operatedOn: 'associateCustomers',
        operatedOnIds: ['qm:unknown'],
        error: expect.stringMatching(/Unknown customer id/),
      }),
      expect.objectContaining({ entityId: '1', operatedOn: 'associateProducts', operatedOnIds: ['no-such-product'] }),
    ]);
    expect(h.organization('Acme')).toMatchObject({ details: {}, customerIds: [] });
    expect(h.organization('Globex')?.productIds).toEqual([PRODUCT]);
  });

  it('is FAILED when every item failed, FINISHED with failures when only some did', async () => {
    const allFailed = await h.run(ORGANIZATION_BULK, {
      organizations: [{ operationType: 'CREATE', payload: { name: 'Acme' } }],
    });
    expect(allFailed.status).toBe('FAILED');
    expect(allFailed.failures).toHaveLength(1);
    const someFailed = await h.run(
      DETAILS_BULK,
      details(
        '1',
        { operationType: 'UPDATE', payload: { name: 'Region', values: ['EMEA'] } },
        { operationType: 'UPDATE', payload: { name: 'Nope', values: ['x'] } },
      ),
    );
    expect(someFailed.status).toBe('FINISHED');
    expect(someFailed.failures).toEqual([
      expect.objectContaining({ entityId: '1', operation: 'UPDATE', operatedOn: 'Nope' }),
    ]);
  });

  it('details on an unknown organization fail each of its operations', async () => {
    const task = await h.run(DETAILS_BULK, {
      organizations: [
        {
          id: '404',
          operations: [
            { operationType: 'UPDATE', payload: { name: 'Region', values: ['EMEA'] } },
            { operationType: 'DELETE', payload: { name: 'Tags' } },
          ],
        },
        { id: '2', operations: [{ operationType: 'UPDATE', payload: { name: 'Region', values: ['AMER'] } }] },
      ],
    });
    expect(task.status).toBe('FINISHED');
    expect(task.failures).toEqual([
      {
        entity: 'ORGANIZATION',
        entityId: '404',
        operation: 'UPDATE',
        operatedOn: 'Region',
        operatedOnIds: ['404'],
        error: 'Organization 404 not found.',
      },
      {
        entity: 'ORGANIZATION',
        entityId: '404',
        operation: 'DELETE',
        operatedOn: 'Tags',
        operatedOnIds: ['404'],
        error: 'Organization 404 not found.',
      },
    ]);
    expect(h.organization('Globex')?.details).toEqual({ Region: ['AMER'] });
  });

  const valueCases: Array<[string, string[], boolean]> = [
    ['Region', ['EMEA'], true],
    ['Region', ['emea'], false],
    ['Region', ['EMEA', 'AMER'], false],
    ['Tags', ['gold', 'silver'], true],
    ['Tags', ['gold', 'bronze'], false],
    ['Note', ['x'.repeat(255)], true],
    ['Note', ['x'.repeat(256)], false],
    ['Note', ['one', 'two'], false],
    ['Renewal', ['2024-02-29'], true],
    ['Renewal', ['2023-02-29'], false],
    ['Renewal', ['29/02/2024'], false],
    ['Contact', ['ops@example.com'], true],
    ['Contact', ['ops@example'], false],
    ['Site', ['https://example.com/x'], true],
    ['Site', ['ftp://example.com'], false],
    ['Seats', ['12.5'], true],
    ['Seats', ['twelve'], false],
    ['Phone', ['+61 (2) 9876-5432'], true],
    ['Phone', ['call me'], false],
  ];

  it.each(valueCases)('field %s with %j is accepted: %s', async (field, values, valid) => {
    const task = await h.run(DETAILS_BULK, details('1', { operationType: 'UPDATE', payload: { name: field, values } }));
    expect(task.status).toBe(valid ? 'FINISHED' : 'FAILED');
    // A refused value is named in the task's failure and leaves the field as it was (unset).
    const refused = [
      expect.objectContaining({ entityId: '1', operatedOn: field, error: expect.stringContaining(`'${field}'`) }),
    ];
    expect(task.failures).toEqual(valid ? [] : refused);
    expect(h.organization('Acme')?.details[field]).toEqual(valid ? values : undefined);
  });
});
