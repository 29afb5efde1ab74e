import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHarness, writeRequests, type EngineHarness } from '../engine/harness';
import { KEYED_FIELDS as FIELDS, KEYED_MAPPING } from '../support/hubspotExport';

/** The origin manifest.yml declares for sync sources; the local runtime routes it to this test's server. */
const CRM = 'https://crm.example.com';
/** A HubSpot companies export in the site's words, matched by its Record ID. */
const MAPPING = { ...KEYED_MAPPING, columns: { ...KEYED_MAPPING.columns, Phone: null } };
const LIST = 'GET /rest/servicedeskapi/organization';
const exportOf = (...rows: string[]) => ['Record ID,Company name,Sales Region,Phone', ...rows].join('\n');

/**
 * Issue 25: "A sync plan from a mapped CRM export at a URL, keyed by an external id field, renames an organization
 * whose account was renamed instead of creating a second one."
 */
describe('a sync plan with a saved mapping and its key', () => {
  let server: Server;
  let served: string;
  let harness: EngineHarness;
  beforeEach(async () => {
    served = '';
    server = createServer((_, res) => res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8' }).end(served));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    harness = await startHarness({ taskMs: 20, detailFields: FIELDS }, { externalRoutes: { [CRM]: local } });
    await harness.call('saveMapping', { name: 'HubSpot monthly', kind: 'profiles', mapping: MAPPING });
  });
  afterEach(async () => {
    await harness.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function runAndSettle(planId: string) {
    const result = await harness.call('runSyncNow', { planId });
    if (result.run.jobId) await harness.waitForJob(result.run.jobId);
    const { plans } = await harness.call('listSyncPlans', {});
    return plans.find((plan) => plan.id === planId)!.history[0];
  }
  const organizations = () =>
    harness.emulator
      .state()
      .organizations.map(({ id, name, details }) => ({ id, name, crmId: details['CRM Id'] }))
      .sort((a, b) => a.name.localeCompare(b.name));

  it('renames the organization of a renamed account instead of creating a second one', async () => {
    const plan = await harness.call('saveSyncPlan', {
      name: 'HubSpot companies',
      source: { kind: 'url', url: `${CRM}/companies.csv` },
      mappingName: 'HubSpot monthly',
    });
    expect(plan.mappingName).toBe('HubSpot monthly');

    served = exportOf('101,Acme Ltd,Europe,+1 555 0101', '202,Globex,Americas,+1 555 0202');
    expect(await runAndSettle(plan.id)).toMatchObject({ status: 'APPLIED', compared: 2, succeeded: 2, failed: 0 });
    const before = organizations();
    expect(before).toEqual([
      { id: expect.any(String), name: 'Acme Ltd', crmId: ['101'] },
      { id: expect.any(String), name: 'Globex', crmId: ['202'] },
    ]);

    // The account is renamed in the CRM: the next export has its new name and the same Record ID.
    served = exportOf('101,Acme Corporation,Europe,+1 555 0101', '202,Globex,Americas,+1 555 0202');
    const renamed = await runAndSettle(plan.id);
    // Globex was created by name, and is found by its key for the first time: sent once more, found as it was.
    expect(renamed).toMatchObject({ status: 'APPLIED', compared: 2, changed: 2, succeeded: 1, unchanged: 1 });
    expect(renamed.removed).toBeUndefined();
    expect(organizations()).toEqual([
      { id: before[0].id, name: 'Acme Corporation', crmId: ['101'] },
      { id: before[1].id, name: 'Globex', crmId: ['202'] },
    ]);

    // The same export again reads nothing from CSM and sends nothing.
    const [listed, writes] = [harness.emulator.stats().requests[LIST] ?? 0, writeRequests(harness.emulator.stats())];
    expect(await runAndSettle(plan.id)).toMatchObject({ status: 'UNCHANGED', changed: 0 });
    expect(harness.emulator.stats().requests[LIST] ?? 0).toBe(listed);
    expect(writeRequests(harness.emulator.stats())).toBe(writes);

    // Verify reads the source as a run does: each row found by its CRM Id, an organization renamed in CSM since drifted.
    expect(await harness.call('verifySync', { planId: plan.id })).toMatchObject({ compared: 2, driftedTotal: 0 });
    const state = harness.emulator.state();
    harness.emulator.setState({
      ...state,
      organizations: state.organizations.map((o) => (o.id === before[0].id ? { ...o, name: 'Acme (old)' } : o)),
    });
    const drift = await harness.call('verifySync', { planId: plan.id });
    expect(drift).toMatchObject({ compared: 2, driftedTotal: 1 });
    expect(drift.drifted[0].differences).toEqual(['Name: expected Acme Corporation, found Acme (old)']);

    // The mapping is read at every run: deleted, the next run fails saying so, and sends nothing.
    await harness.call('deleteMapping', { name: 'HubSpot monthly' });
    served = exportOf('101,Acme Group,Europe,+1 555 0101', '202,Globex,Americas,+1 555 0202');
    const failed = await runAndSettle(plan.id);
    expect(failed).toMatchObject({ status: 'FAILED', changed: 0 });
    expect(failed.reasons).toEqual([
      expect.stringMatching(
        /^Nothing was sent\. There is no saved mapping "HubSpot monthly" \(the plan "HubSpot companies" reads its source with\): it was deleted/,
      ),
    ]);
    expect(writeRequests(harness.emulator.stats())).toBe(writes);
    expect(organizations().map((org) => org.name)).toEqual(['Acme (old)', 'Globex']);
  });

  it('refuses to save a plan with a mapping that is not saved, or with a file whose rows repeat a key', async () => {
    const unknown = await harness.raw('saveSyncPlan', {
      name: 'CRM',
      source: { kind: 'url', url: `${CRM}/companies.csv` },
      mappingName: 'Salesforce weekly',
    });
    expect(unknown).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(!unknown.ok && unknown.message).toMatch(
      /^The plan was not saved\. There is no saved mapping "Salesforce weekly"/,
    );

    const repeated = await harness.raw('saveSyncPlan', {
      name: 'CRM',
      source: { kind: 'file', fileName: 'companies.csv', text: exportOf('101,Acme,Europe,', '101,Acme Inc,Europe,') },
      mappingName: 'HubSpot monthly',
    });
    expect(repeated).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(!repeated.ok && repeated.message).toContain(
      'Row 3, column "Record ID": CRM Id "101" is also in row 2: one CRM Id is one organization',
    );
    expect((await harness.call('listSyncPlans')).plans).toEqual([]);
  });
});
