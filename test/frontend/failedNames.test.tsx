import { callHandler, type ForgeDocNode } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, tableRows, type PageHarness } from './pageHarness';

type Answer<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

/** Issue 22, finding 8: a failed row sent through the details endpoint is named, on the page and in the file. */
describe('the admin page: failed rows sent through the details endpoint', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  it('shows the organization’s name, and the failed-rows file has it', async () => {
    page = await openAdminPage();
    page.emulator.setState({
      ...page.emulator.state(),
      organizations: [{ id: '41', name: 'Acme', details: { Region: ['EMEA'] }, customerIds: [], productIds: [] }],
      // CSM refuses the row (by the organization's id, as the details endpoint names it).
      rowFaults: [{ organization: '41', error: 'Value not allowed for field Region', times: 5 }],
    });
    // One detail value of an existing organization: the job sends it through the details endpoint.
    const started = await page.runtime.invokeResolver<Answer<{ id: string }>>('startJob', {
      kind: 'profiles',
      text: ['Organization Name,Region', 'Acme,LATAM'].join('\n'),
    });
    if (!started.ok) throw new Error(started.message);
    await page.waitForText('Import organizations');
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Tabs' }) as ForgeDocNode, 'onChange', 1);
    await page.clickButton('Open');
    const failed = await page.bridge.waitForDoc((doc) => tableRows(doc, 'Failed rows').length === 1, {
      timeoutMs: 20_000,
    });
    expect(tableRows(failed, 'Failed rows')[0].slice(0, 2)).toEqual(['2', 'Acme']);
    const card = findNodes(failed, { type: 'FileCard' }).find((node) =>
      String(node.props.fileName).startsWith('failed-rows-'),
    )!;
    const lines = (await ((await callHandler(card, 'onDownload')) as Blob).text()).split('\r\n');
    expect(lines[0]).toBe('Organization Name,Organization ID,Operation,Region,Failure Reason');
    expect(lines[1]).toMatch(/^Acme,41,UPDATE,LATAM,/);
  });

  it('keeps CSM’s own reason for a refused create, which names no row, before what the read-back found', async () => {
    page = await openAdminPage();
    const started = await page.runtime.invokeResolver<Answer<{ id: string }>>('startJob', {
      kind: 'profiles',
      text: ['Organization Name,Operation,Customers', 'Acme,CREATE,c-999'].join('\n'),
    });
    if (!started.ok) throw new Error(started.message);
    await page.waitForText('Import organizations');
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Tabs' }) as ForgeDocNode, 'onChange', 1);
    await page.clickButton('Open');
    const failed = await page.bridge.waitForDoc((doc) => tableRows(doc, 'Failed rows').length === 1, {
      timeoutMs: 20_000,
    });
    const [row] = tableRows(failed, 'Failed rows');
    expect(row.slice(0, 2)).toEqual(['2', 'Acme']);
    expect(row[2]).toMatch(
      /^CSM said: "Unknown customer id\(s\) .*c-999\." Organization "Acme" was not found after the task/,
    );
  });
});
