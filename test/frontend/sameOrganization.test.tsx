import { changeText } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness, tableRows } from './pageHarness';

/** Issue 21, finding 8, on the page: the row by name that the site says is another row's organization (by ID). */
describe('the admin page: one organization by ID in one row and by name in another', () => {
  let page: PageHarness;
  beforeAll(async () => {
    page = await openAdminPage();
  });
  afterAll(async () => page.close());

  it('shows the problem on the row by name, counts it as an error and does not start', async () => {
    const state = page.emulator.state();
    const acme = { id: '101', name: 'Acme', details: {}, customerIds: [], productIds: [] };
    page.emulator.setState({ ...state, organizations: [acme] });
    await page.waitForText('Import organizations');
    const csv = [
      'Organization Name,Organization ID,Operation,Region',
      ',101,UPDATE,APAC',
      'Acme,,UPSERT,LATAM',
      'Initech,,UPSERT,EMEA',
    ].join('\n');
    await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'TextArea' }).length > 0);
    await changeText(findNode(page.bridge.latestForgeDoc()!, { type: 'TextArea' }), csv);
    await page.clickButton('Preview');

    const previewed = await page.waitForText('rows read');
    expect(textOf(previewed)).toContain('3 rows read (CSV): 2 rows ready, 1 row with errors.');
    const rows = tableRows(previewed, 'Rows in the file');
    expect(rows.map((cells) => cells.slice(0, 3))).toEqual([
      ['2', 'organization 101', 'Update'],
      ['3', 'Acme', 'Error in file'],
      ['4', 'Initech', 'Create'],
    ]);
    expect(rows[1][3]).toBe(
      'Row 3, column "Organization Name": the organization "Acme" is the one with ID 101 on the site, already in row 2 (column "Organization ID"). ' +
        'Tasks run out of order, so the result would be undefined; merge the rows into one.',
    );
    expect(findNode(previewed, { type: 'Button', text: 'Start job' }).props.isDisabled).toBe(true);
  });
});
