import { createLocalRuntime, DEFAULT_CLOUD_ID, type LocalRuntime } from '../../local/runtime';
import { ManualClock } from '../../local/runtime/clock';
import { FIXTURE_APP, startEchoServer, type EchoServer } from './echoServer';

describe('resolver invocations', () => {
  let runtime: LocalRuntime;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    runtime = await createLocalRuntime({
      appRoot: FIXTURE_APP,
      csmUrl: 'http://127.0.0.1:9',
      cloudId: 'c10d0000-1111-4222-8333-444455556666',
      limits: { resolverTimeoutMs: 100 },
      clock,
    });
  });
  afterEach(() => runtime.close());

  it('gives the resolver the calling user, the site and the module, as the platform does', async () => {
    const who = await runtime.invokeResolver<Record<string, unknown>>('whoAmI', undefined, { accountId: 'acc-42' });
    expect(who).toMatchObject({
      accountId: 'acc-42',
      cloudId: 'c10d0000-1111-4222-8333-444455556666',
      moduleKey: 'fixture-admin-page',
      extension: { type: 'jira:adminPage' },
      installContext: 'ari:cloud:jira::site/c10d0000-1111-4222-8333-444455556666',
      appAri: 'ari:cloud:ecosystem::app/11111111-2222-4333-8444-555555555555',
      environmentType: 'DEVELOPMENT',
      appModuleKey: 'fixture-admin-page',
    });
    // The runtime's clock has not moved: the whole limit is left.
    expect(who.remainingMs).toBe(100);
  });

  it('stops a resolver at its time limit with an error that says so', async () => {
    let outcome = 'running';
    const call = runtime.invokeResolver('slow', { hang: true }).then(
      () => (outcome = 'resolved'),
      (error: Error) => (outcome = error.message),
    );
    await clock.advance(99);
    expect(outcome).toBe('running');
    await clock.advance(1);
    await call;
    expect(outcome).toMatch(/function 'resolver' did not finish within its 0.1 s limit/);
    await expect(runtime.invokeResolver('slow', {})).resolves.toBe('done');
  });

  it('passes resolver errors to the caller', async () => {
    await expect(runtime.invokeResolver('boom')).rejects.toThrow('resolver failed on purpose');
    await expect(runtime.invokeResolver('noSuchResolver')).rejects.toThrow(
      "Resolver has no definition for 'noSuchResolver'.",
    );
  });

  it('refuses a request payload over 500 KB and an answer over 5 MB (Forge invocation limits), and returns answers as JSON', async () => {
    await expect(runtime.invokeResolver('echo', { blob: 'x'.repeat(500_000) })).rejects.toThrow(
      /invoke carries at most 500000/,
    );
    await expect(runtime.invokeResolver('echo', { blob: 'x'.repeat(499_000) })).resolves.toBeDefined();
    await expect(runtime.invokeResolver('sized', { bytes: 5_000_000 })).rejects.toThrow(
      /at most 5000000 can be returned/,
    );
    await expect(runtime.invokeResolver('sized', { bytes: 4_999_000 })).resolves.toHaveLength(4_999_000);
    const echoed = await runtime.invokeResolver('echo', { when: new Date(0), missing: undefined, n: 1 });
    expect(echoed).toEqual({ when: '1970-01-01T00:00:00.000Z', n: 1 });
  });
});

describe('scheduled triggers', () => {
  let server: EchoServer;
  let runtime: LocalRuntime;
  let clock: ManualClock;

  beforeEach(async () => {
    server = await startEchoServer();
    clock = new ManualClock();
    runtime = await createLocalRuntime({ appRoot: FIXTURE_APP, csmUrl: server.url, clock });
  });
  afterEach(async () => {
    await runtime.close();
    await server.close();
  });

  it('fires a trigger now with the request Forge sends and no user', async () => {
    const result = (await runtime.fireTrigger('fixture-trigger')) as Record<string, unknown>;
    expect(result).toMatchObject({
      request: {
        context: { cloudId: DEFAULT_CLOUD_ID, moduleKey: 'fixture-trigger' },
        contextToken: expect.any(String),
      },
      installContext: `ari:cloud:jira::site/${DEFAULT_CLOUD_ID}`,
      userCall: 'NEEDS_AUTHENTICATION_ERR',
    });
    expect(runtime.kvsDump()['trigger:last']).toEqual({ moduleKey: 'fixture-trigger' });
  });

  it('names the declared triggers when asked for an unknown one', async () => {
    await expect(runtime.fireTrigger('nope')).rejects.toThrow(
      "manifest.yml has no scheduledTrigger 'nope' (it declares: fixture-trigger).",
    );
  });

  it('fires triggers on their interval until the clock stops', async () => {
    const stop = runtime.startClock();
    // fiveMinute: nothing before five minutes, then one run every five minutes.
    await clock.advance(299_999);
    expect(server.requests).toHaveLength(0);
    await clock.advance(1);
    await until(() => server.requests.length === 1);
    await clock.advance(300_000);
    await until(() => server.requests.length === 2);
    stop();
    await clock.advance(3_000_000);
    expect(clock.waiting).toBe(0);
    expect(server.requests).toHaveLength(2);
  });
});

/** Waits (on real time, for real I/O) until `done` holds. */
async function until(done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
