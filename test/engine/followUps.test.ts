import { kvs } from '@forge/kvs';
import { isFinal } from '../../src/domain/job';
import { profilesCsv, startHarness, writeRequests, type EngineHarness } from './harness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('cancel, resume and retry', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('sends nothing new once a cancel is stored, and sends exactly the rows not sent when resumed, once', async () => {
    harness = await startHarness({ taskMs: 120 });
    const job = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(3_000) });
    while (harness.emulator.state().tasks.length < 6) await sleep(5);
    await harness.call('cancelJob', { jobId: job.id });
    const sentAtCancel = (await harness.call('getJob', { jobId: job.id })).progress.sent;
    const cancelled = await harness.waitForJob(job.id);
    expect(cancelled.status).toBe('CANCELLED');
    // Chunks claimed before the cancel are still sent (CSM may already have them); a claim that had looked at the
    // cancel just before it was stored may add one chunk; no other claim is made.
    const sent = cancelled.progress.sent;
    expect(sent - sentAtCancel).toBeLessThanOrEqual(100);
    expect(harness.emulator.state().tasks.length).toBe(sent / 100);
    expect(cancelled.progress.notSent).toBe(3_000 - sent);

    const [resumed, again] = await Promise.all([
      harness.call('resumeJob', { jobId: job.id }),
      harness.call('resumeJob', { jobId: job.id }),
    ]);
    expect(again.id).toBe(resumed.id);
    expect(resumed.progress.total).toBe(3_000 - sent);
    expect(resumed.resumeOf).toBe(job.id);
    const done = await harness.waitForJob(resumed.id);
    expect(done.status).toBe('SUCCEEDED');
    const names = harness.emulator.state().organizations.map((org) => org.name);
    expect(names).toHaveLength(3_000);
    expect(new Set(names).size).toBe(3_000);
    expect((await harness.call('getJob', { jobId: job.id })).resumedBy).toBe(resumed.id);
    expect((await harness.call('resumeJob', { jobId: job.id })).id).toBe(resumed.id);
  });

  it('makes one retry of a job however often it is asked, and asks before sending rows older than a day', async () => {
    harness = await startHarness({ taskMs: 20 });
    const names = (prefix: string) => Array.from({ length: 30 }, (_, i) => `${prefix} ${i}`);
    const csv = ['Organization Name,Operation', ...names('Ghost').map((name) => `${name},CREATE`)].join('\n');
    // Every row times out in CSM once: worth sending again.
    const timeOut = (prefix: string) =>
      harness.emulator.setState({
        ...harness.emulator.state(),
        rowFaults: names(prefix).map((organization) => ({ organization })),
      });
    timeOut('Ghost');
    const job = await harness.call('startJob', { kind: 'profiles', text: csv });
    const failed = await harness.waitForJob(job.id);
    expect(failed).toMatchObject({ status: 'FAILED', failuresTotal: 30 });

    const clicks = await Promise.all([1, 2, 3].map(() => harness.call('retryFailed', { jobId: job.id })));
    expect(new Set(clicks.map((retry) => retry.id)).size).toBe(1);
    expect(clicks.filter((retry) => !retry.existing)).toHaveLength(1);
    const retried = await harness.waitForJob(clicks[0].id);
    expect(retried.progress.total).toBe(30);
    expect((await harness.call('getJob', { jobId: job.id })).retriedBy).toBe(clicks[0].id);
    const writes = writeRequests(harness.emulator.stats());
    expect((await harness.call('retryFailed', { jobId: job.id })).id).toBe(clicks[0].id);
    expect(writeRequests(harness.emulator.stats())).toBe(writes);
    expect(isFinal(retried.status)).toBe(true);

    // Two days on: the failed rows of an old job are not sent again unless the admin says so.
    timeOut('Phantom');
    const old = await harness.call('startJob', { kind: 'profiles', text: csv.replace(/Ghost/g, 'Phantom') });
    await harness.waitForJob(old.id);
    const record = (await kvs.get<{ finishedAt: number }>(`job-meta:${old.id}`))!;
    await kvs.set(`job-meta:${old.id}`, { ...record, finishedAt: record.finishedAt - 2 * 86_400_000 });
    const asked = await harness.raw('retryFailed', { jobId: old.id });
    expect(asked).toMatchObject({
      ok: false,
      code: 'NEEDS_CONFIRMATION',
      message: expect.stringMatching(/30 failed rows .* 2 days ago/),
    });
    const confirmed = await harness.call('retryFailed', { jobId: old.id, confirmStale: true });
    expect(confirmed).toMatchObject({ retryOf: old.id, existing: false, leftOut: 0 });
  });

  it('retries only the rows that failed for a passing reason, and says how many were left out and why', async () => {
    harness = await startHarness({ taskMs: 20 });
    harness.emulator.setState({
      ...harness.emulator.state(),
      organizations: [{ id: '1', name: 'Taken', details: {}, customerIds: [], productIds: [] }],
      // The Busy rows time out in CSM once (names matched ignoring case); Ghost is not there, Taken exists already.
      rowFaults: [{ organization: 'Busy 1' }, { organization: 'busy 2' }, { organization: 'Busy 3', times: 1 }],
    });
    const csv = [
      'Organization Name,Operation,Region',
      'Busy 1,CREATE,EMEA',
      'Ghost,UPDATE,APAC',
      'Busy 2,UPSERT,APAC',
      'Taken,CREATE,EMEA',
      'Fine,CREATE,AMER',
      'Busy 3,CREATE,',
    ].join('\n');
    const job = await harness.call('startJob', { kind: 'profiles', text: csv });
    const ended = await harness.waitForJob(job.id);
    expect(ended).toMatchObject({ status: 'PARTIAL', failuresTotal: 5, failuresRetryable: 3 });
    const byName = new Map(ended.failures.map((failure) => [failure.name, failure]));
    expect([...byName.keys()].sort()).toEqual(['Busy 1', 'Busy 2', 'Busy 3', 'Ghost', 'Taken']);
    expect(byName.get('Busy 1')).toMatchObject({ row: 2, retryable: true, error: expect.stringMatching(/Timed out/) });
    expect(byName.get('Busy 2')?.retryable).toBe(true);
    expect(byName.get('Busy 3')?.retryable).toBe(true);
    expect(byName.get('Ghost')).toMatchObject({ row: 3, retryable: false, error: expect.stringMatching(/not found/i) });
    expect(byName.get('Taken')).toMatchObject({ row: 5, retryable: false, error: expect.stringMatching(/exists/) });

    const rowsReceived = () =>
      harness.emulator.state().tasks.reduce((sum, task) => sum + (task.items as unknown[]).length, 0);
    expect(rowsReceived()).toBe(6);
    const retry = await harness.call('retryFailed', { jobId: job.id });
    expect(retry).toMatchObject({ retryOf: job.id, existing: false, leftOut: 2, progress: { total: 3 } });
    expect(retry.leftOutMessage).toMatch(/^2 failed rows left out: CSM refused them for what they hold/);
    expect(retry.leftOutMessage).toMatch(/failed-rows file/);
    const retried = await harness.waitForJob(retry.id);
    expect(retried).toMatchObject({ status: 'SUCCEEDED', progress: { total: 3, succeeded: 3 } });
    // The emulator received exactly the three passing rows again, with their row numbers kept.
    expect(rowsReceived()).toBe(9);
    const resent = harness.emulator
      .state()
      .tasks.slice(-1)
      .flatMap((task) => (task.items as { payload: { name: string } }[]).map((item) => item.payload.name));
    expect(resent.sort()).toEqual(['Busy 1', 'Busy 2', 'Busy 3']);
    const organizations = harness.emulator.state().organizations.map((org) => org.name);
    expect(organizations.sort()).toEqual(['Busy 1', 'Busy 2', 'Busy 3', 'Fine', 'Taken']);
    // Asked again, the answer still says what was left out.
    expect(await harness.call('retryFailed', { jobId: job.id })).toMatchObject({
      id: retry.id,
      existing: true,
      leftOut: 2,
    });
  });

  it('has nothing to retry when every failed row was refused for what it holds, and says to fix them', async () => {
    harness = await startHarness({ taskMs: 20 });
    const csv = ['Organization Name,Operation', 'Ghost 1,UPDATE', 'Ghost 2,UPDATE'].join('\n');
    const job = await harness.call('startJob', { kind: 'profiles', text: csv });
    const ended = await harness.waitForJob(job.id);
    expect(ended).toMatchObject({ status: 'FAILED', failuresTotal: 2, failuresRetryable: 0 });
    expect(ended.failures.map((failure) => failure.retryable)).toEqual([false, false]);
    const writes = writeRequests(harness.emulator.stats());
    const answer = await harness.raw('retryFailed', { jobId: job.id });
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    if (answer.ok) return;
    expect(answer.message).toMatch(/^Nothing to retry: the job's 2 failed rows need fixing, not sending again\./);
    expect(answer.message).toMatch(/Download the failed-rows file, correct the values/);
    expect(writeRequests(harness.emulator.stats())).toBe(writes);
    expect((await harness.call('getJob', { jobId: job.id })).retriedBy).toBeUndefined();
  });
});
