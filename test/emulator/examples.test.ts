import { Harness, CUSTOMER_A, CUSTOMER_B, PRODUCT } from './harness';

// The three requests of the source document, byte for byte, sent the way its curl lines send them.
const EXAMPLE_KEY = 'c748a424-1db8-47f9-8288-713cdb0407b5';
const HEADERS = {
  Authorization: 'Bearer <access_token>',
  Accept: 'application/json',
  'Idempotency-Key': EXAMPLE_KEY,
  'X-ExperimentalApi': 'opt-in',
  'Content-Type': 'application/json',
};
const DIRECT = '/jsm/csm/cloudid/{cloudId}/api/v1';
const ORGANIZATION_EXAMPLE =
  '{ "organizations": [ { "operationType": "CREATE", "payload": { "id": "1", "name": "Atlassian" } } ] }';
const DETAILS_EXAMPLE =
  '{ "organizations": [ { "id": "1", "operations": [ { "operationType": "UPDATE", "payload": { "name": "Region", "values": [ "Asia" ] } } ] } ] }';
const PROFILE_EXAMPLE =
  '{ "organizationProfiles": [ { "operationType": "UPSERT", "payload": { "name": "Atlassian", "details": [ { "name": "Region", "values": [ "EMEA" ] }, { "name": "Phone Number", "values": [ "0422333111" ] } ], "associateCustomers": { "customerIds": [ "qm:9edf598a-85d4-4db9-bf2e-7245922b4ea8:0000e9d8-a22e-4220-ac63-412ff9eec053", "qm:10c2e972-eef6-4e0e-aa81-9a9e7a4ba9a7:3468699a-b2f0-4ae9-ab2d-155a5f5a8db4" ] }, "associateProducts": { "productIds": [ "3858a61a-d337-42e6-993e-e13e1c366d4f" ] } } } ] }';

describe('the documented example requests', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  // Each example reuses the document's one Idempotency-Key, so each runs on a fresh site (keys are per site).
  async function submit(path: string, body: string) {
    const response = await fetch(h.emulator.url + DIRECT + path, { method: 'POST', headers: HEADERS, body });
    const json = await response.json();
    expect(response.status).toBe(200);
    expect(json.statusUrl).toBe(`/api/v1/tasks/${json.id}`);
    h.advance(60_000);
    return (await h.task(json.id)).body;
  }

  it('creates "Atlassian" as organization 1, ignoring the id in the payload', async () => {
    const task = await submit('/organization/bulk', ORGANIZATION_EXAMPLE);
    expect(task).toMatchObject({ status: 'FINISHED', failures: [] });
    expect(h.emulator.state().organizations).toEqual([
      { id: '1', name: 'Atlassian', details: {}, customerIds: [], productIds: [] },
    ]);
  });

  it('then sets Region of organization 1 to Asia', async () => {
    await h.createOrganizations('Atlassian');
    const task = await submit('/organization/details/bulk', DETAILS_EXAMPLE);
    expect(task).toMatchObject({ status: 'FINISHED', failures: [] });
    expect(h.organization('Atlassian')?.details).toEqual({ Region: ['Asia'] });
  });

  it('upserts the Atlassian profile when the organization does not exist yet', async () => {
    const task = await submit('/organization/profile/bulk', PROFILE_EXAMPLE);
    expect(task).toMatchObject({ status: 'FINISHED', failures: [] });
    expect(h.organization('Atlassian')).toEqual({
      id: '1',
      name: 'Atlassian',
      details: { Region: ['EMEA'], 'Phone Number': ['0422333111'] },
      customerIds: [CUSTOMER_A, CUSTOMER_B],
      productIds: [PRODUCT],
    });
  });

  it('upserts the Atlassian profile onto the existing organization', async () => {
    await h.createOrganizations('Other', 'Atlassian');
    const task = await submit('/organization/profile/bulk', PROFILE_EXAMPLE);
    expect(task).toMatchObject({ status: 'FINISHED', failures: [] });
    const state = h.emulator.state();
    expect(state.organizations).toHaveLength(2);
    expect(h.organization('Atlassian')).toMatchObject({
      id: '2',
      details: { Region: ['EMEA'] },
      productIds: [PRODUCT],
    });
  });
});
