import {
  BulkDetailsRequestSchema,
  BulkOrganizationsRequestSchema,
  BulkProfilesRequestSchema,
  parseDetailFieldDefinitions,
  TaskStatusSchema,
  TaskSubmitResponseSchema,
} from '../../src/domain/schemas';

// Bodies copied from the source document's examples.
const profilesExample = {
  organizationProfiles: [
    {
      operationType: 'UPSERT',
      payload: {
        name: 'Atlassian',
        details: [
          { name: 'Region', values: ['EMEA'] },
          { name: 'Phone Number', values: ['0422333111'] },
        ],
        associateCustomers: {
          customerIds: ['qm:9edf598a-85d4-4db9-bf2e-7245922b4ea8:0000e9d8-a22e-4220-ac63-412ff9eec053'],
        },
        associateProducts: { productIds: ['3858a61a-d337-42e6-993e-e13e1c366d4f'] },
      },
    },
  ],
};
const organizationsExample = { organizations: [{ operationType: 'CREATE', payload: { id: '1', name: 'Atlassian' } }] };
const detailsExample = {
  organizations: [
    { id: '1', operations: [{ operationType: 'UPDATE', payload: { name: 'Region', values: ['Asia'] } }] },
  ],
};

describe('request body schemas', () => {
  it('accept the source document examples unchanged', () => {
    expect(BulkProfilesRequestSchema.parse(profilesExample)).toEqual(profilesExample);
    expect(BulkOrganizationsRequestSchema.parse(organizationsExample)).toEqual(organizationsExample);
    expect(BulkDetailsRequestSchema.parse(detailsExample)).toEqual(detailsExample);
  });

  it('enforce the item limits: 1..100 profiles, 1..50 organizations, ≤ 1000 detail operations across organizations', () => {
    const profile = profilesExample.organizationProfiles[0];
    expect(BulkProfilesRequestSchema.safeParse({ organizationProfiles: Array(100).fill(profile) }).success).toBe(true);
    expect(BulkProfilesRequestSchema.safeParse({ organizationProfiles: Array(101).fill(profile) }).success).toBe(false);
    expect(BulkProfilesRequestSchema.safeParse({ organizationProfiles: [] }).success).toBe(false);
    const organization = organizationsExample.organizations[0];
    expect(BulkOrganizationsRequestSchema.safeParse({ organizations: Array(50).fill(organization) }).success).toBe(
      true,
    );
    expect(BulkOrganizationsRequestSchema.safeParse({ organizations: Array(51).fill(organization) }).success).toBe(
      false,
    );
    const operation = detailsExample.organizations[0].operations[0];
    const organizationsWith = (count: number) =>
      Array.from({ length: 2 }, (_, i) => ({ id: String(i), operations: Array(count).fill(operation) }));
    expect(BulkDetailsRequestSchema.safeParse({ organizations: organizationsWith(500) }).success).toBe(true);
    expect(BulkDetailsRequestSchema.safeParse({ organizations: organizationsWith(501) }).success).toBe(false);
  });

  it('refuse unknown operation types and unknown keys', () => {
    expect(
      BulkOrganizationsRequestSchema.safeParse({ organizations: [{ operationType: 'UPSERT', payload: { name: 'A' } }] })
        .success,
    ).toBe(false);
    expect(
      BulkDetailsRequestSchema.safeParse({
        organizations: [{ id: '1', operations: [{ operationType: 'REPLACE', payload: { name: 'R' } }] }],
      }).success,
    ).toBe(false);
    expect(
      BulkProfilesRequestSchema.safeParse({
        organizationProfiles: [{ operationType: 'UPSERT', payload: { name: 'A', detail: [] } }],
      }).success,
    ).toBe(false);
  });
});

describe('response schemas', () => {
  it('read a task submit response and a task status, keeping unknown keys and defaulting failures to []', () => {
    expect(TaskSubmitResponseSchema.parse({ id: 't', statusUrl: '/api/v1/tasks/t' })).toEqual({
      id: 't',
      statusUrl: '/api/v1/tasks/t',
    });
    const status = TaskStatusSchema.parse({ id: 't', status: 'IN_PROGRESS', progress: 3 });
    expect(status).toEqual({ id: 't', status: 'IN_PROGRESS', failures: [], progress: 3 });
    expect(TaskStatusSchema.parse({ id: 't', status: 'FAILED', failures: null }).failures).toEqual([]);
    const finished = TaskStatusSchema.parse({
      id: 't',
      type: 'BULK_CUSTOMER_PROFILE_CREATE_UPDATE',
      status: 'FINISHED',
      failures: [
        { entity: 'ORG', entityId: null, operation: 'UPSERT', operatedOn: 'Acme', operatedOnIds: ['1'], error: 'bad' },
      ],
      createdAt: '2025-01-15T11:12:13Z',
      updatedAt: '2025-01-15T11:12:13Z',
    });
    expect(finished.failures[0]).toMatchObject({ entityId: null, operatedOn: 'Acme' });
    expect(TaskStatusSchema.safeParse({ id: 't', status: 'DONE' }).success).toBe(false);
  });

  it('parse detail field definitions from the API form, keeping unknown types', () => {
    expect(
      parseDetailFieldDefinitions({
        results: [
          { name: 'Region', type: { name: 'SELECT', options: ['AMER', 'EMEA'] } },
          { name: 'Notes', type: { name: 'text' } },
          { name: 'Tier', type: { name: 'MULTISELECT', options: [{ value: 'Gold' }, { name: 'Silver' }] } },
          { name: 'Rating', type: { name: 'STAR_RATING', options: null } },
        ],
      }),
    ).toEqual([
      { name: 'Region', type: 'SELECT', options: ['AMER', 'EMEA'] },
      { name: 'Notes', type: 'TEXT' },
      { name: 'Tier', type: 'MULTISELECT', options: ['Gold', 'Silver'] },
      { name: 'Rating', type: 'STAR_RATING' },
    ]);
    expect(() => parseDetailFieldDefinitions({ fields: [] })).toThrow();
  });
});
