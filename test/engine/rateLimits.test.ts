import { ManualClock } from '../../local/runtime/clock';
import { systemClock, type Clock } from '../../src/clock';
import { impersonate } from '../../src/csm/principal';
import { forgeTransport, type Transport } from '../../src/csm/transport';
import type { JobRecord } from '../../src/domain/job';
import { forgeEngineDeps } from '../../src/jobs/deps';
import { advanceJob } from '../../src/jobs/engine/driver';
import { newRunnerToken } from '../../src/jobs/lifecycle/lease';
import { ADMIN_ACCOUNT, profilesCsv, startHarness, type EngineHarness } from './harness';

const MY_PERMISSIONS = 'GET /rest/api/3/mypermissions';
const HOUR = 3_600_000;

/** The engine's waits of a minute or more (the quota's pause, a retry's longest backoff) are skipped. */
const SKIP_FROM_MS = 60_000;

/**
 * The engine's and CSM's time, real for short waits and skipped for long ones (over after 50 ms, the clock moved on
 * by the whole wait): a job paused 40 minutes by Atlassian's hourly quota finishes in real seconds, and
 * CSM's quota window and tasks follow the same time.
 */
class SkippingClock implements Clock {
  private offset: number;
  /** Called with the wait before a long wait is skipped. */
  onSkip: (ms: number) => Promise<void> = async () => undefined;

  constructor(start: number) {
    this.offset = start - Date.now();
  }

  readonly now = (): number => Date.now() + this.offset;

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms < SKIP_FROM_MS) return systemClock.sleep(ms, signal);
    const until = this.now() + ms;
    // What is on its way has a moment to end (and cut the wait short) before the rest is skipped.
    await systemClock.sleep(50, signal);
    if (signal?.aborted) return;
    await this.onSkip(ms);
    // Two waits for the same time (calls held until the quota's reset) move the clock once.
    this.offset = Math.max(this.offset, until - Date.now());
  }
}

