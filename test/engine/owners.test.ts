import { ManualClock } from '../../local/runtime/clock';
import { isFinal } from '../../src/domain/job';
import { ADMIN_ACCOUNT, profilesCsv, startHarness, writeRequests, type EngineHarness } from './harness';

const OTHER_ADMIN = '712020:5c0d2e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f';
const demote = (harness: EngineHarness, accountId: string) =>
  harness.emulator.setState({ ...harness.emulator.state(), nonAdminAccountIds: [accountId] });

/** Background work acts as a job's or a plan's owner: only while that owner is still a Jira administrator. */
describe('owners checked again before background work', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('a job whose owner lost the admin permission stops, says why, and another admin finishes it from the page', async () => {
    // The runner's event waits until the test moves this clock: the owner is demoted in between.
    const clock = new ManualClock();
    harness = await startHarness({ taskMs: 30 }, { clock });
    const job = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(200) });
    demote(harness, ADMIN_ACCOUNT);
    await clock.advance(0);
    await harness.runtime.drainQueue();
    const asOther = <T>(name: string, payload: unknown) =>
      harness.runtime.invokeResolver<{ ok: true; data: T }>(name, payload, { accountId: OTHER_ADMIN });
    const waiting = (await asOther<{ status: string; waitingReason?: string }>('getJob', { jobId: job.id })).data;
    expect(waiting).toMatchObject({
      status: 'WAITING_FOR_USER',
      waitingReason: expect.stringMatching(/owner is no longer a Jira administrator/),
    });
    expect(writeRequests(harness.emulator.stats())).toBe(0);

    let view = waiting;
    for (let i = 0; i < 200 && !isFinal(view.status as never); i += 1)
      view = (await asOther<typeof view>('advanceJob', { jobId: job.id })).data;
    expect(view.status).toBe('SUCCEEDED');
    expect(harness.emulator.state().organizations).toHaveLength(200);
  });

  it('a sync plan whose owner lost the admin permission pauses with the reason, until an admin saves it again', async () => {
    harness = await startHarness({ taskMs: 30 }, { timeScale: 0.001 });
    const source = 'Organization Name,Region\nAcme,EMEA\n';
    const plan = await harness.call('saveSyncPlan', {
      name: 'CRM',
      schedule: { every: 'hour' },
      source: { kind: 'file', text: source },
    });
    demote(harness, ADMIN_ACCOUNT);
    await harness.runtime.fireTrigger('organization-sync-trigger');
    await harness.runtime.drainQueue();
    const asOther = <T>(name: string, payload: unknown) =>
      harness.runtime.invokeResolver<{ ok: true; data: T }>(name, payload, { accountId: OTHER_ADMIN });
    const paused = (
      await asOther<{ plans: { id: string; pausedReason?: string; history: { status: string }[] }[] }>(
        'listSyncPlans',
        {},
      )
    ).data.plans[0];
    expect(paused.pausedReason).toMatch(/owner is no longer a Jira administrator/);
    expect(paused.history[0].status).toBe('WAITING');
    await harness.runtime.fireTrigger('organization-sync-trigger');
    await harness.runtime.drainQueue();
    expect(writeRequests(harness.emulator.stats())).toBe(0);

    // Another admin takes the plan over by saving it: its runs go on, as them (here one is run at once).
    await asOther('saveSyncPlan', {
      planId: plan.id,
      name: 'CRM',
      schedule: { every: 'hour' },
      source: { kind: 'file', text: source },
    });
    await asOther('runSyncNow', { planId: plan.id });
    await harness.runtime.drainQueue();
    const resumed = (
      await asOther<{ plans: { pausedReason?: string; ownerAccountId: string; history: { status: string }[] }[] }>(
        'listSyncPlans',
        {},
      )
    ).data.plans[0];
    expect(resumed).toMatchObject({ ownerAccountId: OTHER_ADMIN });
    expect(resumed.pausedReason).toBeUndefined();
    expect(harness.emulator.state().organizations.map((org) => org.name)).toEqual(['Acme']);
  });
});
