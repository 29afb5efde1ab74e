import { ENGINE_TIMING } from '../../src/domain/timing';
import { profilesCsv, startHarness, type EngineHarness } from './harness';

type Timing = { -readonly [K in keyof typeof ENGINE_TIMING]: number };

/**
 * Issue 26 (6): Forge bills a consumer by GB-seconds, its sleeps included, and the runner stayed in one invocation up
 * to 780 s, mostly sleeping while CSM's tasks ran. Now it ends its invocation when nothing is due for a while and a
 * delayed event wakes the next one. Here tasks take 2.5 s and "a while" is 500 ms (30 s on a site), so the runner
 * parks while each wave runs. Failed on the app as it was: one invocation, billed for the whole job (11% of it parked, alone on the machine).
 */
describe('a background runner with nothing due', () => {
  let harness: EngineHarness;
  const timing = ENGINE_TIMING as Timing;
  const saved = { ...timing };
  afterEach(async () => {
    Object.assign(timing, saved);
    await harness?.close();
  });

  /** A 1,000-row job (10 tasks, two waves) on a site whose task time is known, and what its runner was billed. */
  async function job(parkAfterMs: number) {
    timing.parkAfterMs = parkAfterMs;
    harness = await startHarness({ taskMs: 2_500, jitter: 0 });
    await harness.call('saveSettings', { taskCap: 5 });
    await harness.runtime.runAsFunction(async () => {
      const { kvs } = await import('@forge/kvs');
      await kvs.set('site:task-time', { meanMs: 2_500, minMs: 2_500, spreadMs: 50 });
    });
    const started = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(1_000) });
    const view = await harness.waitForJob(started.id, 60_000);
    const runner = harness.runtime.compute()['job-runner'];
    return { view, runner, jobMs: view.finishedAt! - view.createdAt };
  }

  it('ends its invocation and is woken by a delayed event: billed for a fraction of the job, nothing lost', async () => {
    const { view, runner, jobMs } = await job(500);
    expect(view).toMatchObject({ status: 'SUCCEEDED', progress: { succeeded: 1_000, failed: 0 } });
    expect(harness.emulator.state().organizations).toHaveLength(1_000);
    expect(runner.invocations).toBeGreaterThanOrEqual(3);
    expect(runner.seconds * 1000).toBeLessThan(jobMs * 0.5);
    expect(runner.gbSeconds).toBeCloseTo((runner.seconds * runner.memoryMB) / 1024);
  }, 90_000);

  it('stays in its invocation when parking is off (as it did): billed for the whole job', async () => {
    const { view, runner, jobMs } = await job(Infinity);
    expect(view.status).toBe('SUCCEEDED');
    expect(runner.invocations).toBe(1);
    expect(runner.seconds * 1000).toBeGreaterThan(jobMs * 0.8);
  }, 90_000);
});
