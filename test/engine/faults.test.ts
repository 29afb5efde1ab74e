import { profilesCsv, startHarness, writeRequests, type EngineHarness } from './harness';

describe('the engine under CSM faults', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('with 30% of calls faulted (429s, 5xx, lost responses, FAILED-with-no-failures) loses and doubles no row', async () => {
    harness = await startHarness({ taskMs: 40, faultRate: 0.3, seed: 21, retryAfterSeconds: 0 });
    const rows = 2000;
    const started = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(rows) });
    const view = await harness.waitForJob(started.id, 120_000);

    expect(view.status).toBe('SUCCEEDED');
    expect(view.progress).toMatchObject({ total: rows, succeeded: rows, failed: 0 });
    const stats = harness.emulator.stats();
    const faults = stats.faults as Record<string, number>;
    expect(Object.values(faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    expect(stats.maxOpenTasks).toBeLessThanOrEqual(5);

    const organizations = harness.emulator.state().organizations;
    expect(organizations).toHaveLength(rows);
    expect(new Set(organizations.map((org) => org.name)).size).toBe(rows);
    for (const org of organizations) {
      const i = Number(org.name.slice(4));
      expect(org.details['Phone Number']).toEqual([`+1 555 ${String(i).padStart(4, '0')}`]);
    }
    expect(writeRequests(stats)).toBeGreaterThanOrEqual(20);
  });

  it('resends a write whose response was lost under the same key: CSM replays it, no organization is created twice', async () => {
    harness = await startHarness({ taskMs: 40, faultRate: 0.5, seed: 3, faultKinds: ['lostResponseDrop', 'lostResponse504'] });
    const started = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(1000) });
    const view = await harness.waitForJob(started.id, 120_000);
    expect(view).toMatchObject({ status: 'SUCCEEDED', progress: { succeeded: 1000, failed: 0 } });
    const stats = harness.emulator.stats();
    const faults = stats.faults as Record<string, number>;
    expect((faults.lostResponseDrop ?? 0) + (faults.lostResponse504 ?? 0)).toBeGreaterThan(0);
    expect(stats.idempotentReplays).toBeGreaterThan(0);
    expect(harness.emulator.state().tasks).toHaveLength(10);
    const names = harness.emulator.state().organizations.map((org) => org.name);
    expect(names).toHaveLength(1000);
    expect(new Set(names).size).toBe(1000);
  });

  it('decides rows of a task reported FAILED with no failures by reading the organizations back', async () => {
    harness = await startHarness({ taskMs: 40, faultRate: 1, seed: 3, faultKinds: ['failedEmpty'] });
    const started = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(300) });
    const view = await harness.waitForJob(started.id);
    expect(view).toMatchObject({ status: 'SUCCEEDED', progress: { succeeded: 300, failed: 0 } });
    expect((harness.emulator.stats().faults as Record<string, number>).failedEmpty).toBe(3);
    expect(harness.emulator.state().tasks.every((task) => task.status === 'FAILED')).toBe(true);
    expect(view.requests.reads).toBeGreaterThanOrEqual(12);
  });
});
