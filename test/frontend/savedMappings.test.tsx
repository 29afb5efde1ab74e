import { changeText, type ForgeDocNode } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness } from './pageHarness';
import { chosen, choose, columnsOf, FIELDS, HUBSPOT, organizations, pick, STEP } from './mappingPage';

type Answer<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

const typeName = (page: PageHarness, name: string) =>
  changeText(findNode(page.bridge.latestForgeDoc()!, { type: 'Textfield', props: { name: 'mappingName' } }), name);

const titles = (doc: ForgeDocNode) => findNodes(doc, { type: 'SectionMessage' }).map((node) => node.props.title);

/** Issue 25: mappings saved by name on the page, proposed for next month's export, and files that need no mapping. */
describe('the admin page: saved mappings and files in the import format', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  it('saves a mapping by name, says in words why one is not saved, and proposes the saved one for the next export', async () => {
    page = await openAdminPage({ detailFields: FIELDS });
    await pick(page, 'hubspot-february.csv', HUBSPOT);
    await page.waitForText('No mapping of this kind of file is saved yet.');
    await choose(page, 'column:Phone', '');
    await page.bridge.waitForDoc((doc) => textOf(doc).includes(STEP) && chosen(doc, 'column:Phone') === '');
    await typeName(page, 'HubSpot monthly');
    await page.clickButton('Save mapping');
    const saved = await page.waitForText('A file with these columns gets it proposed');
    expect(titles(saved)).toContain('Mapping saved as "HubSpot monthly"');
    expect(page.invokes('saveMapping')).toEqual([
      {
        name: 'HubSpot monthly',
        kind: 'profiles',
        mapping: expect.objectContaining({
          columns: expect.objectContaining({ 'Company name': 'Organization Name', Phone: null }),
          values: { Region: { Europe: 'EMEA', Americas: 'AMER', 'Asia Pacific': 'APAC' } },
        }),
      },
    ]);
    const listed = await page.runtime.invokeResolver<Answer<{ mappings: { name: string }[] }>>('listMappings', {});
    expect(listed.ok && listed.data.mappings.map((mapping) => mapping.name)).toEqual(['HubSpot monthly']);

    // Two columns to one target: the step says so and cannot be accepted; the resolver refuses to save it, in words.
    await choose(page, 'column:Company Domain Name', 'CRM Id');
    const doubled = await page.waitForText('The columns "Record ID" and "Company Domain Name" both go to "CRM Id"');
    expect(titles(doubled)).toContain('The mapping cannot be used yet');
    expect(findNode(doubled, { type: 'Button', text: 'Accept the mapping and preview' }).props.isDisabled).toBe(true);
    await typeName(page, 'Broken');
    await page.clickButton('Save mapping');
    const refused = await page.waitForText('The mapping "Broken" was not saved: The columns');
    const message = findNode(refused, {
      type: 'SectionMessage',
      props: { title: 'The mapping "Broken" was not saved' },
    });
    expect(message.props.appearance).toBe('error');
    expect(textOf(message)).toContain('both go to "CRM Id"');

    // Next month's export, its columns in another order: the saved mapping is proposed as it was saved.
    await pick(
      page,
      'hubspot-march.csv',
      [
        'Company name,Record ID,Company Domain Name,Sales Region,Phone,Create Date',
        'Umbrella,104,umbrella.example,Europe,+44 20 7946 0001,2024-03-01',
      ].join('\n'),
    );
    const proposed = await page.waitForText('match the saved mapping "HubSpot monthly"');
    expect(columnsOf(proposed).map(([header, , by, target]) => [header, by, target])).toEqual([
      ['Company name', 'Saved mapping', 'Organization Name'],
      ['Record ID', 'Saved mapping', 'CRM Id'],
      ['Company Domain Name', 'Saved mapping', 'Domain'],
      ['Sales Region', 'Saved mapping', 'Region'],
      ['Phone', 'Saved mapping', ''],
      ['Create Date', 'Saved mapping', ''],
    ]);
    expect(chosen(proposed, 'savedMapping')).toBe('HubSpot monthly');
    await page.clickButton('Accept the mapping and preview');
    await page.waitForText('1 row read (CSV): 1 row ready, 0 rows with errors.');
    expect(page.invokes('previewImport').at(-1)).toMatchObject({ mapping: { columns: { Phone: null } } });
    await page.clickButton('Start job');
    await page.waitForText(/Rows: 1 · Created: 1/, 20_000);
    expect(organizations(page)).toEqual({
      Umbrella: { 'CRM Id': ['104'], Domain: ['umbrella.example'], Region: ['EMEA'] },
    });
  });

  it('uses a saved mapping chosen by name for a file that lacks some of its columns', async () => {
    page = await openAdminPage({ detailFields: FIELDS });
    const saved = await page.runtime.invokeResolver<Answer<unknown>>('saveMapping', {
      name: 'HubSpot monthly',
      kind: 'profiles',
      mapping: { columns: { 'Company name': 'Organization Name', Phone: null, 'Record ID': 'CRM Id' } },
    });
    expect(saved.ok).toBe(true);
    await pick(
      page,
      'names-and-phones.csv',
      ['Company name,Phone,Sales Region', 'Acme Ltd,+44 20 7946 0000,EMEA'].join('\n'),
    );
    const step = await page.bridge.waitForDoc(
      (doc) =>
        textOf(doc).includes('The file looks like an export of HubSpot companies.') &&
        textOf(doc).includes('Saved mappings'),
    );
    expect(chosen(step, 'column:Phone')).toBe('Phone Number');
    await choose(page, 'savedMapping', 'HubSpot monthly');
    const narrowed = await page.bridge.waitForDoc(
      (doc) => textOf(doc).includes(STEP) && chosen(doc, 'column:Phone') === '',
    );
    expect(columnsOf(narrowed).map(([header, , by, target]) => [header, by, target])).toEqual([
      ['Company name', 'Saved mapping', 'Organization Name'],
      ['Phone', 'Saved mapping', ''],
      ['Sales Region', 'Known CRM column', 'Region'],
    ]);
  });

  it('goes straight to the preview with a file in the import format, a failed-rows file’s reason column included', async () => {
    page = await openAdminPage();
    await pick(
      page,
      'organizations.csv',
      ['Organization Name,Region,Phone Number', 'Acme,EMEA,+61 2 9001 1037'].join('\n'),
    );
    await page.clickButton('Preview');
    await page.waitForText('1 row read (CSV): 1 row ready, 0 rows with errors.');
    await pick(
      page,
      'failed-rows.csv',
      ['Organization Name,Region,Failure Reason', 'Globex,APAC,timed out'].join('\n'),
    );
    await page.clickButton('Preview');
    await page.bridge.waitForDoc((doc) => textOf(doc).includes('Globex') && textOf(doc).includes('1 row ready'));
    expect(page.bridge.forgeDocs().some((doc) => textOf(doc).includes(STEP))).toBe(false);
    expect(page.invokes('previewImport')).toHaveLength(2);
    for (const payload of page.invokes('previewImport')) expect(payload).not.toHaveProperty('mapping');
  });
});
