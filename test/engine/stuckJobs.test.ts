import { kvs } from '@forge/kvs';
import { ManualClock } from '../../local/runtime/clock';
import { systemClock } from '../../src/clock';
import { impersonate } from '../../src/csm/principal';
import { forgeTransport } from '../../src/csm/transport';
import { isFinal, type JobRecord } from '../../src/domain/job';
import { forgeEngineDeps } from '../../src/jobs/deps';
import { advanceJob, type AdvanceOptions } from '../../src/jobs/engine/driver';
import { newRunnerToken } from '../../src/jobs/lifecycle/lease';
import {
  ADMIN_ACCOUNT,
  HoldableCsmClock,
  profilesCsv,
  startHarness,
  writeRequests,
  type EngineHarness,
} from './harness';

const OTHER_ADMIN = '712020:5c0d2e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function otherCsv(count: number): string {
  const lines = ['Organization Name,Region'];
  for (let i = 0; i < count; i += 1) lines.push(`Other ${String(i).padStart(4, '0')},EMEA`);
  return lines.join('\n');
}

/**
 * A job whose runner stopped with tasks open and whose owner then lost the admin permission is parked until an admin
 * opens it. Its tasks end in CSM all the same; another admin's job must not wait for someone to open the parked one.
 */
/**
 * CSM's clock, held while the parked job's first five requests go out: no task may end before the fifth is taken,
 * however slow the machine (it is let go once the job is parked).
 */
let csmClock = new HoldableCsmClock();

