import { startHarness, type EngineHarness } from '../engine/harness';

const customers = Array.from({ length: 5 }, (_, i) => ({ accountId: `qm:c${i}`, email: `c${i}@example.com` }));
const org = (id: string, name: string, customerIds: string[]) => ({
  id,
  name,
  details: {},
  customerIds,
  productIds: [],
});
const members = (harness: EngineHarness) =>
  Object.fromEntries(harness.emulator.state().organizations.map((o) => [o.name, o.customerIds.slice().sort()]));

/** Issue 23: a memberships sync plan makes each organization it names hold exactly the source's members. */
describe('memberships sync plans', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  const source = [
    'Organization Name,Customer Email',
    'Acme,c0@example.com',
    'Acme,c1@example.com',
    'Globex,c2@example.com',
    'Globex,nobody@example.com',
  ].join('\n');

  async function planOf(removedFromSource: 'leave' | 'delete') {
    harness = await startHarness({ taskMs: 20, customers });
    harness.emulator.setState({
      ...harness.emulator.state(),
      organizations: [org('1', 'Acme', ['qm:c0', 'qm:c3']), org('2', 'Globex', []), org('3', 'Initech', ['qm:c4'])],
    });
    return harness.call('saveSyncPlan', {
      name: 'Who belongs',
      kind: 'memberships',
      source: { kind: 'file', fileName: 'members.csv', text: source },
      removedFromSource,
    });
  }

  async function runNow(planId: string) {
    const { run } = await harness.call('runSyncNow', { planId });
    if (run.jobId) await harness.waitForJob(run.jobId);
    const { plans } = await harness.call('listSyncPlans');
    return plans.find((plan) => plan.id === planId)!.history[0];
  }

  it('previews, then adds the missing members; members it does not list stay unless the plan says remove', async () => {
    const plan = await planOf('leave');
    const preview = await harness.call('previewSyncPlan', { planId: plan.id });
    expect(preview).toMatchObject({ compared: 4, add: 2, remove: 0, fail: 1 });
    const run = await runNow(plan.id);
    expect(run).toMatchObject({ status: 'PARTIAL', changed: 3, succeeded: 2, failed: 1 });
    expect(members(harness)).toEqual({ Acme: ['qm:c0', 'qm:c1', 'qm:c3'], Globex: ['qm:c2'], Initech: ['qm:c4'] });
    // Someone adds a member by hand: the next run compares with the site again, and leaves it (the plan says leave).
    harness.emulator.setState({
      ...harness.emulator.state(),
      organizations: harness.emulator
        .state()
        .organizations.map((o) => (o.name === 'Globex' ? { ...o, customerIds: [...o.customerIds, 'qm:c3'] } : o)),
    });
    expect(await harness.call('previewSyncPlan', { planId: plan.id })).toMatchObject({ add: 0, remove: 0, fail: 1 });
  });

  it('with "remove", members the source does not list for an organization it names are removed; others untouched', async () => {
    const plan = await planOf('delete');
    const preview = await harness.call('previewSyncPlan', { planId: plan.id });
    expect(preview).toMatchObject({ add: 2, remove: 1, fail: 1 });
    expect(preview.changes).toContainEqual({ row: 6, operation: 'REMOVE', organization: 'Acme', customer: 'qm:c3' });
    await runNow(plan.id);
    expect(members(harness)).toEqual({ Acme: ['qm:c0', 'qm:c1'], Globex: ['qm:c2'], Initech: ['qm:c4'] });
  });

  it('refuses on save a source whose rows remove or move: it lists who belongs', async () => {
    harness = await startHarness({ taskMs: 20, customers });
    const answer = await harness.raw('saveSyncPlan', {
      name: 'Bad',
      kind: 'memberships',
      source: { kind: 'file', text: 'Organization Name,Customer Email,Operation\nAcme,c0@example.com,REMOVE' },
    });
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect((answer as { message: string }).message).toMatch(/Row 2: a memberships source lists who belongs/);
  });
});
