import { ManualClock } from '../../local/runtime/clock';
import { profilesCsv, startHarness, writeRequests, type EngineHarness } from './harness';

/**
 * Forge's storage quota per installation (local/PLATFORM_RULES.md, Storage: 4,000 reads and 4,000 writes a minute in
 * 10 KB units, 429 RATE_LIMIT_EXCEEDED past it). Here the write quota is small, so that a 2,000-row job (about 270
 * write units) spends it several times over; the minute and the event delays are a hundredth of real ones.
 */
describe("a job that spends the site's storage quota", () => {
  let harness: EngineHarness;
  // The quota's minute and the runner's delayed event are on this clock: it moves a minute only after a refusal,
  // so the job's 270 write units cannot fit in the quota's 120 by the machine being slow.
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock();
    harness = await startHarness(
      { taskMs: 20 },
      { clock, kvsQuota: { readUnitsPerMinute: 4000, writeUnitsPerMinute: 120 } },
    );
  });
  afterEach(async () => harness.close());

  it('waits for the quota and finishes with every row (failed before: the runner died and the job stayed RUNNING)', async () => {
    const job = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(2_000) });
    let refusals = 0;
    let runnersEnded = 0;
    for (let waited = 0; waited < 30_000; waited += 100) {
      const { status } = await harness.call('getJob', { jobId: job.id });
      if (status === 'SUCCEEDED' || status === 'FAILED') break;
      const refused = harness.runtime.kvsUsage().refused.write;
      const { delivered } = harness.runtime.queueStats();
      // Events due now run; once a runner refused by the quota has handed over (ended), its minute passes.
      const handedOver = refused > refusals && delivered > runnersEnded;
      await clock.advance(handedOver ? 60_000 : 0);
      if (handedOver) [refusals, runnersEnded] = [refused, delivered];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const view = await harness.waitForJob(job.id, 1_000);
    expect(view).toMatchObject({ status: 'SUCCEEDED', progress: { succeeded: 2_000, failed: 0 } });
    expect(refusals).toBeGreaterThan(0);
    expect(harness.emulator.state().organizations).toHaveLength(2_000);
  });

  it("answers a call refused by the quota in the admin's words", async () => {
    // Parts of about 200 KB are 20 write units each: the seventh within the minute passes the quota of 120.
    const text = 'x'.repeat(190_000);
    const answers = [];
    for (let part = 0; part < 8; part += 1)
      answers.push(
        await harness.raw('uploadPart', { uploadId: 'up-quota', part, parts: 8, fileHash: 'f'.repeat(16), text }),
      );
    expect(answers.find((answer) => !answer.ok)).toEqual({
      ok: false,
      code: 'INTERNAL',
      message: expect.stringMatching(
        /^Forge's storage limit for this site .* was reached\. Nothing was lost; try again/,
      ),
    });
  });
});

/**
 * [docs] Forge delivers a runner event again after its consumer threw, for up to 24 hours (local/PLATFORM_RULES.md,
 * Async events): the job goes on from the redelivered event, without the watchdog, and sends no row twice. A write
 * storage refuses for good (a value over its limit) is not passing: the job stops as FAILED with the reason, not
 * RUNNING for ever, and stops writing.
 */
describe('a runner whose invocation throws, or whose job storage refuses to save', () => {
  let harness: EngineHarness;
  afterEach(async () => harness.close());

  /** Storage answers `fault` to the `nth` save of the job's record (a transaction naming it), once; counts the saves. */
  function failingSave(nth: number, fault: { status: number; code: string; message: string }) {
    const saves = { count: 0 };
    const storageFault = (path: string, body: string | undefined) =>
      path === '/api/v1/transaction' && body?.includes('job-meta:') && ++saves.count === nth ? fault : undefined;
    return { saves, storageFault };
  }

  it('goes on from the redelivered event and sends every row once', async () => {
    // The third save fails with a 500: the runner throws.
    const { storageFault } = failingSave(3, {
      status: 500,
      code: 'INTERNAL_SERVER_ERROR',
      message: 'An internal server error has occurred',
    });
    harness = await startHarness({ taskMs: 20 }, { timeScale: 0.01, storageFault });
    const job = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(2_000) });
    const view = await harness.waitForJob(job.id, 30_000);
    expect(view).toMatchObject({ status: 'SUCCEEDED', progress: { succeeded: 2_000 } });
    expect(harness.runtime.queueStats().redelivered).toBe(1);
    const names = harness.emulator.state().organizations.map((organization) => organization.name);
    expect(new Set(names).size).toBe(2_000);
    expect(names).toHaveLength(2_000);
  });

  it('fails a job with the reason when storage refuses a write for good, never leaving it RUNNING', async () => {
    // The fourth save is refused as too large.
    const { saves, storageFault } = failingSave(4, {
      status: 400,
      code: 'MAX_SIZE',
      message: 'The value is too large.',
    });
    harness = await startHarness({ taskMs: 20 }, { storageFault });
    const started = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(2_000) });
    const view = await harness.waitForJob(started.id, 60_000);
    expect(view.status).toBe('FAILED');
    expect(view.lastError).toMatch(/could not be saved.*MAX_SIZE/);
    expect(saves.count).toBeGreaterThanOrEqual(5);
    expect(writeRequests(harness.emulator.stats())).toBeLessThan(20);
  }, 90_000);
});
