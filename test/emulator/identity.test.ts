import { Harness, CSM, ORGANIZATION_BULK } from './harness';

const create = { organizations: [{ operationType: 'CREATE', payload: { name: 'Acme' } }] };
const as = (principal: string, accountId?: string) => ({
  'X-Local-Forge-Principal': principal,
  ...(accountId ? { 'X-Local-Forge-Account-Id': accountId } : {}),
});

describe('identity', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('treats a request without identity headers as a present user', async () => {
    h = await Harness.start();
    expect((await h.get(`${CSM}/organization/details`)).status).toBe(200);
    expect(h.emulator.stats().principals).toEqual({ user: 1, app: 0, impersonated: 0 });
  });

  it('refuses asApp() on every CSM path with 401, but serves it on Jira paths', async () => {
    h = await Harness.start();
    const refused = await h.bulk(ORGANIZATION_BULK, create, 'k', as('app'));
    expect(refused.status).toBe(401);
    expect(refused.body.errorMessage).toMatch(/asApp\(\) is not supported.*asUser\(\)/);
    expect((await h.get(`${CSM}/organization/details`, as('app'))).status).toBe(401);
    expect((await h.get('/rest/servicedeskapi/organization', as('app'))).status).toBe(200);
    expect(h.emulator.state().tasks).toEqual([]);
    const stats = h.emulator.stats();
    expect(stats.rejections.unauthorized).toBe(2);
    expect(stats.principals).toEqual({ user: 0, app: 3, impersonated: 0 });
  });

  it('accepts impersonated calls by default', async () => {
    h = await Harness.start();
    expect((await h.bulk(ORGANIZATION_BULK, create, 'k', as('impersonated', 'acc-1'))).status).toBe(200);
    expect(h.emulator.stats().principals.impersonated).toBe(1);
  });

  it('refuses impersonated calls on every API path when impersonation is off, and still serves users', async () => {
    h = await Harness.start({ impersonation: false });
    const refused = await h.bulk(ORGANIZATION_BULK, create, 'k', as('impersonated', 'acc-1'));
    expect(refused.status).toBe(401);
    expect(refused.body.errorMessage).toMatch(/Background user impersonation is refused/);
    expect((await h.get('/rest/api/3/mypermissions?permissions=ADMINISTER', as('impersonated', 'acc-1'))).status).toBe(
      401,
    );
    expect((await h.get('/rest/servicedeskapi/organization', as('impersonated', 'acc-1'))).status).toBe(401);
    expect((await h.bulk(ORGANIZATION_BULK, create, 'k', as('user', 'acc-1'))).status).toBe(200);
    expect(h.emulator.stats().principals).toEqual({ user: 1, app: 0, impersonated: 3 });
  });

  it('answers the admin check in Jira shape: true unless the account is listed as non-admin', async () => {
    h = await Harness.start();
    h.emulator.setState({ ...h.emulator.state(), nonAdminAccountIds: ['agent-7'] });
    const admin = await h.get('/rest/api/3/mypermissions?permissions=ADMINISTER', as('user', 'admin-1'));
    expect(admin.body).toEqual({
      permissions: { ADMINISTER: expect.objectContaining({ key: 'ADMINISTER', havePermission: true }) },
    });
    const agent = await h.get('/rest/api/3/mypermissions?permissions=ADMINISTER', as('user', 'agent-7'));
    expect(agent.body.permissions.ADMINISTER.havePermission).toBe(false);
    expect((await h.get('/rest/api/3/mypermissions')).status).toBe(400);
  });

  it('refuses an unknown principal', async () => {
    h = await Harness.start();
    const answer = await h.get(`${CSM}/organization/details`, as('robot'));
    expect(answer.status).toBe(401);
    expect(answer.body.errorMessage).toMatch(/use user, app or impersonated/);
  });
});
