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
    // Listed by id, from the job's ledger; deleted by one delete job of exactly those ids.
    const listed = await harness.call('listCreated', { jobId: job.id });
    expect(listed.total).toBe(10);
    expect(listed.organizations.map((org) => org.name)).toEqual(Array.from({ length: 10 }, (_, i) => `New ${i}`));
    const createdIds = new Set(harness.emulator.state().organizations.map((org) => org.id));
    for (const org of before) createdIds.delete(org.id);
    expect(new Set(listed.organizations.map((org) => org.id))).toEqual(createdIds);
    const deleting = await harness.call('deleteCreated', { jobId: job.id, confirm: true });
    expect(deleting).toMatchObject({ kind: 'deletions', deleteOf: job.id, existing: false, leftOut: 0 });
    const deleted = await harness.waitForJob(deleting.id);
    expect(deleted).toMatchObject({ status: 'SUCCEEDED', ledger: { rows: 10, deleted: 10, failed: 0 } });
    expect(
      harness.emulator
        .state()
        .organizations.map(({ id, name, details }) => ({ id, name, details }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual([...before].sort((a, b) => a.id.localeCompare(b.id)));
    // Asked again: the delete job started first answers, and nothing more is sent.
    expect(await harness.call('deleteCreated', { jobId: job.id, confirm: true })).toMatchObject({
      id: deleting.id,
      existing: true,
    });
    expect((await harness.call('getJob', { jobId: job.id })).deletedBy).toBe(deleting.id);

    // Once per job: asked again, the same undo job answers.
    const askedAgain = await harness.call('undoJob', { jobId: job.id });
    expect(askedAgain).toMatchObject({ id: undo.id, existing: true, leftOut: 10 });
    expect((await harness.call('getJob', { jobId: job.id })).undoneBy).toBe(undo.id);
  });

  it('holds back organizations changed again after the job, says what they hold now, and restores them when retried', async () => {
    harness = await startHarness({ taskMs: 20 });
    await harness.waitForJob((await harness.call('startJob', { kind: 'profiles', text: profilesCsv(30) })).id);
    const before = harness.emulator.state().organizations.map(({ id, name, details }) => ({ id, name, details }));
    // The job renames 10 and sets Region (and Phone Number) on 20.
    const lines = ['Organization ID,Organization Name,Region,Phone Number'];
    before
      .slice(0, 30)
      .forEach((org, i) =>
        lines.push([org.id, i < 10 ? `Renamed ${i}` : org.name, 'LATAM', org.details['Phone Number'][0]].join(',')),
      );
    const job = await harness.waitForJob(
      (await harness.call('startJob', { kind: 'profiles', text: lines.join('\n') })).id,
    );
    expect(job.status).toBe('SUCCEEDED');

    // Since the job: one renamed again; one given another Region; one given the Region it had before the job (the
    // undo would set that anyway); a renamed one's Phone Number changed (its row set it too, to the same value, so
    // the undo would put it back); another's Phone Number changed (its row only changed the Region: it went as a
    // details operation, and the undo leaves its Phone Number alone).
    const changedAfter = harness.emulator.state();
    const org = (i: number) => changedAfter.organizations.find((o) => o.id === before[i].id)!;
    org(0).name = 'Renamed again';
    org(12).details = { ...org(12).details, Region: ['APAC'] };
    org(13).details = { ...org(13).details, Region: before[13].details.Region };
    org(5).details = { ...org(5).details, 'Phone Number': ['+1 555 0000'] };
    org(14).details = { ...org(14).details, 'Phone Number': ['+1 555 0014'] };
    harness.emulator.setState(changedAfter);

    const undo = await harness.call('undoJob', { jobId: job.id });
    const undone = await harness.waitForJob(undo.id);
    expect(undone.status).toBe('PARTIAL');
    expect(undone.progress).toMatchObject({ changedSince: 3, failed: 3 });
    const view = await harness.call('getJob', { jobId: undo.id });
    expect(view.failures.map((failure) => failure.id).sort()).toEqual(
      [before[0].id, before[5].id, before[12].id].sort(),
    );
    const byId = new Map(view.failures.map((failure) => [failure.id, failure.error]));
    expect(byId.get(before[0].id)).toMatch(/its name is now “Renamed again” \(the job set “Renamed 0”\)/);
    expect(byId.get(before[12].id)).toMatch(/Region is now “APAC” \(the job set “LATAM”\)/);
    expect(byId.get(before[5].id)).toMatch(/Phone Number is now “\+1 555 0000”/);
    expect(view.failuresRetryable).toBe(3);

    // Every other organization is as before the job; the three keep what they were given after it.
    const now = new Map(harness.emulator.state().organizations.map((o) => [o.id, o]));
    const given: Record<number, unknown> = {
      0: expect.objectContaining({ name: 'Renamed again' }),
      12: expect.objectContaining({ details: expect.objectContaining({ Region: ['APAC'] }) }),
      5: expect.objectContaining({ details: expect.objectContaining({ 'Phone Number': ['+1 555 0000'] }) }),
      14: expect.objectContaining({ details: expect.objectContaining({ 'Phone Number': ['+1 555 0014'] }) }),
    };
    const after = before.map((was) => {
      const is = now.get(was.id)!;
      return { id: is.id, name: is.name, details: is.details };
    });
    expect(after).toEqual(before.map((was, i) => given[i] ?? was));

    // Retried (the admin chose to restore them anyway): every organization is as before the job, but for the
    // Phone Number the job never touched.
    const retry = await harness.call('retryFailed', { jobId: undo.id });
    expect((await harness.waitForJob(retry.id)).status).toBe('SUCCEEDED');
    const restored = new Map(harness.emulator.state().organizations.map((o) => [o.id, o]));
    before.forEach((was, i) => {
      const is = restored.get(was.id)!;
      const expected = i === 14 ? { ...was.details, 'Phone Number': ['+1 555 0014'] } : was.details;
      expect({ id: is.id, name: is.name, details: is.details }).toEqual({ ...was, details: expected });
    });
  });

  it('a cancelled undo ends its held rows as failed rows, and its resume holds back changed organizations too', async () => {
    harness = await startHarness({ taskMs: 300 });
    await harness.call('saveSettings', { taskCap: 1 });
    await harness.waitForJob((await harness.call('startJob', { kind: 'profiles', text: profilesCsv(400) })).id);
    const before = harness.emulator.state().organizations.map(({ id, name, details }) => ({ id, name, details }));
    // Two values of each: the undo sends profiles, 100 to a request, in row order.
    const lines = ['Organization ID,Organization Name,Region,Phone Number'];
    before.forEach((org, i) =>
      lines.push([org.id, org.name, 'LATAM', `+44 20 7000 ${String(i).padStart(4, '0')}`].join(',')),
    );
    const job = await harness.waitForJob(
      (await harness.call('startJob', { kind: 'profiles', text: lines.join('\n') })).id,
    );
    expect(job.status).toBe('SUCCEEDED');
    // Changed again after the job: five in the undo's second request, five in its last.
    const state = harness.emulator.state();
    const changedAgain = [100, 101, 102, 103, 104, 300, 301, 302, 303, 304].map((i) => before[i].id);
    for (const org of state.organizations)
      if (changedAgain.includes(org.id)) org.details = { ...org.details, 'Phone Number': ['+1 555 0000'] };
    harness.emulator.setState(state);

    const undo = await harness.call('undoJob', { jobId: job.id });
    // One task at a time: the second request is compared while the first one's task runs; cancel then.
    for (let view = await harness.call('getJob', { jobId: undo.id }); view.progress.changedSince < 5;) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      view = await harness.call('getJob', { jobId: undo.id });
    }
    await harness.call('cancelJob', { jobId: undo.id });
    const cancelled = await harness.waitForJob(undo.id);
    expect(cancelled.status).toBe('CANCELLED');
    const { progress } = cancelled;
    // Held in the requests compared before the cancel took (sent or not): failed rows, never rows left pending.
    const heldFirst = cancelled.failures.map((failure) => failure.id);
    expect(heldFirst.length).toBeGreaterThanOrEqual(5);
    expect(progress).toMatchObject({ changedSince: heldFirst.length, failed: heldFirst.length, pending: 0 });
    expect(progress.succeeded + progress.failed + progress.unchanged + progress.notSent).toBe(400);
    expect(progress.notSent).toBeGreaterThan(0);

    // The rows not sent, sent by a resume: still the undo, so changed organizations among them are held back too.
    const resumed = await harness.call('resumeJob', { jobId: undo.id });
    expect(resumed.undoOf).toBe(job.id);
    const resumedEnd = await harness.waitForJob(resumed.id);
    const heldThen = resumedEnd.failures.map((failure) => failure.id);
    expect(resumedEnd.progress).toMatchObject({ changedSince: heldThen.length, failed: heldThen.length });
    expect([...heldFirst, ...heldThen].sort()).toEqual([...changedAgain].sort());
    const now = new Map(harness.emulator.state().organizations.map((org) => [org.id, org]));
    const changedMatch = expect.objectContaining({
      details: expect.objectContaining({ 'Phone Number': ['+1 555 0000'] }),
    });
    const after = before.map((was) => {
      const is = now.get(was.id)!;
      return { id: is.id, name: is.name, details: is.details };
    });
    expect(after).toEqual(before.map((was) => (changedAgain.includes(was.id) ? changedMatch : was)));
  });

  it('lists as created only the organizations its rows did create: not those whose row failed', async () => {
    harness = await startHarness({ taskMs: 20 });
    harness.emulator.setState({ ...harness.emulator.state(), rowFaults: [{ organization: 'Ghost' }] });
    const csv = ['Organization Name,Region', 'Alpha,EMEA', 'Ghost,APAC', 'Beta,AMER'].join('\n');
    const job = await harness.waitForJob((await harness.call('startJob', { kind: 'profiles', text: csv })).id);
    expect(job.status).toBe('PARTIAL');
    const listed = await harness.call('listCreated', { jobId: job.id });
    expect(listed.organizations.map((org) => org.name)).toEqual(['Alpha', 'Beta']);
    expect((await harness.call('getJob', { jobId: job.id })).ledger).toMatchObject({ rows: 3, created: 2, failed: 1 });
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
