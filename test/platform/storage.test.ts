import { fileSource } from '../../local/cli/bulkApply';
import { startHarness, writeRequests, type EngineHarness } from '../engine/harness';

const VALUE_MAX_BYTES = 240 * 1024;

function largestValue(dump: Record<string, unknown>): { key: string; bytes: number } {
  let largest = { key: '', bytes: 0 };
  for (const [key, value] of Object.entries(dump)) {
    const bytes = Buffer.byteLength(JSON.stringify(value));
    if (bytes > largest.bytes) largest = { key, bytes };
  }
  return largest;
}

/**
 * PLATFORM_RULES.md, Forge KVS: a value holds at most 240 KiB, a batch 25 items and 4 MB. The local KVS refuses
 * more, as Forge does; these jobs would pass the limits if the app let a stored value grow with the job.
 */
describe('jobs within Forge storage limits', () => {
  let harness: EngineHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('runs a 100,000-row organizations job (2,000 requests) to the end, no stored value near 240 KiB', async () => {
    harness = await startHarness({ taskMs: 1, jitter: 0, maxActiveTasks: 50 });
    await harness.call('saveSettings', { taskCap: 10 });
    const lines = ['Organization Name'];
    for (let i = 0; i < 100_000; i += 1) lines.push(`Org ${String(i).padStart(6, '0')}`);
    const started = await harness.call('startJob', {
      kind: 'organizations',
      ...(await fileSource(harness.runtime, lines.join('\n'))),
    });
    const view = await harness.waitForJob(started.id, 240_000);
    expect(view).toMatchObject({
      status: 'SUCCEEDED',
      progress: { total: 100_000, succeeded: 100_000, chunks: 2_000 },
    });
    const names = harness.emulator.state().organizations.map((org) => org.name);
    expect(names).toHaveLength(100_000);
    expect(new Set(names).size).toBe(100_000);
    const largest = largestValue(harness.runtime.kvsDump());
    expect(largest.bytes).toBeLessThan(VALUE_MAX_BYTES / 2);
  }, 300_000);

  it('stores the requests of a job whose every request is near 200 KB: batches stay within 25 items and 4 MB', async () => {
    const notes = Array.from({ length: 9 }, (_, i) => `Note ${i + 1}`);
    harness = await startHarness({ taskMs: 20, detailFields: notes.map((name) => ({ name, type: 'TEXT' })) });
    const lines = [['Organization Name', ...notes].join(',')];
    // About 2.4 KB a row: a request of profiles fills its 200,000 bytes at about 80 rows, so 2,400 rows make 30.
    for (let i = 0; i < 2_400; i += 1)
      lines.push([`Org ${i}`, ...notes.map((_, n) => `${n}${i}`.padEnd(255, 'x'))].join(','));
    const started = await harness.call('startJob', {
      kind: 'profiles',
      ...(await fileSource(harness.runtime, lines.join('\n'))),
    });
    expect(started.progress.chunks).toBeGreaterThanOrEqual(26);
    const view = await harness.waitForJob(started.id, 120_000);
    expect(view).toMatchObject({ status: 'SUCCEEDED', progress: { succeeded: 2_400 } });
    expect(largestValue(harness.runtime.kvsDump()).bytes).toBeLessThan(VALUE_MAX_BYTES);
  }, 180_000);

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
