import { profilesCsv, startHarness, writeRequests, type EngineHarness } from './harness';

/** Issue 14: a job's changes put back from what each row replaced, read just before it was sent. */
describe('undo a job', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('puts back the names and values a job replaced, in few requests; organizations it created stay and are counted', async () => {
    harness = await startHarness({ taskMs: 20 });
    await harness.waitForJob((await harness.call('startJob', { kind: 'profiles', text: profilesCsv(150) })).id);
    const before = harness.emulator.state().organizations.map(({ id, name, details }) => ({ id, name, details }));

    // 20 renamed, 40 with a new Region, 30 with a new Region and phone, 10 new ones.
    const lines = ['Organization ID,Organization Name,Region,Phone Number'];
    before.slice(0, 90).forEach((org, i) => {
      const region = i < 20 ? org.details.Region[0] : 'LATAM';
      const phone = i < 60 ? org.details['Phone Number'][0] : `+61 2 9000 ${String(i).padStart(4, '0')}`;
      lines.push([org.id, i < 20 ? `Renamed ${i}` : org.name, region, phone].join(','));
    });
    for (let i = 0; i < 10; i += 1) lines.push(`,New ${i},EMEA,+1 555 9${String(i).padStart(3, '0')}`);
    const job = await harness.waitForJob(
      (await harness.call('startJob', { kind: 'profiles', text: lines.join('\n') })).id,
    );
    expect(job.status).toBe('SUCCEEDED');
    expect(harness.emulator.state().organizations).toHaveLength(160);

    const writesBefore = writeRequests(harness.emulator.stats());
    const undo = await harness.call('undoJob', { jobId: job.id });
    expect(undo).toMatchObject({ undoOf: job.id, leftOut: 10 });
    expect(undo.leftOutMessage).toMatch(/10 organizations the job created stay/);
    const undone = await harness.waitForJob(undo.id);
    expect(undone.status).toBe('SUCCEEDED');
    // Put back: the 20 names and 30 two-field rows as profiles (1 request), the 40 one-value rows as details (1).
    expect(writeRequests(harness.emulator.stats()) - writesBefore).toBeLessThanOrEqual(2);
    const after = new Map(harness.emulator.state().organizations.map((org) => [org.id, org]));
    for (const org of before)
      expect({ id: org.id, name: after.get(org.id)?.name, details: after.get(org.id)?.details }).toEqual(org);
    expect(harness.emulator.state().organizations).toHaveLength(160);

    // The 10 it created are deleted when asked (and confirmed): the site is as it was before the job.
    const refused = await harness.raw('deleteCreated', { jobId: job.id });
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    const deleted = await harness.call('deleteCreated', { jobId: job.id, confirm: true });
    expect(deleted).toMatchObject({ total: 10, gone: 0 });
    expect(deleted.deleted).toHaveLength(10);
    expect(deleted.next).toBeUndefined();
    expect(
      harness.emulator
        .state()
        .organizations.map(({ id, name, details }) => ({ id, name, details }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual([...before].sort((a, b) => a.id.localeCompare(b.id)));
    expect(await harness.call('deleteCreated', { jobId: job.id, confirm: true })).toMatchObject({
      deleted: [],
      gone: 10,
    });

    // Once per job: asked again, the same undo job answers.
    const askedAgain = await harness.call('undoJob', { jobId: job.id });
    expect(askedAgain).toMatchObject({ id: undo.id, existing: true, leftOut: 10 });
    expect((await harness.call('getJob', { jobId: job.id })).undoneBy).toBe(undo.id);
  });

  it('says there is nothing to undo for a job that only created organizations', async () => {
    harness = await startHarness({ taskMs: 20 });
    const job = await harness.waitForJob(
      (await harness.call('startJob', { kind: 'profiles', text: profilesCsv(5) })).id,
    );
    const answer = await harness.raw('undoJob', { jobId: job.id });
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(String((answer as { message?: string }).message)).toMatch(/nothing to put back/);
  });
});
