import { createLocalRuntime, DEFAULT_ACCOUNT_ID, type LocalRuntime } from '../../local/runtime';
import { FIXTURE_APP, startEchoServer, type EchoServer } from './echoServer';

type ProductAnswer = {
  status: number;
  body: { principal?: string; accountId?: string; path: string; code?: number; message?: string };
};

describe('product fetch through the real @forge/api', () => {
  let server: EchoServer;
  let runtime: LocalRuntime;

  beforeEach(async () => {
    server = await startEchoServer();
    runtime = await createLocalRuntime({ appRoot: FIXTURE_APP, csmUrl: server.url });
  });
  afterEach(async () => {
    await runtime.close();
    await server.close();
  });

  it('sends asUser() from a resolver as the present user', async () => {
    const answer = await runtime.invokeResolver<ProductAnswer>(
      'callProduct',
      { as: 'user', endpoint: 'mypermissions' },
      { accountId: 'admin-1' },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      principal: 'user',
      accountId: 'admin-1',
      path: '/rest/api/3/mypermissions?permissions=ADMINISTER',
    });
  });

  it('uses the default admin account when the call names none', async () => {
    const answer = await runtime.invokeResolver<ProductAnswer>('callProduct', {
      as: 'user',
      endpoint: 'mypermissions',
    });
    expect(answer.body.accountId).toBe(DEFAULT_ACCOUNT_ID);
  });

  it('sends asApp() as the app, with no account', async () => {
    const answer = await runtime.invokeResolver<ProductAnswer>('callProduct', {
      as: 'app',
      endpoint: 'organizationList',
    });
    expect(answer.body).toMatchObject({ principal: 'app', path: '/rest/servicedeskapi/organization?start=0&limit=50' });
    expect(answer.body.accountId).toBeUndefined();
  });

  it('sends asUser(accountId) as an impersonation of that account', async () => {
    const answer = await runtime.invokeResolver<ProductAnswer>(
      'callProduct',
      { as: 'impersonated', endpoint: 'mypermissions', accountId: 'job-owner-7' },
      { accountId: 'someone-else' },
    );
    expect(answer.body).toMatchObject({ principal: 'impersonated', accountId: 'job-owner-7' });
  });

  it('refuses asUser(accountId) for a scope not declared with allowImpersonation: @forge/api throws NeedsAuthenticationError', async () => {
    // The fixture declares read:organization as `{}` (no allowImpersonation); read:jira-work allows it.
    const answer = await runtime.invokeResolver<{ thrown?: { name: string; needsAuthentication: boolean } }>(
      'callProduct',
      {
        as: 'impersonated',
        endpoint: 'organizationList',
        accountId: 'job-owner-7',
      },
    );
    expect(answer.thrown).toEqual({ name: 'NEEDS_AUTHENTICATION_ERR', needsAuthentication: true });
    expect(server.requests).toHaveLength(0);
    expect(runtime.stats().refusedScopes).toEqual(['read:organization:jira-service-management']);
    // The same call as the present user goes through: only impersonation needs the map entry.
    const present = await runtime.invokeResolver<ProductAnswer>('callProduct', {
      as: 'user',
      endpoint: 'organizationList',
    });
    expect(present.status).toBe(200);
  });

  it('refuses asUser() in a scheduled trigger, where no user is present, but lets asApp() through', async () => {
    const result = (await runtime.fireTrigger('fixture-trigger')) as {
      userCall: string;
      appStatus: number;
      appPrincipal: string;
    };
    expect(result.userCall).toBe('NEEDS_AUTHENTICATION_ERR');
    expect(result).toMatchObject({ appStatus: 200, appPrincipal: 'app' });
    expect(server.requests.map((r) => r.principal)).toEqual(['app']);
  });

  it('refuses a call whose scope the manifest lacks, without sending it', async () => {
    const answer = await runtime.invokeResolver<ProductAnswer>('callProduct', {
      as: 'user',
      endpoint: 'organizationBulk',
    });
    expect(answer.status).toBe(401);
    expect(answer.body.message).toContain('scope does not match');
    expect(answer.body.message).toContain('write:organization:jira-service-management');
    expect(server.requests).toHaveLength(0);
    expect(runtime.stats().refusedScopes).toEqual(['write:organization:jira-service-management']);
  });

  it('counts product calls by principal', async () => {
    await runtime.invokeResolver('callProduct', { as: 'user', endpoint: 'mypermissions' });
    await runtime.invokeResolver('callProduct', { as: 'user', endpoint: 'organizationList' });
    await runtime.invokeResolver('callProduct', { as: 'app', endpoint: 'mypermissions' });
    await runtime.invokeResolver('callProduct', { as: 'impersonated', endpoint: 'mypermissions', accountId: 'x' });
    expect(runtime.stats().productCalls).toEqual({ user: 2, app: 1, impersonated: 1 });
  });
});

describe('external fetch from @forge/api', () => {
  let server: EchoServer;
  let runtime: LocalRuntime;

  beforeEach(async () => {
    server = await startEchoServer();
    runtime = await createLocalRuntime({ appRoot: FIXTURE_APP, csmUrl: 'http://127.0.0.1:9' });
  });
  afterEach(async () => {
    await runtime.close();
    await server.close();
  });

  it('reaches a host declared under permissions.external.fetch.backend', async () => {
    const answer = await runtime.invokeResolver<{ status: number; text: string }>('egress', {
      url: `${server.url}/hello`,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ path: '/hello' });
    expect(runtime.stats().productCalls).toEqual({ external: 1 });
  });

  it('refuses a host the manifest does not declare, as Forge does', async () => {
    const port = new URL(server.url).port;
    await expect(runtime.invokeResolver('egress', { url: `http://localhost:${port}/hello` })).rejects.toThrow(
      /URL not included in the external fetch backend permissions: http:\/\/localhost/,
    );
    expect(server.requests).toHaveLength(0);
  });
});
