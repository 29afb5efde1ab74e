import { profilesCsv, startHarness, type EngineHarness } from './harness';

/**
 * Forge's storage quota per installation (local/PLATFORM_RULES.md, Storage: 4,000 reads and 4,000 writes a minute in
 * 10 KB units, 429 RATE_LIMIT_EXCEEDED past it). Here the write quota is small, so that a 2,000-row job (about 270
 * write units) spends it several times over; the minute and the event delays are a hundredth of real ones.
 */
describe("a job that spends the site's storage quota", () => {
  let harness: EngineHarness;
  beforeEach(async () => {
    harness = await startHarness(
      { taskMs: 20 },
      { timeScale: 0.01, kvsQuota: { readUnitsPerMinute: 4000, writeUnitsPerMinute: 120 } },
    );
  });
  afterEach(async () => harness.close());

  it('waits for the quota and finishes with every row (failed before: the runner died and the job stayed RUNNING)', async () => {
    const job = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(2_000) });
    const view = await harness.waitForJob(job.id, 30_000);
    expect(view).toMatchObject({ status: 'SUCCEEDED', progress: { succeeded: 2_000, failed: 0 } });
    expect(harness.runtime.kvsUsage().refused.write).toBeGreaterThan(0);
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
