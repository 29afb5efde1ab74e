import { largestValue, storedAfterOrganizationsJob, VALUE_MAX_BYTES } from '../platform/storedValues';

/**
 * The full size, under `npm run test:reliability` only (RELIABILITY_ROWS set): a 100,000-row organizations job, 2,000
 * requests, to its end within Forge storage's limits. npm test checks the same at 2,000 and 20,000 rows, that no
 * stored value grows with the job (test/platform/storage.test.ts).
 */
const whenReliability = process.env.RELIABILITY_ROWS ? describe : describe.skip;

whenReliability('a 100,000-row job within Forge storage limits', () => {
  it('runs a 100,000-row organizations job (2,000 requests) to the end, no stored value near 240 KiB', async () => {
    const { dump, organizations } = await storedAfterOrganizationsJob(100_000, 240_000);
    expect(organizations).toHaveLength(100_000);
    expect(new Set(organizations).size).toBe(100_000);
    expect(largestValue(dump).bytes).toBeLessThan(VALUE_MAX_BYTES / 2);
  }, 300_000);
});