/** Issue 26, "a price on every call": every call has a price in Atlassian's hourly points. */
describe("Atlassian's points", () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('a quota 429 pauses every request of the job until Retry-After, then the job finishes with nothing lost', async () => {
    // 40 minutes before the hour, with a quota the job spends about halfway through.
    const clock = new SkippingClock(Date.parse('2026-01-15T10:20:00.000Z'));
    harness = await startHarness({ taskMs: 40, now: clock.now, pointsPerHour: 120 }, { clock: new ManualClock() });
    const job = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(300) });

    // What the app sends and when (the platform's boundary, watched, not faked).
    const sent: { at: number; answeredAt: number; status: number; reason: string | null }[] = [];
    const transport: Transport = async (principal, request) => {
      const at = clock.now();
      const response = await forgeTransport(principal, request);
      const reason = response.header('RateLimit-Reason');
      sent.push({ at, answeredAt: clock.now(), status: response.status, reason });
      return response;
    };
    const notices: (string | undefined)[] = [];
    clock.onSkip = async () => {
      const view = await harness.raw('getJob', { jobId: job.id });
      notices.push(view.ok ? view.data.lastError : `getJob refused: ${view.message}`);
    };

    const options = {
      principal: impersonate(ADMIN_ACCOUNT),
      token: newRunnerToken(Math.random),
      holder: 'background' as const,
      deadline: clock.now() + 2 * HOUR,
    };
    const stopped = await advanceJob(forgeEngineDeps({ transport, clock }), job.id, options);

    expect(stopped.outcome).toBe('finished');
    const record = harness.runtime.kvsDump()[`job-meta:${job.id}`] as JobRecord;
    expect(record).toMatchObject({ status: 'SUCCEEDED', tally: { succeeded: 300, failed: 0, pending: 0 } });
    expect(harness.emulator.state().organizations).toHaveLength(300);

    // Refused once the quota was spent: from a refusal's answer to the reset on the hour, no call was sent (calls
    // already on their way when the quota ran out were refused too, then made again after the reset).
    const refusals = sent.filter((call) => call.status === 429);
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.every((call) => call.reason === 'jira-quota-global-based')).toBe(true);
    for (const refusal of refusals) {
      const reset = Math.ceil((refusal.at + 1) / HOUR) * HOUR;
      expect(sent.filter((call) => call.at > refusal.answeredAt && call.at < reset)).toEqual([]);
    }
    const firstReset = Math.ceil(refusals[0].at / HOUR) * HOUR;
    expect(sent.some((call) => call.at >= firstReset && call.status === 200)).toBe(true);

    // While paused, the job's page said until when, in words an admin can plan with; once done, it no longer does.
    expect(notices).toContain(
      "Paused until 11:00 UTC by Atlassian's hourly limit on the calls apps make to Jira. The job continues by itself then; nothing is lost.",
    );
    expect(record.lastError).toBeUndefined();
    // The site's other runners learn the pause from storage.
    const stored = harness.runtime.kvsDump()['site:quota-pause'] as { until: number };
    expect(stored.until % HOUR).toBeLessThan(2_000); // Retry-After counts whole seconds
    expect(stored.until).toBeGreaterThanOrEqual(Date.parse('2026-01-15T11:00:00.000Z'));
  }, 60_000);

  it("a runner started while the site's quota pause holds makes no call before the reset, then finishes", async () => {
    const clock = new SkippingClock(Date.parse('2026-01-15T10:20:00.000Z'));
    harness = await startHarness({ taskMs: 40, now: clock.now }, { clock: new ManualClock() });
    const job = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(100) });
    // Another job's runner met a quota 429 a moment ago and wrote down until when it holds.
    const reset = Date.parse('2026-01-15T11:00:00.000Z');
    await harness.runtime.runAsFunction(async () => {
      const { kvs } = await import('@forge/kvs');
      await kvs.set('site:quota-pause', { until: reset });
    });
    const sentAt: number[] = [];
    const transport: Transport = async (principal, request) => {
      sentAt.push(clock.now());
      return forgeTransport(principal, request);
    };
    const notices: (string | undefined)[] = [];
    clock.onSkip = async () => {
      const view = await harness.raw('getJob', { jobId: job.id });
      notices.push(view.ok ? view.data.lastError : undefined);
    };
    const options = {
      principal: impersonate(ADMIN_ACCOUNT),
      token: newRunnerToken(Math.random),
      holder: 'background' as const,
      deadline: clock.now() + HOUR,
    };
    // A background runner does not sleep through the pause in its invocation (billed): it parks until the reset,
    // and the delayed event's runner (the same call here, once the clock is there) goes on.
    const deps = forgeEngineDeps({ transport, clock });
    const parked = await advanceJob(deps, job.id, options);
    expect(parked).toMatchObject({ outcome: 'parked', job: { resumeAt: reset } });
    expect(parked.job?.lastError).toMatch(/^Paused until 11:00 UTC/);
    await clock.sleep(reset - clock.now());
    expect((await advanceJob(deps, job.id, { ...options, deadline: clock.now() + HOUR })).outcome).toBe('finished');
    expect(harness.runtime.kvsDump()[`job-meta:${job.id}`]).toMatchObject({ status: 'SUCCEEDED' });
    expect(sentAt.length).toBeGreaterThan(0);
    expect(sentAt.filter((at) => at < reset)).toEqual([]);
  }, 60_000);

  it('a call of the page that meets the spent hourly limit says until when, and to try again then', async () => {
    // Half past ten, moving with real time: the quota's hour (aligned to the clock's hours) cannot turn between the
    // two calls, as it did once when a run met a real hour's end.
    const started = Date.now();
    const halfPastTen = Date.parse('2026-01-15T10:30:00.000Z');
    harness = await startHarness({ pointsPerHour: 3, now: () => halfPastTen + Date.now() - started });
    await harness.raw('listDetailFields', {}); // the admin check and the fields spend the quota
    const refused = await harness.raw('listDetailFields', {});
    expect(refused).toMatchObject({ ok: false, code: 'CSM_UNAVAILABLE' });
    expect(!refused.ok && refused.message).toMatch(
      /^Atlassian's hourly limit on the calls apps make to Jira is spent until \d\d:\d\d UTC\. Try again then\.$/,
    );
  });

  it("remembers a user found an admin for the page's reads, and asks Jira again before any change", async () => {
    harness = await startHarness({ taskMs: 30 });
    const jobId = (await harness.call('startJob', { kind: 'profiles', text: profilesCsv(50) })).id;
    await harness.waitForJob(jobId);
    const before = harness.emulator.stats().requests[MY_PERMISSIONS] ?? 0;
    for (let i = 0; i < 20; i += 1) await harness.call('getJob', { jobId });
    await harness.call('listJobs', {});
    expect((harness.emulator.stats().requests[MY_PERMISSIONS] ?? 0) - before).toBe(0);

    // A change asks Jira: an admin demoted a minute ago is refused at once.
    const state = harness.emulator.state();
    harness.emulator.setState({ ...state, nonAdminAccountIds: [ADMIN_ACCOUNT] });
    const refused = await harness.raw('startJob', { kind: 'profiles', text: profilesCsv(5) });
    expect(refused).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
    expect((harness.emulator.stats().requests[MY_PERMISSIONS] ?? 0) - before).toBe(1);
    // …and, no longer remembered as an admin, is refused a read too.
    expect(await harness.raw('getJob', { jobId })).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
  });
});