describe("a stuck job's open tasks", () => {
  let harness: EngineHarness;
  afterEach(async () => {
    csmClock = new HoldableCsmClock();
    await harness?.close();
  });

  const jobRecord = (id: string) => harness.runtime.kvsDump()[`job-meta:${id}`] as JobRecord;
  const asOther = <T>(name: string, payload: unknown) =>
    harness.runtime.invokeResolver<{ ok: boolean; data: T; message?: string }>(name, payload, {
      accountId: OTHER_ADMIN,
    });
  // CSM's tasks not yet ended, from its stats: cheaper than a copy of its whole state every 20 ms of a wait.
  const openInCsm = () => harness.emulator.stats().openTasks;

  /**
   * The admin's 1,000-row job: its runner sends the first five requests (the site's cap), then stops with their tasks
   * open, and is not started again; the owner loses the admin permission and the next runner parks the job.
   */
  async function parkedJobWithFiveOpenTasks(clock: ManualClock): Promise<string> {
    const job = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(1_000) });
    csmClock.hold();
    let submits = 0;
    const options: AdvanceOptions = {
      principal: impersonate(ADMIN_ACCOUNT),
      token: newRunnerToken(Math.random),
      holder: 'background',
      deadline: systemClock.now() + 60_000,
    };
    // Watched at the platform boundary: once CSM has taken five requests, the runner's turn ends there.
    const transport: typeof forgeTransport = async (principal, request) => {
      const response = await forgeTransport(principal, request);
      if (request.endpoint === 'bulk' && ++submits === 5) options.deadline = 0;
      return response;
    };
    const stopped = await advanceJob(forgeEngineDeps({ transport }), job.id, options);
    expect(stopped.outcome).toBe('deadline');
    expect(jobRecord(job.id).tally.open).toBe(5);

    harness.emulator.setState({ ...harness.emulator.state(), nonAdminAccountIds: [ADMIN_ACCOUNT] });
    // The job's queued runner now runs: its owner is no longer an administrator, so it parks the job.
    await clock.advance(0);
    await harness.runtime.drainQueue();
    expect(jobRecord(job.id)).toMatchObject({ status: 'WAITING_FOR_USER', tally: { open: 5 } });
    csmClock.letGo();
    return job.id;
  }

  /** The other admin's job, driven from their open page until it ends (a few page calls). */
  async function otherAdminsJob(rows: number, pageCalls: number): Promise<{ id: string; status: string }> {
    const started = await asOther<{ id: string }>('startJob', { kind: 'profiles', text: otherCsv(rows) });
    if (!started.ok) throw new Error(`startJob failed: ${started.message}`);
    let view = { id: started.data.id, status: 'QUEUED' };
    for (let i = 0; i < pageCalls && !isFinal(view.status as never); i += 1)
      view = (await asOther<typeof view>('advanceJob', { jobId: started.data.id })).data;
    return view;
  }

  it("a stuck job's open tasks no longer hold another admin's job (two owners)", async () => {
    const clock = new ManualClock();
    harness = await startHarness({ now: csmClock.now, taskMs: 300 }, { clock });
    const stuck = await parkedJobWithFiveOpenTasks(clock);
    while (openInCsm() > 0) await sleep(20);

    // CSM holds no task of the parked job: the other admin's job sends at once.
    const other = await otherAdminsJob(300, 2);
    expect(other.status).toBe('SUCCEEDED');
    expect(harness.emulator.state().organizations.filter((org) => org.name.startsWith('Other '))).toHaveLength(300);
    // Their ends were written on the parked job's lines, as their task status alone decided them.
    expect(jobRecord(stuck)).toMatchObject({ status: 'WAITING_FOR_USER', tally: { open: 0, succeeded: 500 } });
    expect(harness.emulator.stats().maxOpenTasks).toBeLessThanOrEqual(5);

    // An admin opens the parked job: it goes on from there, sending no request twice.
    let view = { status: 'WAITING_FOR_USER', progress: { succeeded: 0 } };
    for (let i = 0; i < 20 && !isFinal(view.status as never); i += 1)
      view = (await asOther<typeof view>('advanceJob', { jobId: stuck })).data;
    expect(view).toMatchObject({ status: 'SUCCEEDED', progress: { succeeded: 1_000 } });
    expect(writeRequests(harness.emulator.stats())).toBe(10 + 3);
  }, 60_000);

  it('frees the slots of tasks whose rows only a read-back decides, and leaves those rows to the parked job', async () => {
    const clock = new ManualClock();
    // Every task ends FAILED with no failures although CSM applied it: only reading the organizations back decides.
    harness = await startHarness(
      { now: csmClock.now, taskMs: 300, faultRate: 1, faultKinds: ['failedEmpty'] },
      { clock },
    );
    const stuck = await parkedJobWithFiveOpenTasks(clock);
    while (openInCsm() > 0) await sleep(20);

    const other = await otherAdminsJob(300, 2);
    expect(other.status).toBe('SUCCEEDED');
    // The parked job's tasks are known to have ended; their rows wait for its own driver.
    expect(jobRecord(stuck)).toMatchObject({ status: 'WAITING_FOR_USER', tally: { open: 5, ended: 5, succeeded: 0 } });

    let view = { status: 'WAITING_FOR_USER', progress: { succeeded: 0 } };
    for (let i = 0; i < 20 && !isFinal(view.status as never); i += 1)
      view = (await asOther<typeof view>('advanceJob', { jobId: stuck })).data;
    expect(view).toMatchObject({ status: 'SUCCEEDED', progress: { succeeded: 1_000 } });
    expect(writeRequests(harness.emulator.stats())).toBe(10 + 3);
  }, 60_000);

  /**
   * The admin's 1,000-row job whose runner dies while its first five sends are on their way (stored SUBMITTING):
   * before they reach CSM, or after CSM took them. Its process is gone: the sends never answer, its lease runs out,
   * and the next runner parks the job, its owner no longer an administrator.
   */
  async function parkedJobWithFiveSendsUnanswered(clock: ManualClock, reachedCsm: boolean): Promise<string> {
    const job = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(1_000) });
    let sends = 0;
    const transport: typeof forgeTransport = async (principal, request) => {
      if (request.endpoint !== 'bulk') return forgeTransport(principal, request);
      if (reachedCsm) await forgeTransport(principal, request);
      if (++sends === 5) await kvs.entity('job-lease').delete(`job-lease:${job.id}`);
      return new Promise<never>(() => undefined);
    };
    // Nothing of a dead process wakes again: its sleeps never end either.
    const dead = { now: systemClock.now, sleep: () => new Promise<void>(() => undefined) };
    void advanceJob(forgeEngineDeps({ transport, clock: dead }), job.id, {
      principal: impersonate(ADMIN_ACCOUNT),
      token: newRunnerToken(Math.random),
      holder: 'background',
      deadline: systemClock.now() + 60_000,
    });
    while (sends < 5) await sleep(20);
    harness.emulator.setState({ ...harness.emulator.state(), nonAdminAccountIds: [ADMIN_ACCOUNT] });
    await clock.advance(0);
    await harness.runtime.drainQueue();
    expect(jobRecord(job.id)).toMatchObject({ status: 'WAITING_FOR_USER', tally: { open: 5 } });
    expect(harness.emulator.state().tasks).toHaveLength(reachedCsm ? 5 : 0);
    return job.id;
  }

  it('learns from CSM that sends a parked job never got across hold no slot', async () => {
    const clock = new ManualClock();
    harness = await startHarness({ now: csmClock.now, taskMs: 300 }, { clock });
    await parkedJobWithFiveSendsUnanswered(clock, false);

    // Nobody can tell whether those five reached CSM: the other job's sends ask, and CSM takes them.
    const other = await otherAdminsJob(300, 2);
    expect(other.status).toBe('SUCCEEDED');
    expect(harness.emulator.stats().maxOpenTasks).toBeLessThanOrEqual(5);
    expect(writeRequests(harness.emulator.stats())).toBe(3);
  }, 60_000);

  it('waits when CSM refuses the send that asks, and never passes the cap', async () => {
    const clock = new ManualClock();
    harness = await startHarness({ now: csmClock.now, taskMs: 1_500 }, { clock });
    await parkedJobWithFiveSendsUnanswered(clock, true);

    // Those five did reach CSM: the asking send is refused (nothing taken) and the job waits for them to end.
    const other = await otherAdminsJob(300, 6);
    expect(other.status).toBe('SUCCEEDED');
    const stats = harness.emulator.stats();
    expect(stats.rejections.taskCap).toBeGreaterThanOrEqual(1);
    expect(stats.maxOpenTasks).toBeLessThanOrEqual(5);
    expect(harness.emulator.state().organizations.filter((org) => org.name.startsWith('Other '))).toHaveLength(300);
  }, 90_000);

  it('never has more tasks open than the cap while the parked job’s tasks end one by one', async () => {
    const clock = new ManualClock();
    // CSM would take a sixth task: only the app's own count (cap 5) keeps the site at five.
    harness = await startHarness({ now: csmClock.now, taskMs: 1_500, maxActiveTasks: 6 }, { clock });
    // Pinned: a learnt cap would rise to the site's 6, as it should; the pinned 5 is the app's count to keep.
    await harness.call('saveSettings', { taskCap: 5 });
    const stuck = await parkedJobWithFiveOpenTasks(clock);
    expect(openInCsm()).toBeGreaterThan(0);

    const other = await otherAdminsJob(300, 4);
    expect(other.status).toBe('SUCCEEDED');
    const stats = harness.emulator.stats();
    expect(stats.maxOpenTasks).toBeLessThanOrEqual(5);
    expect(stats.rejections.taskCap).toBe(0);
    expect(jobRecord(stuck).tally.open).toBe(0);
  }, 60_000);
});
