import {
  ADMIN_ACCOUNT,
  BULK_PROFILES,
  HoldableCsmClock,
  profilesCsv,
  startHarness,
  writeRequests,
  type EngineHarness,
} from './harness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a profiles job through the app handlers, the local runtime and the emulator', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('sends 2,000 profiles in exactly 20 requests, never above the task cap, and every organization ends with its values', async () => {
    // CSM's clock stands still until five tasks are open at once (or 30 s pass): no task ends before the engine has
    // had the time to fill the cap, however slow the machine. Then it runs again; tasks take 300 ms each.
    const csmClock = new HoldableCsmClock();
    csmClock.hold();
    harness = await startHarness({ taskMs: 300, now: csmClock.now });
    // Pinned: a learnt cap would try a sixth task once (test/engine/taskCap.test.ts); this is the engine's own count.
    await harness.call('saveSettings', { taskCap: 5 });
    const started = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(2000), fileName: 'orgs.csv' });
    const until = Date.now() + 30_000;
    while (harness.emulator.stats().maxOpenTasks < 5 && Date.now() < until) await sleep(20);
    csmClock.letGo();
    const view = await harness.waitForJob(started.id);

    expect(view.status).toBe('SUCCEEDED');
    expect(view.progress).toMatchObject({ total: 2000, succeeded: 2000, failed: 0, pending: 0 });
    const stats = harness.emulator.stats();
    expect(stats.requests[BULK_PROFILES]).toBe(20);
    expect(writeRequests(stats)).toBe(20);
    expect(stats.maxOpenTasks).toBeLessThanOrEqual(5);
    expect(stats.maxOpenTasks).toBe(5);
    // The emulator refuses a submit over the cap: the engine's own count must never have tried one.
    expect(stats.rejections.taskCap).toBe(0);

    const organizations = harness.emulator.state().organizations;
    expect(organizations).toHaveLength(2000);
    const org17 = organizations.find((org) => org.name === 'Org 00017');
    expect(org17?.details).toEqual({ Region: ['Asia'], 'Phone Number': ['+1 555 0017'] });
  });

  it('attaches CSM per-row failures to the right rows and retries only those rows', async () => {
    harness = await startHarness();
    const csv = [
      'Organization Name,Operation,Region',
      'Alpha,CREATE,EMEA',
      'Ghost,UPSERT,APAC',
      'Beta,UPSERT,AMER',
    ].join('\n');
    // CSM times out on Ghost's row once.
    harness.emulator.setState({ ...harness.emulator.state(), rowFaults: [{ organization: 'Ghost' }] });
    const first = await harness.waitForJob((await harness.call('startJob', { kind: 'profiles', text: csv })).id);
    expect(first.status).toBe('PARTIAL');
    expect(first.failures).toHaveLength(1);
    expect(first.failures[0]).toMatchObject({ row: 3, name: 'Ghost', retryable: true });
    expect(first.failures[0].error).toMatch(/timed out/i);

    // Retrying sends just that row again, keeping its row number.
    const retry = await harness.call('retryFailed', { jobId: first.id });
    const second = await harness.waitForJob(retry.id);
    expect(second).toMatchObject({ status: 'SUCCEEDED', retryOf: first.id, progress: { total: 1, succeeded: 1 } });
    expect(harness.emulator.state().organizations.find((org) => org.name === 'Ghost')?.details).toEqual({
      Region: ['APAC'],
    });
  });

  it('refuses a file with row errors: nothing is sent and every problem names its row and column', async () => {
    harness = await startHarness();
    const csv = ['Organization Name,Region,Phone Numbr', 'Atlassian,Europe,1', ',APAC,2'].join('\n');
    const result = await harness.raw('startJob', { kind: 'profiles', text: csv });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('INVALID_INPUT');
    const problems = result.problems as { row: number | null; column?: string; message: string }[];
    expect(problems.some((p) => p.column === 'Phone Numbr' && /Phone Number/.test(p.message))).toBe(true);
    expect(problems.some((p) => p.row === 2 && p.column === 'Region')).toBe(true);
    expect(problems.some((p) => p.row === 3)).toBe(true);
    expect(writeRequests(harness.emulator.stats())).toBe(0);
  });

  it('refuses callers who are not Jira administrators', async () => {
    harness = await startHarness();
    harness.emulator.setState({ ...harness.emulator.state(), nonAdminAccountIds: [ADMIN_ACCOUNT] });
    const result = await harness.raw('listJobs', {});
    expect(result).toMatchObject({ ok: false, code: 'NOT_ADMIN' });
  });
});
