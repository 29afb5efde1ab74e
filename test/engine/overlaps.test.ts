import { profilesCsv, startHarness, writeRequests, type EngineHarness } from './harness';

/** The job-orgs records of one job, straight from storage (the dump: a query would not see them for a moment). */
function organizationRecords(harness: EngineHarness, jobId: string): number {
  return Object.keys(harness.runtime.kvsDump()).filter((key) => key.startsWith(`job-orgs:${jobId}:`)).length;
}

describe('two jobs on the same organizations', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('refuses to start a second job on organizations an unfinished job changes, naming the job and the rows', async () => {
    harness = await startHarness({ taskMs: 400 });
    const first = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(300), fileName: 'regions.csv' });
    expect(organizationRecords(harness, first.id)).toBeGreaterThan(0);

    // Rows 3 and 5 of this file name organizations the first job is changing (Org 00007, Org 00123).
    const second = [
      'Organization Name,Region',
      'Fresh One,EMEA',
      'Org 00007,APAC',
      'Fresh Two,EMEA',
      'Org 00123,LATAM',
    ].join('\n');
    const preview = await harness.call('previewImport', { kind: 'profiles', text: second });
    expect(preview.overlaps).toEqual([
      expect.objectContaining({ jobId: first.id, fileName: 'regions.csv', rows: [3, 5], rowCount: 2 }),
    ]);

    const writes = writeRequests(harness.emulator.stats());
    const refused = await harness.raw('startJob', { kind: 'profiles', text: second });
    expect(refused).toMatchObject({
      ok: false,
      code: 'OVERLAP',
      message: expect.stringContaining(`job ${first.id} (regions.csv) is changing organizations of rows 3, 5`),
    });
    expect((await harness.call('listJobs', {})).jobs).toHaveLength(1);

    // A file with no organization in common starts at once.
    const apart = await harness.call('startJob', {
      kind: 'profiles',
      text: 'Organization Name,Region\nElsewhere,EMEA',
    });
    expect(apart.status).not.toBe('FAILED');

    // The admin may start it anyway.
    const anyway = await harness.call('startJob', { kind: 'profiles', text: second, allowOverlap: true });
    await harness.waitForJob(first.id);
    await harness.waitForJob(anyway.id);
    await harness.waitForJob(apart.id);
    expect(writeRequests(harness.emulator.stats())).toBeGreaterThan(writes);

    // An ended job's organizations are no longer looked at (and no longer stored).
    expect(organizationRecords(harness, first.id)).toBe(0);
    const later = await harness.call('previewImport', { kind: 'profiles', text: second });
    expect(later.overlaps).toEqual([]);
    await expect(harness.call('startJob', { kind: 'profiles', text: second })).resolves.toMatchObject({
      kind: 'profiles',
    });
  });

  it('sees a detail-values job and a profile job on one organization id as overlapping', async () => {
    harness = await startHarness({ taskMs: 400 });
    const created = await harness.call('startJob', { kind: 'profiles', text: 'Organization Name,Region\nAcme,EMEA' });
    await harness.waitForJob(created.id);
    const acme = harness.emulator.state().organizations.find((org) => org.name === 'Acme')!;
    const details = await harness.call('startJob', {
      kind: 'details',
      text: `Organization ID,Field,Values\n${acme.id},Region,APAC`,
    });
    const refused = await harness.raw('startJob', {
      kind: 'profiles',
      text: `Organization ID,Organization Name,Region\n${acme.id},Acme,LATAM`,
    });
    expect(refused).toMatchObject({ ok: false, code: 'OVERLAP', message: expect.stringContaining(details.id) });
    await harness.waitForJob(details.id);
  });
});
