import { kvs } from '@forge/kvs';
import { profilesCsv, startHarness, writeRequests, type EngineHarness } from '../engine/harness';

const CLAIMS = 'sync-run-claim';
const claimKey = (planId: string) => `sync-claim:${planId}`;

async function historyOf(harness: EngineHarness, planId: string) {
  const { plans } = await harness.call('listSyncPlans', {});
  return plans.find((plan) => plan.id === planId)?.history ?? [];
}

async function syncJobs(harness: EngineHarness) {
  const { jobs } = await harness.call('listJobs', { limit: 100 });
  return jobs.filter((job) => job.fileName?.startsWith('sync: '));
}

async function waitForSettled(harness: EngineHarness, planId: string) {
  for (let i = 0; i < 400; i += 1) {
    const history = await historyOf(harness, planId);
    if (!history.some((run) => run.status === 'RUNNING')) return history;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run did not settle');
}

describe('sync runs once at a time per plan', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('two concurrent "Run now" of one plan start one job; the other answers that a run is going', async () => {
    harness = await startHarness();
    const plan = await harness.call('saveSyncPlan', {
      name: 'CRM export',
      source: { kind: 'file', text: profilesCsv(500) },
    });
    const answers = await Promise.all([
      harness.raw('runSyncNow', { planId: plan.id }),
      harness.raw('runSyncNow', { planId: plan.id }),
    ]);
    const started = answers.filter((answer) => answer.ok);
    const refused = answers.filter((answer) => !answer.ok);
    expect(started).toHaveLength(1);
    expect(refused).toEqual([
      {
        ok: false,
        code: 'RUN_GOING',
        message: expect.stringMatching(/A run of the sync plan "CRM export" is going .*no second run was started/),
        problems: [{ since: expect.any(Number) }],
      },
    ]);
    expect(await syncJobs(harness)).toHaveLength(1);
    const jobId = started[0].ok ? started[0].data.run.jobId! : '';
    await harness.waitForJob(jobId);
    const history = await waitForSettled(harness, plan.id);
    expect(history).toEqual([expect.objectContaining({ jobId, status: 'APPLIED', changed: 500, succeeded: 500 })]);
    expect(harness.emulator.state().organizations).toHaveLength(500);

    // Ended and settled: the claim is given back, and the next run goes (nothing changed, so no job).
    const next = await harness.call('runSyncNow', { planId: plan.id });
    expect(next.run).toMatchObject({ status: 'UNCHANGED', changed: 0 });
  });

  it('a run while the job of the last one goes on answers that a run is going; once it ends, the next one runs', async () => {
    harness = await startHarness({ taskMs: 300 });
    const plan = await harness.call('saveSyncPlan', { name: 'CRM', source: { kind: 'file', text: profilesCsv(120) } });
    const first = await harness.call('runSyncNow', { planId: plan.id });
    expect(first.started).toBe(true);
    const second = await harness.raw('runSyncNow', { planId: plan.id });
    expect(second).toMatchObject({ ok: false, code: 'RUN_GOING', message: expect.stringContaining(first.run.jobId!) });
    await harness.waitForJob(first.run.jobId!);
    const third = await harness.call('runSyncNow', { planId: plan.id });
    expect(third.run).toMatchObject({ status: 'UNCHANGED', changed: 0 });
    expect(await syncJobs(harness)).toHaveLength(1);
    expect((await historyOf(harness, plan.id)).map((run) => run.status)).toEqual(['UNCHANGED', 'APPLIED']);
  });

  it('the same scheduled event delivered twice starts one job', async () => {
    harness = await startHarness({ taskMs: 200 });
    const plan = await harness.call('saveSyncPlan', {
      name: 'hourly',
      schedule: { every: 'hour' },
      source: { kind: 'file', text: profilesCsv(120) },
    });
    // Two deliveries of the plan's event (a redelivery after a time-out) before either has run.
    await harness.runtime.fireTrigger('organization-sync-trigger');
    await harness.runtime.fireTrigger('organization-sync-trigger');
    await harness.runtime.drainQueue();
    const history = await waitForSettled(harness, plan.id);
    expect(history).toEqual([expect.objectContaining({ trigger: 'schedule', status: 'APPLIED', succeeded: 120 })]);
    expect(await syncJobs(harness)).toHaveLength(1);
    expect(writeRequests(harness.emulator.stats())).toBe(2);
  });

  it('a claim whose run died is taken over; a live one is not', async () => {
    harness = await startHarness();
    const plan = await harness.call('saveSyncPlan', { name: 'CRM', source: { kind: 'file', text: profilesCsv(3) } });
    // A run that is reading its source right now.
    await kvs.entity(CLAIMS).set(claimKey(plan.id), { token: 'live', claimedAt: Date.now() });
    expect(await harness.raw('runSyncNow', { planId: plan.id })).toMatchObject({ ok: false, code: 'RUN_GOING' });
    // A run that died before it made a job, seven minutes ago.
    await kvs.entity(CLAIMS).set(claimKey(plan.id), { token: 'dead', claimedAt: Date.now() - 7 * 60_000 });
    const taken = await harness.call('runSyncNow', { planId: plan.id });
    expect(taken.started).toBe(true);
    await harness.waitForJob(taken.run.jobId!);
    await waitForSettled(harness, plan.id);
    // Someone settling that run right now (its job ended); then one who died settling it two minutes ago.
    const jobId = taken.run.jobId!;
    await kvs.entity(CLAIMS).set(claimKey(plan.id), { token: 'settle-live', claimedAt: Date.now(), jobId });
    expect(await harness.raw('runSyncNow', { planId: plan.id })).toMatchObject({ ok: false, code: 'RUN_GOING' });
    await kvs.entity(CLAIMS).set(claimKey(plan.id), { token: 'settle-dead', claimedAt: Date.now() - 120_000, jobId });
    expect((await harness.call('runSyncNow', { planId: plan.id })).run).toMatchObject({ status: 'UNCHANGED' });
    expect((await historyOf(harness, plan.id)).find((run) => run.jobId === jobId)).toMatchObject({
      status: 'APPLIED',
      succeeded: 3,
    });
    // A run whose claim names a job not created yet: it is creating it.
    await kvs.entity(CLAIMS).set(claimKey(plan.id), { token: 'making', claimedAt: Date.now(), jobId: 'no-such-job' });
    expect(await harness.raw('runSyncNow', { planId: plan.id })).toMatchObject({ ok: false, code: 'RUN_GOING' });
    // One whose job never came, seven minutes on: settled as failed, then the new run goes.
    await kvs
      .entity(CLAIMS)
      .set(claimKey(plan.id), { token: 'gone', claimedAt: Date.now() - 7 * 60_000, jobId: 'no-such-job' });
    const after = await harness.call('runSyncNow', { planId: plan.id });
    expect(after.run).toMatchObject({ status: 'UNCHANGED', changed: 0 });
    expect(await kvs.entity(CLAIMS).get(claimKey(plan.id))).toBeUndefined();
  });
});

