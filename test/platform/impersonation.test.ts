import { profilesCsv, startHarness, writeRequests, type EngineHarness } from '../engine/harness';
import { appWithManifest, scopesAsList } from './appVariant';

const FINAL = ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForStatus(harness: EngineHarness, jobId: string, statuses: string[], timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const view = await harness.call('getJob', { jobId });
    if (statuses.includes(view.status)) return view;
    if (Date.now() > until) throw new Error(`job ${jobId} still ${view.status} after ${timeoutMs} ms`);
    await sleep(30);
  }
}

/**
 * PLATFORM_RULES.md, offline impersonation: Forge lets `api.asUser(accountId)` act only with scopes declared as a map
 * with `allowImpersonation: true`; a refused call reaches the app as @forge/api's own NeedsAuthenticationError.
 */
describe('offline impersonation, as the job runner uses it', () => {
  let harness: EngineHarness | undefined;
  let variant: ReturnType<typeof appWithManifest> | undefined;
  afterEach(async () => {
    await harness?.close();
    variant?.remove();
    harness = undefined;
    variant = undefined;
  });

  it('the background runner finishes a job as its owner, with nobody on the page', async () => {
    harness = await startHarness({ taskMs: 40 });
    const started = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(300) });
    // Only getJob from here on: no page drives the job (advanceJob is never called).
    const view = await waitForStatus(harness, started.id, FINAL);
    expect(view.status).toBe('SUCCEEDED');
    expect(harness.emulator.state().organizations).toHaveLength(300);
    expect(harness.runtime.stats().productCalls.impersonated).toBeGreaterThan(0);
    expect(harness.runtime.stats().refusedScopes).toEqual([]);
  });

  it('with scopes as a plain list, the runner is refused: the job waits for a user, is not retried, and the page finishes it', async () => {
    variant = appWithManifest(scopesAsList);
    harness = await startHarness({ taskMs: 40 }, { appRoot: variant.appRoot, timeScale: 0.001 });
    const started = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(150) });
    const waiting = await waitForStatus(harness, started.id, ['WAITING_FOR_USER', ...FINAL]);
    expect(waiting.status).toBe('WAITING_FOR_USER');
    expect(waiting.waitingReason).toMatch(/Open this page/);
    expect(writeRequests(harness.emulator.stats())).toBe(0);
    expect(harness.runtime.stats().refusedScopes.length).toBeGreaterThan(0);

    // Refused is final until a user acts: no runner asks again, and the watchdog (every 5 minutes; an hour of it
    // here) queues none either: each run is billed and would be refused the same way.
    await harness.runtime.drainQueue();
    const queued = harness.runtime.queueStats().pushed;
    for (let tick = 0; tick < 12; tick += 1) await harness.runtime.fireTrigger('job-watchdog-trigger');
    await harness.runtime.drainQueue();
    expect(harness.runtime.queueStats().pushed).toBe(queued);
    expect(harness.runtime.queueStats().retried).toBe(0);
    expect((await harness.call('getJob', { jobId: started.id })).status).toBe('WAITING_FOR_USER');

    // The admin opens the page: it drives the job as the present user, which needs no impersonation.
    let view = waiting;
    for (let i = 0; i < 100 && !FINAL.includes(view.status); i += 1)
      view = await harness.call('advanceJob', { jobId: started.id });
    expect(view.status).toBe('SUCCEEDED');
    expect(harness.emulator.state().organizations).toHaveLength(150);
  });
});
