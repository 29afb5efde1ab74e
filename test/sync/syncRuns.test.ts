import { startHarness, writeRequests, type EngineHarness } from '../engine/harness';

const SOURCE = [
  'Organization Name,Region,Phone Number',
  'Acme,EMEA,+1 555 0001',
  'Globex,APAC,+1 555 0002',
  'Initech,AMER,+1 555 0003',
].join('\n');

async function latestRun(harness: EngineHarness, planId: string) {
  const { plans } = await harness.call('listSyncPlans', {});
  const plan = plans.find((p) => p.id === planId);
  if (!plan) throw new Error(`no plan ${planId}`);
  return plan.history[0];
}

async function runAndSettle(harness: EngineHarness, planId: string) {
  const result = await harness.call('runSyncNow', { planId });
  if (result.run.jobId) await harness.waitForJob(result.run.jobId);
  return { result, settled: await latestRun(harness, planId) };
}

describe('sync plans: a source kept equal in CSM, sending only what changed', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('applies the source, then sends nothing for the same source, then exactly one operation for one changed value', async () => {
    harness = await startHarness();
    const plan = await harness.call('saveSyncPlan', {
      name: 'CRM export',
      source: { kind: 'file', fileName: 'crm.csv', text: SOURCE },
    });

    const first = await runAndSettle(harness, plan.id);
    expect(first.settled).toMatchObject({
      status: 'APPLIED',
      compared: 3,
      changed: 3,
      succeeded: 3,
      failed: 0,
      trigger: 'manual',
    });
    expect(
      harness.emulator
        .state()
        .organizations.map((org) => org.name)
        .sort(),
    ).toEqual(['Acme', 'Globex', 'Initech']);
    const writesAfterFirst = writeRequests(harness.emulator.stats());
    expect(writesAfterFirst).toBe(1);

    const second = await runAndSettle(harness, plan.id);
    expect(second.result.started).toBe(false);
    expect(second.settled).toMatchObject({ status: 'UNCHANGED', compared: 3, changed: 0 });
    expect(writeRequests(harness.emulator.stats())).toBe(writesAfterFirst);

    await harness.call('saveSyncPlan', {
      planId: plan.id,
      name: 'CRM export',
      source: { kind: 'file', text: SOURCE.replace('Globex,APAC', 'Globex,LATAM') },
    });
    const third = await runAndSettle(harness, plan.id);
    expect(third.settled).toMatchObject({ status: 'APPLIED', compared: 3, changed: 1, succeeded: 1 });
    const job = await harness.call('getJob', { jobId: third.result.run.jobId! });
    expect(job.progress.total).toBe(1);
    // One write: the one value, through the details endpoint (it changes one field of an organization that exists).
    expect(writeRequests(harness.emulator.stats())).toBe(writesAfterFirst + 1);
    expect(harness.emulator.state().organizations.find((org) => org.name === 'Globex')?.details.Region).toEqual([
      'LATAM',
    ]);

    const { plans } = await harness.call('listSyncPlans', {});
    expect(plans[0].history.map((run) => run.status)).toEqual(['APPLIED', 'UNCHANGED', 'APPLIED']);
  });

  it('refuses a broken file when the plan is saved, with its row problems, and saves nothing', async () => {
    harness = await startHarness();
    const broken = ['Organization Name,Region', 'Acme,Narnia', ',EMEA'].join('\n');
    const refused = await harness.raw('saveSyncPlan', {
      name: 'bad file',
      source: { kind: 'file', fileName: 'crm.csv', text: broken },
    });
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const message = refused.ok ? '' : refused.message;
    expect(message).toMatch(/^The file crm\.csv cannot be kept in sync: it has 2 problems, and nothing was saved\./);
    expect(message).toContain('Row 2, column "Region": "Narnia" is not an option of the field Region.');
    expect(message).toMatch(/Row 3/);
    expect((await harness.call('listSyncPlans')).plans).toEqual([]);
    expect(writeRequests(harness.emulator.stats())).toBe(0);
  });

  it('records a failed run and sends nothing when the source no longer reads, naming each row once', async () => {
    harness = await startHarness();
    const plan = await harness.call('saveSyncPlan', { name: 'CRM', source: { kind: 'file', text: SOURCE } });
    // The site's Region field loses an option the file uses: the file breaks after it was saved.
    const state = harness.emulator.state();
    harness.emulator.setState({
      ...state,
      detailFields: state.detailFields.map((field) =>
        field.name === 'Region' ? { ...field, options: field.options?.filter((option) => option !== 'EMEA') } : field,
      ),
    });
    const { result } = await runAndSettle(harness, plan.id);
    expect(result.run.status).toBe('FAILED');
    expect(result.run.reasons).toEqual([expect.stringMatching(/^Row 2, column "Region": "EMEA" is not an option/)]);
    expect(result.run.reasons?.[0].match(/Row 2/g)).toHaveLength(1);
    expect(writeRequests(harness.emulator.stats())).toBe(0);
  });

  it('refuses to save a plan whose URL Forge would never let the app fetch, and says what an admin can do', async () => {
    harness = await startHarness();
    // The manifest declares https://crm.example.com only; Forge (and the local runtime) refuse any other origin.
    const refused = await harness.raw('saveSyncPlan', {
      name: 'CRM',
      source: { kind: 'url', url: 'https://undeclared.example.org/organizations.csv' },
    });
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(!refused.ok && refused.message).toMatch(
      /^The app may not read https:\/\/undeclared\.example\.org: .*ask the app's developer to declare https:\/\/undeclared\.example\.org and redeploy the app\. Once a site admin approves the update, save the plan again\.$/s,
    );
    // Said for an admin, who cannot change the app: no developer command, no file.
    expect(!refused.ok && refused.message).not.toMatch(/forge deploy|forge install|manifest\.yml|file/);
    expect((await harness.call('listSyncPlans')).plans).toEqual([]);
    const declared = await harness.raw('saveSyncPlan', {
      name: 'CRM',
      source: { kind: 'url', url: 'https://crm.example.com/export.csv' },
    });
    expect(declared.ok).toBe(true);
    expect(writeRequests(harness.emulator.stats())).toBe(0);
  });

  it('the hourly trigger runs due plans only, as their owner', async () => {
    harness = await startHarness();
    const due = await harness.call('saveSyncPlan', {
      name: 'hourly',
      schedule: { every: 'hour' },
      source: { kind: 'file', text: SOURCE },
    });
    const paused = await harness.call('saveSyncPlan', {
      name: 'paused',
      enabled: false,
      schedule: { every: 'hour' },
      source: { kind: 'file', text: SOURCE.replace(/Acme/g, 'Umbrella') },
    });

    await harness.runtime.fireTrigger('organization-sync-trigger');
    await harness.runtime.drainQueue();
    const run = await latestRun(harness, due.id);
    expect(run).toMatchObject({ trigger: 'schedule', changed: 3 });
    await harness.waitForJob(run.jobId!);
    expect(await latestRun(harness, due.id)).toMatchObject({ status: 'APPLIED', succeeded: 3 });
    expect(await latestRun(harness, paused.id)).toBeUndefined();
    expect(harness.emulator.state().organizations.some((org) => org.name === 'Umbrella')).toBe(false);

    // Already run since the top of the hour: not due again.
    await harness.runtime.fireTrigger('organization-sync-trigger');
    await harness.runtime.drainQueue();
    const { plans } = await harness.call('listSyncPlans', {});
    expect(plans.find((p) => p.id === due.id)?.history).toHaveLength(1);
    expect(writeRequests(harness.emulator.stats())).toBe(1);
  });

  it('records the run as waiting, sending nothing, when CSM refuses to act as the owner', async () => {
    harness = await startHarness({ impersonation: false });
    const plan = await harness.call('saveSyncPlan', {
      name: 'hourly',
      schedule: { every: 'hour' },
      source: { kind: 'file', text: SOURCE },
    });
    await harness.runtime.fireTrigger('organization-sync-trigger');
    await harness.runtime.drainQueue();
    const run = await latestRun(harness, plan.id);
    expect(run.status).toBe('WAITING');
    expect(run.reasons?.length).toBeGreaterThan(0);
    expect(writeRequests(harness.emulator.stats())).toBe(0);
  });

  it('verify reports organizations changed in CSM since the run applied them, and the next run sends just those', async () => {
    harness = await startHarness();
    const plan = await harness.call('saveSyncPlan', { name: 'CRM', source: { kind: 'file', text: SOURCE } });
    await runAndSettle(harness, plan.id);
    const state = harness.emulator.state();
    harness.emulator.setState({
      ...state,
      organizations: state.organizations.map((org) =>
        org.name === 'Initech' ? { ...org, details: { ...org.details, Region: ['EMEA'] } } : org,
      ),
    });

    const verified = await harness.call('verifySync', { planId: plan.id, includeInNextRun: true });
    expect(verified.compared).toBe(3);
    expect(verified.drifted).toEqual([
      expect.objectContaining({ name: 'Initech', differences: ['Region: expected AMER, found EMEA'] }),
    ]);

    const next = await runAndSettle(harness, plan.id);
    expect(next.settled).toMatchObject({ status: 'APPLIED', changed: 1, succeeded: 1 });
    expect(harness.emulator.state().organizations.find((org) => org.name === 'Initech')?.details.Region).toEqual([
      'AMER',
    ]);
  });

  it('fails a run whose source names one organization by ID in one row and by name in another, sending nothing', async () => {
    harness = await startHarness();
    await harness.waitForJob((await harness.call('startJob', { kind: 'profiles', text: SOURCE })).id);
    const acmeId = harness.emulator.state().organizations.find((org) => org.name === 'Acme')!.id;
    const writes = writeRequests(harness.emulator.stats());
    const text = [
      'Organization Name,Organization ID,Operation,Region',
      `,${acmeId},UPDATE,APAC`,
      'acme,,UPSERT,LATAM',
    ].join('\n');
    const plan = await harness.call('saveSyncPlan', {
      name: 'CRM',
      source: { kind: 'file', fileName: 'crm.csv', text },
    });
    const { settled } = await runAndSettle(harness, plan.id);
    expect(settled).toMatchObject({ status: 'FAILED', changed: 0 });
    expect(settled.reasons?.join(' ')).toMatch(
      /the organization "acme" is the one with ID \d+ on the site, already in row 2/,
    );
    expect(writeRequests(harness.emulator.stats())).toBe(writes);
  });
});