describe('a plan saved before runs claimed their plan', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('keeps its history, and its run still going is claimed: no second job, and it settles when its job ends', async () => {
    harness = await startHarness({ taskMs: 1_000 });
    const plan = await harness.call('saveSyncPlan', { name: 'old', source: { kind: 'file', text: profilesCsv(120) } });
    const started = await harness.call('runSyncNow', { planId: plan.id });
    const jobId = started.run.jobId!;
    // As the app stored it before: the history in the plan, no runs record, no claim.
    const { history, ...saved } = started.plan;
    await kvs.set(`sync-plan:${plan.id}`, { ...saved, history });
    await kvs.delete(`sync-runs:${plan.id}`);
    await kvs.entity(CLAIMS).delete(claimKey(plan.id));

    expect(await harness.raw('runSyncNow', { planId: plan.id })).toMatchObject({ ok: false, code: 'RUN_GOING' });
    await harness.waitForJob(jobId);
    expect(await waitForSettled(harness, plan.id)).toEqual([
      expect.objectContaining({ jobId, status: 'APPLIED', succeeded: 120 }),
    ]);
    expect(await syncJobs(harness)).toHaveLength(1);
    const next = await harness.call('runSyncNow', { planId: plan.id });
    expect(next.run).toMatchObject({ status: 'UNCHANGED', changed: 0 });
    expect(await historyOf(harness, plan.id)).toHaveLength(2);
  });
});

describe("every run is in the plan's history", () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('runs racing each other, saves and listings of the plan lose no run', async () => {
    harness = await startHarness();
    const plan = await harness.call('saveSyncPlan', { name: 'CRM', source: { kind: 'file', text: profilesCsv(60) } });
    const ran: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      const text = profilesCsv(60, (i) => (i === round ? 'LATAM' : 'EMEA'));
      const answers = await Promise.all([
        harness.raw('runSyncNow', { planId: plan.id }),
        harness.raw('saveSyncPlan', { planId: plan.id, name: 'CRM', source: { kind: 'file' } }),
        harness.raw('runSyncNow', { planId: plan.id }),
        harness.raw('listSyncPlans', {}),
      ]);
      for (const answer of [answers[0], answers[2]]) if (answer.ok) ran.push(answer.data.run.at);
      const jobId = answers.flatMap((answer) => (answer.ok && 'run' in answer.data ? [answer.data.run.jobId] : []))[0];
      if (jobId) await harness.waitForJob(jobId);
      await waitForSettled(harness, plan.id);
      await harness.call('saveSyncPlan', { planId: plan.id, name: 'CRM', source: { kind: 'file', text } });
    }
    const history = await historyOf(harness, plan.id);
    expect(history.map((run) => run.at).sort()).toEqual(ran.sort());
    expect(history.filter((run) => run.jobId)).toHaveLength((await syncJobs(harness)).length);
  });
});
