import { BULK_PROFILES, profilesCsv, startHarness, writeRequests, type EngineHarness } from './harness';

const DETAILS_BULK = 'POST /jsm/csm/api/v1/organization/details/bulk';

/**
 * Issue 14: a job compares each request's organizations with the site just before sending it and leaves out the
 * rows that would change nothing; what the others replace is stored for an undo.
 */
describe('only what changes is sent', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('applies the same file twice: the second job sends no write request and reports every row unchanged', async () => {
    harness = await startHarness({ taskMs: 20 });
    const csv = profilesCsv(249);
    const first = await harness.waitForJob((await harness.call('startJob', { kind: 'profiles', text: csv })).id);
    expect(first).toMatchObject({ status: 'SUCCEEDED', progress: { succeeded: 249, unchanged: 0 } });
    const writesAfterFirst = writeRequests(harness.emulator.stats());
    expect(writesAfterFirst).toBe(3);

    const second = await harness.waitForJob((await harness.call('startJob', { kind: 'profiles', text: csv })).id);
    expect(second).toMatchObject({
      status: 'SUCCEEDED',
      progress: { total: 249, succeeded: 0, failed: 0, unchanged: 249, pending: 0, sent: 0 },
    });
    expect(writeRequests(harness.emulator.stats())).toBe(writesAfterFirst);
  });

  it('sends only the changed rows of a file in which one row in ten changed', async () => {
    harness = await startHarness({ taskMs: 20 });
    await harness.waitForJob((await harness.call('startJob', { kind: 'profiles', text: profilesCsv(300) })).id);
    const requestsBefore = writeRequests(harness.emulator.stats());
    const changed = profilesCsv(300, (i) =>
      i % 10 === 0 ? 'LATAM' : ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'][i % 5],
    );
    const job = await harness.waitForJob((await harness.call('startJob', { kind: 'profiles', text: changed })).id);
    // Rows 0, 10, 20, … had AMER (i % 5 = 0): each of the 30 now says LATAM.
    expect(job).toMatchObject({ status: 'SUCCEEDED', progress: { succeeded: 30, unchanged: 270 } });
    // The 30 rows came from 3 planned requests of 100: they go out together, in one (through the details endpoint:
    // each changes one value of an organization that exists).
    expect(writeRequests(harness.emulator.stats()) - requestsBefore).toBe(1);
    const org10 = harness.emulator.state().organizations.find((org) => org.name === 'Org 00010');
    expect(org10?.details.Region).toEqual(['LATAM']);
  });

  it('sends one changed detail value of each of 1,000 existing organizations in one details request', async () => {
    harness = await startHarness({ taskMs: 20 });
    await harness.waitForJob((await harness.call('startJob', { kind: 'profiles', text: profilesCsv(1_000) })).id);
    const before = harness.emulator.stats().requests;
    const writesBefore = writeRequests(harness.emulator.stats());
    // Every Region moves one along the list: one field of each organization changes, the phone numbers do not.
    const regions = ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'];
    const job = await harness.waitForJob(
      (await harness.call('startJob', { kind: 'profiles', text: profilesCsv(1_000, (i) => regions[(i + 1) % 5]) })).id,
    );
    expect(job).toMatchObject({ status: 'SUCCEEDED', progress: { succeeded: 1_000, failed: 0, unchanged: 0 } });
    const after = harness.emulator.stats().requests;
    expect(writeRequests(harness.emulator.stats()) - writesBefore).toBeLessThanOrEqual(2);
    expect(after[DETAILS_BULK] - (before[DETAILS_BULK] ?? 0)).toBe(1);
    expect(after[BULK_PROFILES] - before[BULK_PROFILES]).toBe(0);
    const org7 = harness.emulator.state().organizations.find((org) => org.name === 'Org 00007');
    expect(org7?.details).toEqual({ Region: ['EMEA'], 'Phone Number': ['+1 555 0007'] });
  });

  it('sends every row again when the admin asks for it (sendAll)', async () => {
    harness = await startHarness({ taskMs: 20 });
    const csv = profilesCsv(120);
    await harness.waitForJob((await harness.call('startJob', { kind: 'profiles', text: csv })).id);
    const before = writeRequests(harness.emulator.stats());
    const again = await harness.waitForJob(
      (await harness.call('startJob', { kind: 'profiles', text: csv, sendAll: true })).id,
    );
    expect(again).toMatchObject({ status: 'SUCCEEDED', progress: { succeeded: 120, unchanged: 0 } });
    expect(writeRequests(harness.emulator.stats()) - before).toBe(2);
  });
});
