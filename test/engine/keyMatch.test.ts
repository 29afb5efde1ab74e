import type { OrganizationState } from '../../local/emulator/types';
import type { ImportProblem } from '../../src/domain/import';
import { startHarness, type EngineHarness } from './harness';
import { KEYED_FIELDS as FIELDS, KEYED_MAPPING } from '../support/hubspotExport';

/**
 * Issue 25, matching by an external id: with a mapping whose key is "CRM Id", a row with no Organization ID is the
 * organization holding its CRM Id, so a renamed account renames its organization instead of creating a second one.
 */
const MAPPING = KEYED_MAPPING;
const LIST = 'GET /rest/servicedeskapi/organization';
const PROFILES = 'POST /jsm/csm/api/v1/organization/profile/fetch';

const org = (id: string, name: string, crmId?: string): OrganizationState => ({
  id,
  name,
  details: crmId === undefined ? {} : { 'CRM Id': [crmId] },
  customerIds: [],
  productIds: [],
});

const csv = (...rows: string[]) => ['Record ID,Company name,Sales Region', ...rows].join('\n');

describe('matching rows by a key field (an external id)', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  async function withSite(organizations: OrganizationState[]) {
    harness = await startHarness({ taskMs: 20, detailFields: FIELDS });
    harness.emulator.setState({ ...harness.emulator.state(), organizations });
  }
  const names = () =>
    harness.emulator
      .state()
      .organizations.map((o) => o.name)
      .sort();
  const reads = (what: string) => harness.emulator.stats().requests[what] ?? 0;
  const preview = (text: string) => harness.call('previewImport', { kind: 'profiles', text, mapping: MAPPING });

  it('a renamed account renames its organization: the preview says so, and the job keeps one organization', async () => {
    await withSite([org('1', 'Acme Ltd', '101'), org('2', 'Globex', '202'), org('3', 'Umbrella')]);
    const text = csv('101,Acme Corporation,Europe', '303,Initech,Americas');
    const seen = await preview(text);
    expect(seen.problems).toEqual([]);
    expect(seen.rows).toEqual([
      expect.objectContaining({
        row: 2,
        change: 'update',
        note: 'Matched by CRM Id "101": organization 1, "Acme Ltd".',
        changes: ['Name: Acme Ltd → Acme Corporation', 'Region: (empty) → EMEA'],
      }),
      expect.objectContaining({ row: 3, change: 'create' }),
    ]);

    const started = await harness.call('startJob', { kind: 'profiles', text, mapping: MAPPING });
    expect((await harness.waitForJob(started.id)).status).toBe('SUCCEEDED');
    expect(names()).toEqual(['Acme Corporation', 'Globex', 'Initech', 'Umbrella']);
    const acme = harness.emulator.state().organizations.find((o) => o.id === '1');
    expect(acme).toMatchObject({ name: 'Acme Corporation', details: { 'CRM Id': ['101'], Region: ['EMEA'] } });

    // Sent again, nothing changes: the renamed organization is found by its CRM Id, not created again by its new name.
    const again = await preview(text);
    expect(again.rows.map((row) => row.change)).toEqual(['unchanged', 'unchanged']);
  });

  it('a value no organization holds falls back to the name; Organization ID wins and reads no key values', async () => {
    await withSite([org('1', 'Acme Ltd', '101'), org('2', 'Globex')]);
    const seen = await preview(csv('999,Globex,Europe'));
    expect(seen.rows).toEqual([expect.objectContaining({ row: 2, change: 'update', changes: expect.any(Array) })]);
    expect(seen.rows[0].note).toBeUndefined();
    const started = await harness.call('startJob', {
      kind: 'profiles',
      text: csv('999,Globex,Europe'),
      mapping: MAPPING,
    });
    expect((await harness.waitForJob(started.id)).status).toBe('SUCCEEDED');
    expect(names()).toEqual(['Acme Ltd', 'Globex']);

    const [listed, fetched] = [reads(LIST), reads(PROFILES)];
    const byId = ['Organization ID,Record ID,Company name', '2,101,Globex Inc'].join('\n');
    const mapping = { ...MAPPING, columns: { ...MAPPING.columns, 'Sales Region': null } };
    const idRows = await harness.call('previewImport', { kind: 'profiles', text: byId, mapping });
    expect(idRows.rows).toEqual([expect.objectContaining({ change: 'update', changes: expect.any(Array) })]);
    expect(idRows.rows[0].changes).toContain('Name: Globex → Globex Inc');
    expect(reads(LIST) - listed).toBe(0);
    // The one profile read is the preview's own of the row's organization.
    expect(reads(PROFILES) - fetched).toBe(1);
  });

  it('the background lookup of a file larger than a preview matches by the key as the preview does', async () => {
    await withSite([org('1', 'Acme Ltd', '101')]);
    const rows = Array.from({ length: 299 }, (_, i) => `N${i},New ${i},Americas`);
    const text = csv(...rows, '101,Acme Corporation,Europe');
    const seen = await harness.call('previewImport', { kind: 'profiles', text, mapping: MAPPING, lookUpAll: true });
    expect(seen.rowsClassified).toBe(250);
    let lookup = await harness.call('getLookup', { lookupId: seen.lookup!.id });
    // Asking is what keeps the lookup going, as the page does while it shows the preview.
    for (const until = Date.now() + 60_000; lookup.status === 'RUNNING' && Date.now() < until;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      lookup = await harness.call('getLookup', { lookupId: seen.lookup!.id });
    }
    expect(lookup).toMatchObject({ status: 'DONE', looked: 300, counts: { create: 299, update: 1, error: 0 } });
  });

  it('refuses, row by row, a CRM Id two organizations hold, two rows with one CRM Id, and a rename onto a taken name', async () => {
    await withSite([org('1', 'Acme Ltd', '101'), org('2', 'Acme UK', '101'), org('3', 'Globex', '202')]);
    const text = csv('101,Acme,Europe', '202,Globex Corp,Europe', '202,Globex,Europe', '404,Initech,Europe');
    const seen = await preview(text);
    expect(seen.rowsWithErrors).toBe(2);
    expect(seen.problems).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'Record ID',
        code: 'ambiguous-key',
        message:
          'Row 2, column "Record ID": The organizations "Acme Ltd" (ID 1), "Acme UK" (ID 2) all hold CRM Id "101" on the site, so the row cannot tell which one it is. Give the row its Organization ID, or correct the CRM Id of the others on the site.',
      }),
      expect.objectContaining({
        row: 4,
        column: 'Record ID',
        code: 'duplicate-key',
        message: expect.stringMatching(
          /^Row 4, column "Record ID": CRM Id "202" is also in row 3: one CRM Id is one organization/,
        ),
      }),
    ]);
    const refused = await harness.raw('startJob', { kind: 'profiles', text, mapping: MAPPING });
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(refused.ok ? [] : (refused.problems as ImportProblem[]).map((problem) => problem.code)).toEqual([
      'ambiguous-key',
      'duplicate-key',
    ]);

    const taken = await preview(csv('202,Acme UK,Europe'));
    expect(taken.problems).toEqual([
      expect.objectContaining({
        row: 2,
        code: 'key-conflict',
        message: expect.stringContaining(
          'CRM Id "202" is the organization "Globex" (ID 3); the row renames it to "Acme UK", which is the name of another organization (ID 2)',
        ),
      }),
    ]);
    expect(names()).toEqual(['Acme Ltd', 'Acme UK', 'Globex']);
  });

  it('reads every organization’s key value in 3 reads per 50 organizations, and says plainly when a site has too many', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => org(String(i + 1), `Org ${i + 1}`, `C${i + 1}`));
    await withSite(many);
    const [listed, fetched, points] = [reads(LIST), reads(PROFILES), harness.emulator.stats().points.spent];
    const seen = await preview(csv('C500,Org 500 renamed,Europe'));
    expect(seen.rows).toEqual([
      expect.objectContaining({
        change: 'update',
        changes: ['Name: Org 500 → Org 500 renamed', 'Region: (empty) → EMEA'],
      }),
    ]);
    expect(reads(LIST) - listed).toBe(20);
    // 40 reads of the key values, and the preview's own read of the row's organization.
    expect(reads(PROFILES) - fetched).toBe(41);
    const spent = harness.emulator.stats().points.spent - points;
    expect(spent).toBeLessThan(2_100);

    harness.emulator.setState({ ...harness.emulator.state(), organizations: [...many, org('1001', 'Org 1001')] });
    const tooMany = await preview(csv('C500,Org 500 renamed,Europe'));
    expect(tooMany.problems).toEqual([
      expect.objectContaining({
        row: null,
        severity: 'error',
        code: 'key-site-too-large',
        message: expect.stringMatching(
          /^Matching rows by CRM Id reads the CRM Id of every organization on the site, and this site has more than 1,000: more than can be read while the page/,
        ),
      }),
    ]);
    expect(tooMany.operations).toBe(0);
    const refused = await harness.raw('startJob', {
      kind: 'profiles',
      text: csv('C500,Org 500 renamed,Europe'),
      mapping: MAPPING,
    });
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});
