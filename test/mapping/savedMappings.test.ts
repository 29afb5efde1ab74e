import type { EmulatorOptions } from '../../local/emulator';
import { startHarness, type EngineHarness } from '../engine/harness';

const FIELDS: EmulatorOptions['detailFields'] = [
  { name: 'Region', type: 'SELECT', options: ['EMEA', 'AMER', 'APAC'] },
  { name: 'CRM Id', type: 'TEXT' },
];
const HUBSPOT = {
  columns: { 'Company name': 'Organization Name', 'Sales Region': 'Region', 'Record ID': 'CRM Id' },
  values: { Region: { Europe: 'EMEA' } },
  key: 'CRM Id',
};

describe('saved mappings (resolvers, through the local runtime)', () => {
  let harness: EngineHarness;
  beforeEach(async () => {
    harness = await startHarness({ detailFields: FIELDS });
  });
  afterEach(async () => harness.close());

  it('saves by name, replaces by the same name (letter case ignored), lists and deletes', async () => {
    await harness.call('saveMapping', { name: 'HubSpot monthly', kind: 'profiles', mapping: HUBSPOT });
    const replaced = { ...HUBSPOT, columns: { ...HUBSPOT.columns, Phone: null } };
    await harness.call('saveMapping', { name: 'hubspot MONTHLY', kind: 'profiles', mapping: replaced });
    const { mappings, max } = await harness.call('listMappings', {});
    expect(max).toBe(50);
    expect(mappings).toHaveLength(1);
    expect(mappings[0]).toMatchObject({ name: 'hubspot MONTHLY', kind: 'profiles', savedBy: expect.any(String) });
    expect(mappings[0].mapping.columns).toHaveProperty('Phone', null);
    await harness.call('deleteMapping', { name: 'HubSpot Monthly' });
    expect((await harness.call('listMappings', {})).mappings).toEqual([]);
  });

  it('refuses a mapping that does not fit the site, saying why, and keeps nothing', async () => {
    const refused = await harness.raw('saveMapping', {
      name: 'Wrong',
      kind: 'profiles',
      mapping: { ...HUBSPOT, values: { Region: { Europe: 'Europa' } } },
    });
    expect(refused).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: expect.stringContaining('"Europa", which is not an option of the field Region'),
    });
    const code = await harness.raw('saveMapping', {
      name: 'Code',
      kind: 'profiles',
      mapping: { columns: {}, transform: 'row => row' },
    });
    expect(code).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    expect((await harness.call('listMappings', {})).mappings).toEqual([]);
  });

  it('keeps at most 50 mappings; saving over one by name still works at the bound', async () => {
    for (let i = 0; i < 50; i += 1)
      await harness.call('saveMapping', { name: `Export ${i}`, kind: 'profiles', mapping: HUBSPOT });
    const refused = await harness.raw('saveMapping', { name: 'One more', kind: 'profiles', mapping: HUBSPOT });
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining('at most 50 saved mappings') });
    await harness.call('saveMapping', { name: 'Export 7', kind: 'profiles', mapping: { columns: {} } });
    const { mappings } = await harness.call('listMappings', {});
    expect(mappings).toHaveLength(50);
    expect(mappings.find((saved) => saved.name === 'Export 7')?.mapping.columns).toEqual({});
  });

  it('reads a preview and a job through the mapping given with them', async () => {
    const text = 'Record ID,Company name,Sales Region\n101,Acme Ltd,Europe\n102,Globex,Atlantis';
    const preview = await harness.call('previewImport', { kind: 'profiles', text, mapping: HUBSPOT });
    expect(preview.rowsWithErrors).toBe(1);
    expect(preview.problems[0]).toMatchObject({ row: 3, column: 'Sales Region' });
    const job = await harness.call('startJob', { kind: 'profiles', text, mapping: HUBSPOT, skipInvalid: true });
    expect(await harness.waitForJob(job.id)).toMatchObject({ status: 'SUCCEEDED' });
    expect(harness.emulator.state().organizations.map((org) => [org.name, org.details])).toEqual([
      ['Acme Ltd', { 'CRM Id': ['101'], Region: ['EMEA'] }],
    ]);
  });
});
