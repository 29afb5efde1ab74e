import { profilesCsv, startHarness, writeRequests, type EngineHarness } from '../engine/harness';

const SOURCE = profilesCsv(300);

/** Requests to CSM's own endpoints (the resolver's Jira admin check is not one). */
function csmRequests(stats: { requests: Record<string, number> }): number {
  return Object.entries(stats.requests)
    .filter(([key]) => key.includes(' /jsm/csm/'))
    .reduce((sum, [, count]) => sum + count, 0);
}

async function runAndSettle(harness: EngineHarness, planId: string) {
  const result = await harness.call('runSyncNow', { planId });
  if (result.run.jobId) await harness.waitForJob(result.run.jobId);
  const { plans } = await harness.call('listSyncPlans', {});
  return { result, settled: plans.find((plan) => plan.id === planId)!.history[0] };
}

describe('a sync run settles', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('three syncs of a source CSM already holds: the third reports 0 changed and makes no CSM call', async () => {
    harness = await startHarness();
    // CSM holds the source's values already (applied by an earlier import).
    const imported = await harness.call('startJob', { kind: 'profiles', text: SOURCE });
    await harness.waitForJob(imported.id);
    const writes = writeRequests(harness.emulator.stats());
    const plan = await harness.call('saveSyncPlan', { name: 'CRM', source: { kind: 'file', text: SOURCE } });

    // The first run knows nothing of CSM yet: its job compares the 300 rows and finds them all held already.
    const first = await runAndSettle(harness, plan.id);
    expect(first.result.run).toMatchObject({ changed: 300, compared: 300 });
    expect(first.settled).toMatchObject({ status: 'UNCHANGED', changed: 300, unchanged: 300, succeeded: 0 });
    expect(writeRequests(harness.emulator.stats())).toBe(writes);

    const second = await runAndSettle(harness, plan.id);
    expect(second.result).toMatchObject({ started: false, run: { status: 'UNCHANGED', compared: 300, changed: 0 } });

    const before = csmRequests(harness.emulator.stats());
    const third = await runAndSettle(harness, plan.id);
    expect(third.result).toMatchObject({ started: false, run: { status: 'UNCHANGED', compared: 300, changed: 0 } });
    expect(csmRequests(harness.emulator.stats())).toBe(before);
    expect(writeRequests(harness.emulator.stats())).toBe(writes);
  });

  it('rows the job found unchanged join the snapshot with those it applied: the next run sends nothing', async () => {
    harness = await startHarness();
    const imported = await harness.call('startJob', { kind: 'profiles', text: SOURCE });
    await harness.waitForJob(imported.id);
    // 10 of the 300 differ from what CSM holds.
    const source = profilesCsv(300, (i) => (i % 30 === 0 ? 'LATAM' : ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'][i % 5]));
    const plan = await harness.call('saveSyncPlan', { name: 'CRM', source: { kind: 'file', text: source } });
    const first = await runAndSettle(harness, plan.id);
    expect(first.settled).toMatchObject({ status: 'APPLIED', changed: 300, succeeded: 10, unchanged: 290, failed: 0 });
    const second = await runAndSettle(harness, plan.id);
    expect(second.result.run).toMatchObject({ status: 'UNCHANGED', changed: 0 });
  });
});

describe('organizations removed from the source', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  const csv = (rows: string[]) => ['Organization Name,Region', ...rows].join('\n');

  it('are left in CSM and listed in the run; one that comes back is compared again and sent if CSM changed it', async () => {
    harness = await startHarness();
    const all = csv(['Acme,EMEA', 'Globex,APAC', 'Initech,AMER']);
    const plan = await harness.call('saveSyncPlan', { name: 'CRM', source: { kind: 'file', text: all } });
    expect(plan.removedFromSource).toBe('leave');
    await runAndSettle(harness, plan.id);

    await harness.call('saveSyncPlan', {
      planId: plan.id,
      name: 'CRM',
      source: { kind: 'file', text: csv(['Acme,EMEA', 'Initech,AMER']) },
    });
    const without = await runAndSettle(harness, plan.id);
    expect(without.settled).toMatchObject({
      status: 'UNCHANGED',
      compared: 2,
      changed: 0,
      removed: { count: 1, shown: ['globex'], action: 'leave' },
    });
    // Left as it is.
    expect(
      harness.emulator
        .state()
        .organizations.map((org) => org.name)
        .sort(),
    ).toEqual(['Acme', 'Globex', 'Initech']);

    // Someone changes Globex in CSM; the source lists it again with the values the plan applied before.
    const state = harness.emulator.state();
    harness.emulator.setState({
      ...state,
      organizations: state.organizations.map((org) =>
        org.name === 'Globex' ? { ...org, details: { ...org.details, Region: ['EMEA'] } } : org,
      ),
    });
    await harness.call('saveSyncPlan', { planId: plan.id, name: 'CRM', source: { kind: 'file', text: all } });
    const back = await runAndSettle(harness, plan.id);
    expect(back.result.run).toMatchObject({ changed: 1 });
    expect(back.result.run.removed).toBeUndefined();
    expect(back.settled).toMatchObject({ status: 'APPLIED', succeeded: 1 });
    expect(harness.emulator.state().organizations.find((org) => org.name === 'Globex')?.details.Region).toEqual([
      'APAC',
    ]);
  });

  it('a plan that deletes them keeps them in CSM until the admin reviews them, by id, and confirms: one delete job', async () => {
    harness = await startHarness();
    const all = csv(['Acme,EMEA', 'Globex,APAC', 'Initech,AMER']);
    const saved = { name: 'CRM', removedFromSource: 'delete' as const };
    const plan = await harness.call('saveSyncPlan', { ...saved, source: { kind: 'file', text: all } });
    await runAndSettle(harness, plan.id);
    const globex = harness.emulator.state().organizations.find((org) => org.name === 'Globex')!;
    // Nothing offered yet: nothing was removed.
    expect(await harness.call('deleteRemovedFromSource', { planId: plan.id })).toMatchObject({ total: 0, gone: 0 });

    const without = (rows: string[]) =>
      harness.call('saveSyncPlan', { planId: plan.id, ...saved, source: { kind: 'file', text: csv(rows) } });
    await without(['Acme,EMEA', 'Initech,AMER']);
    const run = await runAndSettle(harness, plan.id);
    expect(run.settled.removed).toMatchObject({ count: 1, shown: ['globex'], action: 'delete' });
    // Kept in CSM: a run never deletes by itself.
    expect(harness.emulator.state().organizations).toHaveLength(3);
    const preview = await harness.call('deleteRemovedFromSource', { planId: plan.id });
    expect(preview).toMatchObject({ total: 1, gone: 0, organizations: [{ id: globex.id, name: 'Globex' }] });

    // A confirm must bring back the review it answers: without it, or with another, nothing is deleted.
    const unreviewed = await harness.raw('deleteRemovedFromSource', { planId: plan.id, confirm: true });
    expect(unreviewed).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const stale = await harness.raw('deleteRemovedFromSource', { planId: plan.id, confirm: true, reviewed: 'other' });
    expect(stale).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(String((stale as { message?: string }).message)).toMatch(/changed since you reviewed them/);
    expect(harness.emulator.state().organizations).toHaveLength(3);
    // Deleting goes by the id the review showed.
    const started = await harness.call('deleteRemovedFromSource', {
      planId: plan.id,
      confirm: true,
      reviewed: preview.reviewed,
    });
    expect(started.started).toMatchObject({ existing: false });
    const job = await harness.waitForJob(started.started!.id);
    expect(job).toMatchObject({ kind: 'deletions', status: 'SUCCEEDED', ledger: { rows: 1, deleted: 1 } });
    expect(
      harness.emulator
        .state()
        .organizations.map((org) => org.name)
        .sort(),
    ).toEqual(['Acme', 'Initech']);
    // Offered once: asked again, nothing waits.
    const again = await harness.raw('deleteRemovedFromSource', {
      planId: plan.id,
      confirm: true,
      reviewed: preview.reviewed,
    });
    expect(again).toMatchObject({ ok: false, code: 'INVALID_INPUT' });

    // Globex comes back to the source (created again), then is removed again: a new set, deleted again.
    await without(['Acme,EMEA', 'Globex,APAC', 'Initech,AMER']);
    await runAndSettle(harness, plan.id);
    await without(['Acme,EMEA', 'Initech,AMER']);
    await runAndSettle(harness, plan.id);
    const second = await harness.call('deleteRemovedFromSource', { planId: plan.id });
    expect(second).toMatchObject({ total: 1, organizations: [{ name: 'Globex' }] });
    expect(second.reviewed).not.toBe(preview.reviewed);
    const secondJob = await harness.call('deleteRemovedFromSource', {
      planId: plan.id,
      confirm: true,
      reviewed: second.reviewed,
    });
    expect(secondJob.started).toMatchObject({ existing: false });
    await harness.waitForJob(secondJob.started!.id);
    expect(
      harness.emulator
        .state()
        .organizations.map((org) => org.name)
        .sort(),
    ).toEqual(['Acme', 'Initech']);

    // One removed, then listed in the source again before anyone deleted it: no longer offered.
    await without(['Acme,EMEA']);
    await runAndSettle(harness, plan.id);
    expect((await harness.call('deleteRemovedFromSource', { planId: plan.id })).total).toBe(1);
    await without(['Acme,EMEA', 'Initech,AMER']);
    await runAndSettle(harness, plan.id);
    expect((await harness.call('deleteRemovedFromSource', { planId: plan.id })).total).toBe(0);

    // A plan that leaves them refuses to delete.
    const leaving = await harness.call('saveSyncPlan', { name: 'Other', source: { kind: 'file', text: all } });
    expect(await harness.raw('deleteRemovedFromSource', { planId: leaving.id })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    });
  });
});
