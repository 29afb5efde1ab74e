import { callHandler } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, tableRows, textOf, type PageHarness } from './pageHarness';
import {
  chosen,
  choose,
  columnsOf,
  FIELDS,
  HUBSPOT,
  organizations,
  pick,
  selectNamed,
  STEP,
  stepReady,
  valuesOf,
} from './mappingPage';
import { HUBSPOT_IMPORTED, HUBSPOT_MAPPING } from '../support/hubspotExport';

/** Issue 25, the page side: a CRM export's columns and values mapped to the site's between the file and its preview. */

describe('the admin page: the mapping step', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  it('proposes a target for every column of a HubSpot export, and imports it with the proposal accepted in one click', async () => {
    page = await openAdminPage({ detailFields: FIELDS });
    await pick(page, 'hubspot-companies.csv', HUBSPOT);
    const step = await stepReady(page);
    expect(textOf(step)).toContain('The file looks like an export of HubSpot companies.');
    expect(columnsOf(step)).toEqual([
      ['Record ID', '101, 102, 103', 'Known CRM column', 'CRM Id'],
      ['Company name', 'Acme Ltd, Globex, Initech', 'Known CRM column', 'Organization Name'],
      ['Company Domain Name', 'acme.example, globex.example, initech.example', 'Known CRM column', 'Domain'],
      ['Sales Region', 'Europe, Americas, Asia Pacific', 'Known CRM column', 'Region'],
      ['Phone', '+44 20 7946 0000, +1 555 0100, +61 2 5550 1234', 'Known CRM column', 'Phone Number'],
      ['Create Date', '2024-01-02, 2024-02-03, 2024-03-04', 'No match: left out', ''],
    ]);
    // Every target of the kind, and "Leave out", in each column's list.
    const options = selectNamed(step, 'column:Phone').props.options as { label: string }[];
    expect(options.map((option) => option.label)).toEqual(
      expect.arrayContaining(['Leave out', 'Organization Name', 'Organization ID', 'Region', 'CRM Id', 'Domain']),
    );
    expect(valuesOf(step, 'Sales Region', 'Region')).toEqual([
      ['Europe', '1 row', 'EMEA'],
      ['Americas', '1 row', 'AMER'],
      ['Asia Pacific', '1 row', 'APAC'],
    ]);
    expect(page.invokes('previewImport')).toEqual([]);

    await page.clickButton('Accept the mapping and preview');
    const previewed = await page.waitForText('rows read');
    expect(textOf(previewed)).toContain('3 rows read (CSV): 3 rows ready, 0 rows with errors.');
    expect(textOf(previewed)).toContain('The preview reads the file through the column mapping.');
    expect(textOf(previewed)).not.toContain(STEP);
    const mapping = { ...HUBSPOT_MAPPING, key: 'CRM Id' };
    expect(page.invokes('previewImport')).toEqual([expect.objectContaining({ mapping })]);

    await page.clickButton('Start job');
    await page.waitForText(/Rows: 3 · Created: 3/, 20_000);
    expect(page.invokes('startJob')).toEqual([expect.objectContaining({ mapping })]);
    expect(organizations(page)).toEqual(HUBSPOT_IMPORTED);
  });

  it('proposes "Phone Numbr" as Phone Number, takes the admin’s target and options, and goes back from the preview', async () => {
    page = await openAdminPage({ detailFields: FIELDS });
    await pick(
      page,
      'accounts.csv',
      [
        'Organization Name,Region,Phone Numbr,Website',
        'Acme,Europe,0422 333 111,acme.example',
        'Globex,Mars,0400 000 000,globex.example',
        'Initech,Jupiter,0411 111 111,initech.example',
      ].join('\n'),
    );
    const step = await stepReady(page);
    expect(columnsOf(step).map(([header, , by, target]) => [header, by, target])).toEqual([
      ['Organization Name', 'Same name', 'Organization Name'],
      ['Region', 'Same name', 'Region'],
      ['Phone Numbr', 'Close spelling', 'Phone Number'],
      ['Website', 'No match: left out', ''],
    ]);
    expect(valuesOf(step, 'Region', 'Region')).toEqual([
      ['Europe', '1 row', 'EMEA'],
      ['Mars', '1 row', ''],
      ['Jupiter', '1 row', ''],
    ]);

    await choose(page, 'column:Website', 'Domain');
    await choose(page, 'value:Region:Mars', 'AMER');
    const changed = await page.bridge.waitForDoc((doc) => chosen(doc, 'value:Region:Mars') === 'AMER');
    expect(columnsOf(changed)[3]).toEqual([
      'Website',
      'acme.example, globex.example, initech.example',
      'Chosen by you',
      'Domain',
    ]);

    // Jupiter goes to no option: its row is an error of the preview, naming the options.
    await page.clickButton('Accept the mapping and preview');
    const previewed = await page.waitForText('rows read');
    expect(textOf(previewed)).toContain('3 rows read (CSV): 2 rows ready, 1 row with errors.');
    const errors = tableRows(previewed, 'Rows in the file').filter((cells) => cells[2] === 'Error in file');
    expect(errors).toEqual([
      ['4', 'Initech', 'Error in file', expect.stringMatching(/"Region".*Use one of: EMEA, AMER, APAC/), ''],
    ]);
    expect(findNode(previewed, { type: 'Button', text: 'Start job' }).props.isDisabled).toBe(true);

    // Back to the step: the admin's choices are kept; one more option, and every row goes in.
    await page.clickButton('Back to the column mapping');
    const back = await stepReady(page);
    expect(chosen(back, 'column:Website')).toBe('Domain');
    expect(chosen(back, 'value:Region:Mars')).toBe('AMER');
    await choose(page, 'value:Region:Jupiter', 'APAC');
    await page.bridge.waitForDoc((doc) => textOf(doc).includes(STEP) && chosen(doc, 'value:Region:Jupiter') === 'APAC');
    await page.clickButton('Accept the mapping and preview');
    await page.waitForText('3 rows read (CSV): 3 rows ready, 0 rows with errors.');
    expect(page.invokes('previewImport').at(-1)).toMatchObject({
      mapping: {
        columns: { 'Phone Numbr': 'Phone Number', Website: 'Domain' },
        values: { Region: { Europe: 'EMEA', Mars: 'AMER', Jupiter: 'APAC' } },
      },
    });
    await page.clickButton('Start job');
    await page.waitForText(/Rows: 3 · Created: 3/, 20_000);
    expect(organizations(page)).toEqual({
      Acme: { Region: ['EMEA'], 'Phone Number': ['0422 333 111'], Domain: ['acme.example'] },
      Globex: { Region: ['AMER'], 'Phone Number': ['0400 000 000'], Domain: ['globex.example'] },
      Initech: { Region: ['APAC'], 'Phone Number': ['0411 111 111'], Domain: ['initech.example'] },
    });
  });

  it('writes the failed rows of a mapped import with the file’s own headers, and they go in again through the mapping', async () => {
    page = await openAdminPage({ detailFields: FIELDS });
    const refused = { organization: 'Initech', error: 'Value not allowed for field Region', times: 5 };
    page.emulator.setState({ ...page.emulator.state(), rowFaults: [refused] });
    await pick(page, 'hubspot-companies.csv', HUBSPOT);
    await stepReady(page);
    await page.clickButton('Accept the mapping and preview');
    await page.clickButton('Start job');
    const ended = await page.waitForText('Partly succeeded', 20_000);
    const card = findNodes(ended, { type: 'FileCard' }).find((node) =>
      String(node.props.fileName).startsWith('failed-rows-'),
    )!;
    const file = await ((await callHandler(card, 'onDownload')) as Blob).text();
    const [header, row] = file.split('\r\n');
    expect(header).toBe('Company name,Record ID,Company Domain Name,Sales Region,Phone,Failure Reason');
    expect(row).toMatch(/^Initech,103,initech\.example,APAC,'\+61 2 5550 1234,.*Value not allowed for field Region/);

    // Fixed on the site's side, the file goes in again: the step proposes the same targets for its columns.
    page.emulator.setState({ ...page.emulator.state(), rowFaults: [] });
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Tabs' }), 'onChange', 0);
    await pick(page, 'failed-rows.csv', file);
    const step = await stepReady(page);
    expect(Object.fromEntries(columnsOf(step).map(([column, , , target]) => [column, target]))).toEqual({
      'Company name': 'Organization Name',
      'Record ID': 'CRM Id',
      'Company Domain Name': 'Domain',
      'Sales Region': 'Region',
      Phone: 'Phone Number',
      'Failure Reason': '',
    });
    await page.clickButton('Accept the mapping and preview');
    await page.waitForText('1 row read (CSV): 1 row ready, 0 rows with errors.');
    await page.clickButton('Start job');
    await page.waitForText(/Rows: 1 · Created: 1/, 20_000);
    expect(organizations(page).Initech).toEqual({
      'CRM Id': ['103'],
      Domain: ['initech.example'],
      Region: ['APAC'],
      'Phone Number': ['+61 2 5550 1234'],
    });
  });
});
