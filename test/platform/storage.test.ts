import { fileSource } from '../../local/cli/bulkApply';
import { startHarness, type EngineHarness } from '../engine/harness';
import { LINES_PER_PAGE } from '../../src/domain/job';
import { largestValue, storedAfterOrganizationsJob, VALUE_MAX_BYTES } from './storedValues';

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

  it('keeps the largest stored value the same size whether a job has 5,000 or 20,000 rows (no value grows with the job)', async () => {
    // 5,000 rows are 100 requests: the first page of the job's request lines (LINES_PER_PAGE) is full, as it is at any
    // larger size; at 2,000 rows it is not, and the largest value is that part-filled page.
    const small = await storedAfterOrganizationsJob(LINES_PER_PAGE * 50, 60_000);
    const large = await storedAfterOrganizationsJob(20_000, 120_000);
    expect(new Set(large.organizations).size).toBe(20_000);
    // Four times the rows, four times the requests: not one byte more in the largest value. The full 100,000 rows run
    // under npm run test:reliability (test/reliability/storageScale.test.ts).
    const [smallest, largest] = [largestValue(small.dump), largestValue(large.dump)];
    expect(largest.bytes).toBe(smallest.bytes);
    expect(largest.bytes).toBeLessThan(VALUE_MAX_BYTES / 2);
    expect(Object.keys(large.dump).length).toBeGreaterThan(Object.keys(small.dump).length);
  }, 180_000);

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
});
