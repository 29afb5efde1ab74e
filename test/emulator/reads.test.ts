import { Harness, CSM, CUSTOMER_A, PROFILE_BULK, profiles } from './harness';

describe('read endpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
    h.emulator.setState({
      organizations: Array.from({ length: 120 }, (_, i) => ({
        id: String(i + 1),
        name: `Org ${String(i + 1).padStart(3, '0')}`,
        details: {},
        customerIds: [],
        productIds: [],
      })),
      detailFields: [
        { name: 'Region', type: 'SELECT', options: ['AMER', 'EMEA'] },
        { name: 'Phone Number', type: 'PHONE' },
      ],
      customers: [CUSTOMER_A],
      products: [],
      nonAdminAccountIds: [],
      tasks: [],
    });
    await h.run(
      PROFILE_BULK,
      profiles({
        operationType: 'UPDATE',
        payload: {
          id: '2',
          details: [
            { name: 'Phone Number', values: ['123'] },
            { name: 'Region', values: ['EMEA'] },
          ],
          associateCustomers: { customerIds: [CUSTOMER_A] },
        },
      }),
    );
  });
  afterAll(() => h.close());

  it('lists organizations in id order, 50 at most per page', async () => {
    const first = await h.get('/rest/servicedeskapi/organization');
    expect(first.body).toMatchObject({ start: 0, limit: 50, size: 50, isLastPage: false });
    expect(first.body.values[0]).toEqual({ id: '1', name: 'Org 001', scimManaged: false });
    const clamped = await h.get('/rest/servicedeskapi/organization?start=100&limit=500');
    expect(clamped.body).toMatchObject({ start: 100, limit: 50, size: 20, isLastPage: true });
    expect(clamped.body.values.map((v: { id: string }) => v.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => String(101 + i)),
    );
    const small = await h.get('/rest/servicedeskapi/organization?start=118&limit=2');
    expect(small.body).toMatchObject({ size: 2, isLastPage: true });
    const bad = await h.get('/rest/servicedeskapi/organization?start=-1&limit=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['start', 'limit']);
  });

  it('gets one organization with its details, or 404', async () => {
    const org = await h.get(`${CSM}/organization/2`);
    expect(org.body).toEqual({
      id: '2',
      name: 'Org 002',
      details: [
        { id: '1', name: 'Region', type: 'SELECT', values: ['EMEA'] },
        { id: '2', name: 'Phone Number', type: 'PHONE', values: ['123'] },
      ],
    });
    const missing = await h.get(`${CSM}/organization/999`);
    expect(missing.status).toBe(404);
    expect(missing.body.errorMessage).toBe('Organization 999 not found.');
  });

  it('fetches by ids and names, leaving out the missing ones, up to 50 in total', async () => {
    const found = await h.post(`${CSM}/organization/fetch`, {
      organizationIds: ['3', '999', '1'],
      organizationNames: ['org 004', 'Nobody', 'Org 003'],
    });
    expect(found.body).toEqual({
      results: [
        { id: '3', name: 'Org 003' },
        { id: '1', name: 'Org 001' },
        { id: '4', name: 'Org 004' },
      ],
    });
    const ids = Array.from({ length: 30 }, (_, i) => String(i + 1));
    const names = Array.from({ length: 20 }, (_, i) => `Org ${String(i + 31).padStart(3, '0')}`);
    expect(
      (await h.post(`${CSM}/organization/fetch`, { organizationIds: ids, organizationNames: names })).body.results,
    ).toHaveLength(50);
    const tooMany = await h.post(`${CSM}/organization/fetch`, {
      organizationIds: ids,
      organizationNames: [...names, 'one more'],
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errorMessage).toMatch(/at most 50 entries, got 51/);
    expect((await h.post(`${CSM}/organization/fetch`, { organizationIds: 'nope' })).status).toBe(400);
    expect((await h.post(`${CSM}/organization/fetch`, 'not json')).status).toBe(400);
  });

  it('fetches profiles with details and associations, up to 25', async () => {
    const found = await h.post(`${CSM}/organization/profile/fetch`, { organizationIds: ['2', '5'] });
    expect(found.body.results).toEqual([
      {
        id: '2',
        name: 'Org 002',
        details: [
          { name: 'Region', type: 'SELECT', values: ['EMEA'] },
          { name: 'Phone Number', type: 'PHONE', values: ['123'] },
        ],
        customerIds: [CUSTOMER_A],
        productIds: [],
      },
      { id: '5', name: 'Org 005', details: [], customerIds: [], productIds: [] },
    ]);
    const ids = Array.from({ length: 26 }, (_, i) => String(i + 1));
    expect((await h.post(`${CSM}/organization/profile/fetch`, { organizationIds: ids.slice(0, 25) })).status).toBe(200);
    const tooMany = await h.post(`${CSM}/organization/profile/fetch`, { organizationIds: ids });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errorMessage).toMatch(/at most 25 entries, got 26/);
  });

  it('lists the detail field definitions', async () => {
    expect((await h.get(`${CSM}/organization/details`)).body).toEqual({
      results: [
        { name: 'Region', type: { name: 'SELECT', options: ['AMER', 'EMEA'] } },
        { name: 'Phone Number', type: { name: 'PHONE', options: [] } },
      ],
    });
  });

  it('serves the direct cloudid form of every path too', async () => {
    expect((await h.get('/jsm/csm/cloudid/abc-123/api/v1/organization/2')).body.name).toBe('Org 002');
  });

  it('answers 404 for unknown paths and 405 for a wrong method on a known one', async () => {
    const unknown = await h.get(`${CSM}/organizations`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, errors: [{ message: expect.any(String) }] });
    const wrong = await h.get(`${CSM}/organization/bulk`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(wrong.body.errorMessage).toMatch(/GET is not supported.*use POST/);
    expect((await h.call('PATCH', `${CSM}/organization/2`)).status).toBe(405);
    const stats = h.emulator.stats();
    expect(stats.rejections.notFound).toBeGreaterThanOrEqual(2);
    expect(stats.rejections.methodNotAllowed).toBe(2);
  });
});
