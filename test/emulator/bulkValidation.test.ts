import { Harness, DETAILS_BULK, ORGANIZATION_BULK, PROFILE_BULK, profiles } from './harness';

describe('bulk submit validation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ maxActiveTasks: 1000 });
  });
  afterAll(() => h.close());

  const upsert = (name: string) => ({ operationType: 'UPSERT', payload: { name } });
  const create = (name: string) => ({ operationType: 'CREATE', payload: { name } });
  const region = (values: string[]) => ({ operationType: 'UPDATE', payload: { name: 'Region', values } });

  async function expect400(path: string, body: unknown, field: string | undefined, message: RegExp) {
    const answer = await h.bulk(path, body);
    expect(answer.status).toBe(400);
    expect(answer.body.statusCode).toBe(400);
    const expected = field
      ? { field, message: expect.stringMatching(message) }
      : { message: expect.stringMatching(message) };
    expect(answer.body.errors).toEqual(expect.arrayContaining([expected]));
    expect(answer.body.errorMessage).toContain(field ?? '');
    return answer.body;
  }

  it('names the item and payload that gives neither id nor name', async () => {
    const body = await expect400(
      PROFILE_BULK,
      profiles(upsert('a'), upsert('b'), upsert('c'), { operationType: 'UPDATE', payload: {} }),
      'organizationProfiles[3].payload',
      /provide id or name/,
    );
    expect(body.errorMessage).toBe('organizationProfiles[3].payload: provide id or name');
  });

  it('accepts 100 profiles and refuses 101 and 0', async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => upsert(`org ${i}`));
    expect((await h.bulk(PROFILE_BULK, profiles(...hundred))).status).toBe(200);
    await expect400(
      PROFILE_BULK,
      profiles(...hundred, upsert('one too many')),
      'organizationProfiles',
      /at most 100 items.*got 101/,
    );
    await expect400(PROFILE_BULK, profiles(), 'organizationProfiles', /at least 1 item/);
  });

  it('accepts 50 organizations and refuses 51 and 0', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => create(`fifty ${i}`));
    expect((await h.bulk(ORGANIZATION_BULK, { organizations: fifty })).status).toBe(200);
    await expect400(
      ORGANIZATION_BULK,
      { organizations: [...fifty, create('x')] },
      'organizations',
      /at most 50 items.*got 51/,
    );
    await expect400(ORGANIZATION_BULK, { organizations: [] }, 'organizations', /at least 1 item/);
  });

  it('counts detail operations across organizations: 1000 pass, 1001 do not', async () => {
    const orgs = (count: number) =>
      Array.from({ length: 4 }, (_, i) => ({
        id: String(i + 1),
        operations: Array.from({ length: count }, () => region(['EMEA'])),
      }));
    expect((await h.bulk(DETAILS_BULK, { organizations: orgs(250) })).status).toBe(200);
    const tooMany = orgs(250);
    tooMany[3].operations.push(region(['APAC']));
    await expect400(
      DETAILS_BULK,
      { organizations: tooMany },
      'organizations',
      /at most 1000 detail operations.*got 1001/,
    );
    await expect400(DETAILS_BULK, { organizations: [] }, 'organizations', /at least 1 item/);
    await expect400(
      DETAILS_BULK,
      { organizations: [{ id: '1', operations: [] }] },
      'organizations[0].operations',
      /at least 1 item/,
    );
  });

  it('refuses unknown operation types, naming the item', async () => {
    await expect400(
      PROFILE_BULK,
      profiles(upsert('a'), { operationType: 'DELETE', payload: { name: 'b' } }),
      'organizationProfiles[1].operationType',
      /one of CREATE, UPDATE, UPSERT, got "DELETE"/,
    );
    await expect400(
      ORGANIZATION_BULK,
      { organizations: [{ operationType: 'UPSERT', payload: { name: 'b' } }] },
      'organizations[0].operationType',
      /one of CREATE, UPDATE/,
    );
    await expect400(
      DETAILS_BULK,
      {
        organizations: [
          { id: '1', operations: [{ operationType: 'REPLACE', payload: { name: 'Region', values: [] } }] },
        ],
      },
      'organizations[0].operations[0].operationType',
      /UPDATE, PATCH, DELETE/,
    );
  });

  it('refuses a missing payload, values that are not strings and unknown fields', async () => {
    await expect400(
      PROFILE_BULK,
      profiles({ operationType: 'CREATE' }),
      'organizationProfiles[0].payload',
      /is required/,
    );
    await expect400(
      PROFILE_BULK,
      profiles({ operationType: 'UPSERT', payload: { name: 'a', details: [{ name: 'Region', values: 'EMEA' }] } }),
      'organizationProfiles[0].payload.details[0].values',
      /must be an array/,
    );
    await expect400(
      PROFILE_BULK,
      profiles({ operationType: 'UPSERT', payload: { name: 'a', details: [{ name: 'Region', values: [7] }] } }),
      'organizationProfiles[0].payload.details[0].values[0]',
      /must be a string, got number 7/,
    );
    await expect400(
      PROFILE_BULK,
      profiles({ operationType: 'UPSERT', payload: { name: 'a', region: 'EMEA' } }),
      'organizationProfiles[0].payload.region',
      /not a known field/,
    );
    await expect400(
      DETAILS_BULK,
      {
        organizations: [
          { id: '1', operations: [{ operationType: 'PATCH', payload: { name: 'Region', values: [1] } }] },
        ],
      },
      'organizations[0].operations[0].payload.values[0]',
      /must be a string/,
    );
  });

  it('refuses the wrong top-level shape and bodies that are not JSON', async () => {
    await expect400(PROFILE_BULK, { organizations: [] }, 'organizationProfiles', /is required/);
    await expect400(PROFILE_BULK, [], undefined, /^the request body must be an object, got an array$/);
    const notJson = await h.bulk(PROFILE_BULK, '{"organizationProfiles": [');
    expect(notJson.status).toBe(400);
    expect(notJson.body.errorMessage).toMatch(/not valid JSON/);
  });

  it('needs what each operation cannot do without', async () => {
    await expect400(
      PROFILE_BULK,
      profiles({ operationType: 'CREATE', payload: { id: '4' } }),
      'organizationProfiles[0].payload.name',
      /CREATE needs a name/,
    );
    await expect400(
      ORGANIZATION_BULK,
      { organizations: [{ operationType: 'UPDATE', payload: { name: 'x' } }] },
      'organizations[0].payload.id',
      /UPDATE renames/,
    );
    await expect400(
      ORGANIZATION_BULK,
      { organizations: [{ operationType: 'CREATE', payload: { id: '1' } }] },
      'organizations[0].payload.name',
      /is required/,
    );
    await expect400(
      ORGANIZATION_BULK,
      { organizations: [{ operationType: 'CREATE', payload: { name: '   ' } }] },
      'organizations[0].payload.name',
      /blank/,
    );
    await expect400(
      DETAILS_BULK,
      { organizations: [{ id: '1', operations: [{ operationType: 'UPDATE', payload: { name: 'Region' } }] }] },
      'organizations[0].operations[0].payload.values',
      /UPDATE needs values/,
    );
  });

  it('answers 412 without X-ExperimentalApi and 400 without Idempotency-Key, applying nothing', async () => {
    const before = h.emulator.state().tasks.length;
    const noHeader = await h.bare(
      'POST',
      ORGANIZATION_BULK,
      { organizations: [create('x')] },
      { 'Idempotency-Key': h.newKey() },
    );
    expect(noHeader.status).toBe(412);
    expect(noHeader.body).toMatchObject({
      statusCode: 412,
      errorMessage: expect.stringMatching(/X-ExperimentalApi: opt-in/),
    });
    const noKey = await h.post(ORGANIZATION_BULK, { organizations: [create('x')] }, { 'X-ExperimentalApi': 'opt-in' });
    expect(noKey.status).toBe(400);
    expect(noKey.body.errorMessage).toMatch(/Idempotency-Key header is required/);
    expect(h.emulator.state().tasks.length).toBe(before);
    const stats = h.emulator.stats();
    expect(stats.rejections.missingExperimentalHeader).toBe(1);
    expect(stats.rejections.missingIdempotencyKey).toBe(1);
  });

  it.each([
    ['GET', '/tasks/some-task'],
    ['POST', '/organization/fetch'],
    ['POST', '/organization/profile/fetch'],
    ['GET', '/organization/1'],
    ['GET', '/organization/details'],
    ['POST', '/organization/profile/bulk'],
    ['POST', '/organization/details/bulk'],
  ])(
    'answers 412 to %s %s without X-ExperimentalApi: opt-in (the CSM reference marks it Experimental)',
    async (method, path) => {
      const body = method === 'POST' ? {} : undefined;
      const answer = await h.bare(method, `/jsm/csm/api/v1${path}`, body, { 'Idempotency-Key': h.newKey() });
      expect(answer.status).toBe(412);
      expect(answer.body.errorMessage).toMatch(/X-ExperimentalApi: opt-in/);
    },
  );

  it('refuses bodies over 10 MB with 413 and keeps serving', async () => {
    const huge = JSON.stringify(profiles({ operationType: 'UPSERT', payload: { name: 'x'.repeat(10 * 1024 * 1024) } }));
    const answer = await h.bulk(PROFILE_BULK, huge);
    expect(answer.status).toBe(413);
    expect(answer.body.errorMessage).toMatch(/larger than 10 MB/);
    expect((await h.get('/jsm/csm/api/v1/organization/details')).status).toBe(200);
  });
});
