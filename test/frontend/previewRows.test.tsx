import { callHandler, changeText, type ForgeDocNode } from '../../local/runtime/bridge';
import { profilesCsv } from '../engine/harness';
import { findNode, findNodes, openAdminPage, tableRows, textOf, type PageHarness } from './pageHarness';

type Answer<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

const ORGANIZATIONS = [
  { id: '41', name: 'Acme', details: { Region: ['EMEA'] }, customerIds: [], productIds: [] },
  { id: '42', name: 'Globex', details: { Region: ['APAC'] }, customerIds: [], productIds: [] },
];

/** The parent of a node, to see what lays it out. */
function parentOf(root: ForgeDocNode, child: ForgeDocNode): ForgeDocNode | undefined {
  for (const node of root.children ?? []) {
    if (node === child) return root;
    const found = parentOf(node, child);
    if (found) return found;
  }
  return undefined;
}

/** Issue 22, findings 9 and 14: what the preview shows of a file, and the site's organizations as a file. */
describe('the admin page: preview rows and export', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  async function preview(csv: string, kind = 'profiles'): Promise<ForgeDocNode> {
    await page.waitForText('Import organizations');
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Select' }), 'onChange', { value: kind });
    await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'TextArea' }).length > 0);
    await changeText(findNode(page.bridge.latestForgeDoc()!, { type: 'TextArea' }), csv);
    await page.clickButton('Preview');
    return page.waitForText('read (CSV)');
  }

  it('says which rows of a large file the table shows, and draws the lookup progress in a column, not a row', async () => {
    page = await openAdminPage();
    const csv = profilesCsv(2_000).replace('Org 01500,AMER', 'Org 01500,Nowhere');
    const previewed = await preview(csv);
    expect(textOf(previewed)).toContain(
      "The table shows 251 of the file's 2,000 rows: the first 250 rows looked up on the site and the row with problems.",
    );
    // With rows to preview, the template gives way: the preview comes into view sooner.
    expect(findNodes(previewed, { type: 'CodeBlock' })).toHaveLength(0);
    const bar = findNodes(previewed, {
      type: 'ProgressBar',
      props: { ariaLabel: "Looking up the file's rows on the site" },
    })[0];
    expect(bar).toBeDefined();
    // In an Inline the bar has no width of its own (0 px in the browser).
    expect(parentOf(previewed, bar)?.type).toBe('Stack');
  });

  it('shows before → after on update and rename rows, and a file the site already holds sends nothing', async () => {
    page = await openAdminPage();
    page.emulator.setState({ ...page.emulator.state(), organizations: ORGANIZATIONS });
    const updated = await preview(['Organization Name,Region', 'Acme,LATAM', 'Globex,APAC', 'Initech,EMEA'].join('\n'));
    expect(tableRows(updated, 'Rows in the file')).toEqual([
      ['2', 'Acme', 'Update', '', 'Region: EMEA → LATAM'],
      ['3', 'Globex', 'Unchanged', '', ''],
      ['4', 'Initech', 'Create', '', ''],
    ]);
    expect(textOf(updated)).toContain('The job sends at most 1 bulk request: rows that change nothing are left out');

    const renamed = await preview(
      ['Organization ID,Organization Name,Operation', '41,Acme Corporation,UPDATE'].join('\n'),
      'organizations',
    );
    expect(tableRows(renamed, 'Rows in the file')[0][4]).toBe('Name: Acme → Acme Corporation');

    const same = await preview(['Organization Name,Region', 'Acme,EMEA', 'Globex,APAC'].join('\n'), 'profiles');
    expect(textOf(same)).toContain('Every row already holds what it says: the job sends nothing');
    expect(textOf(same)).not.toMatch(/The job sends \d/);
  });

  it('exports the site’s organizations with their ids and detail values, a file that imports as it is', async () => {
    page = await openAdminPage();
    page.emulator.setState({ ...page.emulator.state(), organizations: ORGANIZATIONS });
    const loaded = await page.waitForText('Export organizations');
    const card = findNodes(loaded, { type: 'FileCard' }).find((node) => node.props.fileName === 'organizations.csv');
    expect(card).toBeDefined();
    const csv = await ((await callHandler(card!, 'onDownload')) as Blob).text();
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(['Organization Name', 'Organization ID', 'Region', 'Phone Number'].join(','));
    expect(lines.slice(1, 3)).toEqual(['Acme,41,EMEA,', 'Globex,42,APAC,']);
    const again = await page.runtime.invokeResolver<Answer<{ rowsWithErrors: number; rows: { change: string }[] }>>(
      'previewImport',
      { kind: 'profiles', text: csv },
    );
    if (!again.ok) throw new Error(again.message);
    expect(again.data.rowsWithErrors).toBe(0);
    expect(again.data.rows.map((row) => row.change)).toEqual(['unchanged', 'unchanged']);
  });
});
