import { applyFile } from '../../local/cli/bulkApply';
import { nativeProfilesCsv, SITE_FIELDS } from '../../local/bench/data';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EmulatorOptions } from '../../local/emulator';
import { FULL_SIZE, HoldableCsmClock, profilesCsv, startHarness, type EngineHarness } from './harness';

const FIELDS = SITE_FIELDS as EmulatorOptions['detailFields'];
/**
 * npm test's jobs are as long as what each test proves needs (say the comments by them); `npm run test:reliability`
 * runs the full sizes. Every row is planned, sent and applied through the emulator: the rows are the suite's CPU.
 */
const rows = (full: number, npmTest: number) => (FULL_SIZE ? full : npmTest);

/**
 * Issue 26 (5): Atlassian's page says 10 open tasks on one copy and 5 on another; the cap is the site's, shared with
 * every other tool. Jobs start at what the site last took (5 on a new site), try one more after each wave CSM took
 * in full, and step back at a refusal. Failed on the app as it was (a fixed cap of 5): 0% of the time at 9 or more.
 */
describe("the site's task cap, learnt", () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  const run = (rows: number) =>
    applyFile(harness.runtime, { text: nativeProfilesCsv(rows), kind: 'profiles', pollMs: 20 });

  let csmClock: HoldableCsmClock;

  /**
   * `running` started with CSM's clock held until `reached` (or 30 s): no task ends before the job has shown what the
   * test looks for, however slow the machine.
   */
  async function held<T>(running: () => Promise<T>, reached: () => boolean): Promise<T> {
    csmClock.hold();
    const result = running();
    for (const until = Date.now() + 30_000; !reached() && Date.now() < until;) await sleep(20);
    csmClock.letGo();
    return result;
  }

  /** A site whose CSM takes `maxActiveTasks`, and a held job of `rows` on it (see `held`). */
  async function heldRun(maxActiveTasks: number, rows: number, reached: () => boolean) {
    csmClock = new HoldableCsmClock();
    const site = { taskMs: 150, jitter: 0.5, maxActiveTasks, detailFields: FIELDS, now: csmClock.now };
    harness = await startHarness(site);
    return held(() => run(rows), reached);
  }

  it('climbs from 5 to 10 on a site that takes 10, and starts the next job at 10', async () => {
    // CSM's clock is held until 10 tasks are open: no task ends before the cap has climbed, however slow the machine.
    // How much of the time a job then keeps 9 or 10 is the bench's to say, alone on the machine ("a site of 10":
    // 95%); under npm test's load the app's own work between a task's end and the next send grows (27% to 60% seen).
    // 20 tasks in npm test: 10 open while held, then a full wave of 10 taken, after which a cap climbing past the
    // site's 10 would send an eleventh (refused).
    const climbing = rows(4_000, 2_000);
    const running = heldRun(10, climbing, () => harness.emulator.stats().maxOpenTasks >= 10);
    expect(await running).toMatchObject({ status: 'SUCCEEDED', tasks: climbing / 100 });
    // With the fixed cap of 5: never above 5.
    expect(harness.emulator.stats().maxOpenTasks).toBe(10);
    expect(harness.emulator.stats().rejections.taskCap).toBe(0);
    expect(await harness.call('getSettings')).toMatchObject({ taskCap: 10, pinned: false, learned: { cap: 10 } });
    const second = await harness.call('startJob', { kind: 'profiles', text: nativeProfilesCsv(10) });
    expect(second.taskCap).toBe(10);
  }, 60_000);

  it('meets the cap of a site that takes 5 at most 3 times a job, and not again in the next job', async () => {
    // CSM's clock is held until the job has met the cap. Always 40 tasks (eight waves of 5): a job that met the cap at
    // every wave would be far past 3.
    const first = heldRun(5, 4_000, () => harness.emulator.stats().rejections.taskCap > 0);
    expect(await first).toMatchObject({ status: 'SUCCEEDED', tasks: 40 });
    const refusals = harness.emulator.stats().rejections.taskCap;
    expect(refusals).toBeGreaterThanOrEqual(1);
    expect(refusals).toBeLessThanOrEqual(3);
    const settings = await harness.call('getSettings');
    expect(settings).toMatchObject({ taskCap: 5, learned: { cap: 5, refused: { level: 6 } } });
    // The next job: other organizations (the first job's rows would be unchanged, and a job that sends nothing cannot
    // meet the cap), CSM's clock held until five of its tasks are open, when a job that tried a sixth would be refused.
    // Two waves of 5 in npm test.
    const others = profilesCsv(rows(2_000, 1_000));
    const next = held(
      () => applyFile(harness.runtime, { text: others, kind: 'profiles', pollMs: 20 }),
      () => harness.emulator.stats().openTasks >= 5,
    );
    expect(await next).toMatchObject({ status: 'SUCCEEDED', tasks: rows(20, 10) });
    expect(harness.emulator.stats().rejections.taskCap).toBe(refusals);
  }, 60_000);

  it('keeps a cap the admin pinned, learning nothing, and learns again once it is unpinned', async () => {
    // CSM's clock is held while the unpinned job fills its slots: no task ends before the cap has climbed, however
    // slow the machine.
    const csmClock = new HoldableCsmClock();
    harness = await startHarness({ taskMs: 150, maxActiveTasks: 10, detailFields: FIELDS, now: csmClock.now });
    expect(await harness.call('saveSettings', { taskCap: 3 })).toMatchObject({ taskCap: 3, pinned: true });
    expect(await run(1_000)).toMatchObject({ status: 'SUCCEEDED' });
    expect(harness.emulator.stats().maxOpenTasks).toBeLessThanOrEqual(3);
    expect(await harness.call('getSettings')).toEqual({ taskCap: 3, pinned: true, learned: { cap: 5 } });

    expect(await harness.call('saveSettings', { taskCap: null })).toMatchObject({ taskCap: 5, pinned: false });
    csmClock.hold();
    const unpinned = run(2_000);
    const until = Date.now() + 30_000;
    while (harness.emulator.stats().maxOpenTasks < 10 && Date.now() < until) await sleep(20);
    csmClock.letGo();
    expect(await unpinned).toMatchObject({ status: 'SUCCEEDED' });
    expect(harness.emulator.stats().maxOpenTasks).toBe(10);
    expect(harness.emulator.stats().rejections.taskCap).toBe(0);
  }, 60_000);
});
