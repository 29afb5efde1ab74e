import { openAdminPage, textOf, type PageHarness } from './pageHarness';
import { choose, chosen, FIELDS, pick, selectNamed, stepReady } from './mappingPage';

/** Issue 25: the step names the key (an external id) rows are matched by, and a saved mapping can be deleted. */
describe('the admin page: matching by an external id, and saved mappings deleted', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  it('proposes the CRM id as the key and renames the organization holding it (one organization, not two)', async () => {
    page = await openAdminPage({ detailFields: FIELDS });
    const site = page.emulator.state();
    const acme = { id: '7', name: 'Acme Ltd', details: { 'CRM Id': ['101'] }, customerIds: [], productIds: [] };
    page.emulator.setState({ ...site, organizations: [acme] });
    await pick(page, 'hubspot-companies.csv', 'Record ID,Company name,Sales Region\n101,Acme Corporation,Europe');
    const step = await stepReady(page);
    // HubSpot's Record ID goes to CRM Id, proposed as the key: name or CRM Id are the choices.
    expect(chosen(step, 'mappingKey')).toBe('CRM Id');
    const options = selectNamed(step, 'mappingKey').props.options as { label: string }[];
    expect(options.map((option) => option.label)).toEqual([
      'Organization name (Organization ID first)',
      'CRM Id, then the name',
    ]);
    await page.clickButton('Accept the mapping and preview');
    await page.waitForText('1 row read (CSV): 1 row ready');
    expect(page.invokes('previewImport')).toEqual([
      expect.objectContaining({ mapping: expect.objectContaining({ key: 'CRM Id' }) }),
    ]);
    await page.clickButton('Start job');
    await page.waitForText(/Rows: 1 · Updated: 1/, 20_000);
    expect(page.emulator.state().organizations.map((org) => [org.id, org.name, org.details.Region])).toEqual([
      ['7', 'Acme Corporation', ['EMEA']],
    ]);
  });

  it('sends no key once the admin chooses to match by name', async () => {
    page = await openAdminPage({ detailFields: FIELDS });
    await pick(page, 'hubspot-companies.csv', 'Record ID,Company name,Sales Region\n101,Acme Corporation,Europe');
    await stepReady(page);
    await choose(page, 'mappingKey', '');
    await page.bridge.waitForDoc((doc) => chosen(doc, 'mappingKey') === '');
    await page.clickButton('Accept the mapping and preview');
    await page.waitForText('1 row read (CSV): 1 row ready');
    expect(page.invokes('previewImport')[0].mapping).not.toHaveProperty('key');
  });

  it('deletes the saved mapping a file was proposed, and proposes it no more', async () => {
    page = await openAdminPage({ detailFields: FIELDS });
    await page.runtime.invokeResolver('saveMapping', {
      name: 'HubSpot monthly',
      kind: 'profiles',
      mapping: { columns: { 'Company name': 'Organization Name', 'Sales Region': 'Region' } },
    });
    await pick(page, 'hubspot-companies.csv', 'Company name,Sales Region\nAcme,EMEA');
    const step = await stepReady(page);
    expect(textOf(step)).toContain('match the saved mapping "HubSpot monthly"');
    await page.clickButton('Delete the saved mapping "HubSpot monthly"');
    const after = await page.bridge.waitForDoc((doc) =>
      textOf(doc).includes('No mapping of this kind of file is saved yet.'),
    );
    expect(textOf(after)).not.toContain('HubSpot monthly');
  });
});
