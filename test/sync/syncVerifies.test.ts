import { profilesCsv, startHarness, type EngineHarness } from '../engine/harness';

const REGIONS = ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'];
const HELD = profilesCsv(105);
/** 15 of the 105 rows differ from what CSM holds (every 7th row's region). */
const SOURCE = profilesCsv(105, (i) => (i % 7 === 0 ? REGIONS[(i + 1) % 5] : REGIONS[i % 5]));

async function runAndSettle(harness: EngineHarness, planId: string) {
  const result = await harness.call('runSyncNow', { planId });
  if (result.run.jobId) await harness.waitForJob(result.run.jobId);
  const { plans } = await harness.call('listSyncPlans', {});
  return { result, settled: plans.find((plan) => plan.id === planId)!.history[0] };
}

describe('verify checks every organization the plan has settled', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('finds drift on a row the run changed and on one it found CSM already held, reading profiles at most 25 a call', async () => {
    harness = await startHarness();
    const imported = await harness.call('startJob', { kind: 'profiles', text: HELD });
    await harness.waitForJob(imported.id);
    const plan = await harness.call('saveSyncPlan', { name: 'CRM', source: { kind: 'file', text: SOURCE } });
    const { settled } = await runAndSettle(harness, plan.id);
    expect(settled).toMatchObject({ status: 'APPLIED', compared: 105, succeeded: 15, unchanged: 90, failed: 0 });

    // Two organizations changed in CSM since: one the run changed (row 1: Org 00000), one it found as in the source.
    const state = harness.emulator.state();
    harness.emulator.setState({
      ...state,
      organizations: state.organizations.map((org) =>
        org.name === 'Org 00000' || org.name === 'Org 00001'
          ? { ...org, details: { ...org.details, Region: ['Asia'] } }
          : org,
      ),
    });
    const before = harness.emulator.stats().requests['POST /jsm/csm/api/v1/organization/profile/fetch'] ?? 0;
    const verified = await harness.call('verifySync', { planId: plan.id, includeInNextRun: false });
    expect(verified.compared).toBe(105);
    expect(verified.drifted.map((row) => row.name).sort()).toEqual(['Org 00000', 'Org 00001']);
    const fetches =
      (harness.emulator.stats().requests['POST /jsm/csm/api/v1/organization/profile/fetch'] ?? 0) - before;
    expect(fetches).toBe(Math.ceil(105 / 25));
  });
});

describe('verify, a plan matched by id', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('finds an organization renamed in CSM and one whose value changed', async () => {
    harness = await startHarness();
    const imported = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(30) });
    await harness.waitForJob(imported.id);
    const orgs = harness.emulator.state().organizations;
    const source = [
      'Organization ID,Organization Name,Region,Phone Number',
      ...orgs.map((org) => `${org.id},${org.name},${org.details.Region[0]},${org.details['Phone Number']?.[0] ?? ''}`),
    ].join('\n');
    const plan = await harness.call('saveSyncPlan', {
      name: 'CRM',
      matchBy: 'id',
      source: { kind: 'file', text: source },
    });
    await runAndSettle(harness, plan.id);
    const state = harness.emulator.state();
    harness.emulator.setState({
      ...state,
      organizations: state.organizations.map((org) =>
        org.name === 'Org 00003'
          ? { ...org, name: 'Org 3 renamed' }
          : org.name === 'Org 00004'
            ? { ...org, details: { ...org.details, Region: ['Asia'] } }
            : org,
      ),
    });
    const verified = await harness.call('verifySync', { planId: plan.id, includeInNextRun: true });
    expect(verified.compared).toBe(30);
    expect(verified.drifted).toEqual([
      expect.objectContaining({ name: 'Org 00003', differences: ['Name: expected Org 00003, found Org 3 renamed'] }),
      expect.objectContaining({ name: 'Org 00004', differences: ['Region: expected LATAM, found Asia'] }),
    ]);
  });
});
