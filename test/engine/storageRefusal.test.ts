import { startHarness, writeRequests, type EngineHarness } from './harness';

/**
 * The engine when Forge storage refuses a write for good (PLATFORM_RULES.md, Forge KVS: a value over its limit is
 * refused): the job stops as FAILED with the reason, not RUNNING for ever, and stops writing.
 */
describe('a job storage refuses to save', () => {
  let harness: EngineHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('fails a job with the reason when storage refuses a write for good, never leaving it RUNNING', async () => {
    let jobWrites = 0;
    harness = await startHarness(
      { taskMs: 20 },
      {
        // The fourth write of a job record (inside a transaction) is refused as too large, once.
        storageFault: (path, body) =>
          path === '/api/v1/transaction' && body?.includes('job-meta:') && ++jobWrites === 4
            ? { status: 400, code: 'MAX_SIZE', message: 'The value is too large.' }
            : undefined,
      },
    );
    const started = await harness.call('startJob', { kind: 'profiles', text: profiles(2_000) });
    const view = await harness.waitForJob(started.id, 60_000);
    expect(view.status).toBe('FAILED');
    expect(view.lastError).toMatch(/could not be saved.*MAX_SIZE/);
    expect(jobWrites).toBeGreaterThanOrEqual(5);
    expect(writeRequests(harness.emulator.stats())).toBeLessThan(20);
  }, 90_000);
});

function profiles(count: number): string {
  return ['Organization Name', ...Array.from({ length: count }, (_, i) => `Org ${i}`)].join('\n');
}
