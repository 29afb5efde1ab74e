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
    const csv = ['Organization Name,Operation', ...Array.from({ length: 30 }, (_, i) => `Ghost ${i},UPDATE`)].join(
      '\n',
    );
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
    expect(confirmed).toMatchObject({ retryOf: old.id, existing: false });
  });
});
