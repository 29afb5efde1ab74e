import { callHandler, changeText } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, tableRows, textOf, type PageHarness } from './pageHarness';

const CUSTOMERS = [0, 1, 2].map((i) => ({ accountId: `qm:c${i}`, email: `c${i}@example.com` }));
const org = (id: string, name: string, customerIds: string[] = [], details: Record<string, string[]> = {}) => ({
  id,
  name,
  details,
  customerIds,
  productIds: [],
});
const ORGANIZATIONS = [
  org('11', 'Empty One'),
  org('12', 'Acme', ['qm:c0', 'qm:c1']),
  org('13', 'Empty Two'),
  org('14', 'acme.', ['qm:c2']),
];

const names = (page: PageHarness) => page.emulator.state().organizations.map((o) => o.name);

/** Issue 24, the page side: the Clean up tab finds, previews, deletes (asked first) and the job page restores. */
describe('the admin page: clean up', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  async function openCleanUp() {
    page = await openAdminPage({ customers: CUSTOMERS });
    page.emulator.setState({ ...page.emulator.state(), organizations: ORGANIZATIONS });
    await callHandler(findNode(await page.waitForText('Import organizations'), { type: 'Tabs' }), 'onChange', 3);
    await page.waitForText('Clean up organizations');
  }

  it('finds the empty organizations, previews deleting them, deletes them once confirmed, and restores them', async () => {
    await openCleanUp();
    await page.clickButton('Find empty organizations');
    const found = await page.waitForText('2 empty organizations');
    await page.waitForText('Scanned 4 organizations.');
    expect(tableRows(found, 'Empty organizations')).toEqual([
      ['11', 'Empty One'],
      ['13', 'Empty Two'],
    ]);
    const card = findNodes(found, { type: 'FileCard' }).find((node) => node.props.fileName === 'deletions.csv')!;
    const csv = await ((await callHandler(card, 'onDownload')) as Blob).text();
    expect(csv.split('\r\n').filter((line) => line !== '')).toEqual([
      'Organization ID,Organization Name,Members',
      '11,Empty One,0',
      '13,Empty Two,0',
    ]);
    expect(page.invokes('findOrganizations')[0]).toMatchObject({ finder: 'empty' });

    await page.clickButton('Preview deleting them');
    const previewed = await page.waitForText('Will be deleted');
    expect(tableRows(previewed, 'Rows in the file')).toEqual([
      ['2', 'Empty One', 'Will be deleted', '', 'ID 11; 0 members'],
      ['3', 'Empty Two', 'Will be deleted', '', 'ID 13; 0 members'],
    ]);
    expect(names(page)).toHaveLength(4);

    await page.clickButton('Delete 2 organizations');
    const asked = await page.waitForText('CSM cannot undelete');
    expect(textOf(asked)).toContain('a restore creates them again from what they held, with new IDs');
    await page.clickButton('Go back');
    expect(page.invokes('startJob')).toEqual([]);
    await page.clickButton('Delete 2 organizations');
    await page.waitForText('CSM cannot undelete');
    const modal = findNode(page.bridge.latestForgeDoc()!, { type: 'Modal' });
    await callHandler(findNodes(modal, { type: 'Button', text: 'Delete 2 organizations' })[0], 'onClick');
    expect(page.invokes('startJob')[0]).toMatchObject({ kind: 'deletions', confirmDelete: true });

    const ended = await page.waitForText('Restore the 2 organizations', 20_000);
    expect(textOf(ended)).toContain('Deleted: 2');
    expect(names(page)).toEqual(['Acme', 'acme.']);

    await page.clickButton('Restore the 2 organizations');
    const restoreAsked = await page.waitForText('names, detail values and members; they get new IDs');
    expect(textOf(restoreAsked)).toContain('Restore 2 organizations?');
    await page.clickButton('Restore them');
    await page.bridge.waitForDoc((doc) => /creates again what job .*2 of 2 rows done/.test(textOf(doc)), {
      timeoutMs: 20_000,
    });
    const back = page.emulator.state().organizations.filter((o) => o.name.startsWith('Empty'));
    expect(back.map((o) => [o.name, o.customerIds])).toEqual([
      ['Empty One', []],
      ['Empty Two', []],
    ]);
    expect(back.map((o) => o.id)).not.toContain('11');
    expect(page.invokes('restoreJob')).toHaveLength(1);
  });

  it('finds duplicates and offers the merges file', async () => {
    await openCleanUp();
    await page.clickButton('Find duplicates');
    await page.waitForText('Counted the members of 2 of 2 organizations whose names look alike.');
    const found = await page.waitForText('1 group of organizations whose names look alike');
    expect(tableRows(found, 'Duplicates')).toEqual([['Acme (ID 12, 2 members)', 'acme. (ID 14, 1 member)']]);
    const card = findNodes(found, { type: 'FileCard' }).find((node) => node.props.fileName === 'merges.csv')!;
    const csv = await ((await callHandler(card, 'onDownload')) as Blob).text();
    expect(csv.split('\r\n').filter((line) => line !== '')).toEqual([
      'Keep Organization ID,Keep Organization Name,Merge Organization ID,Merge Organization Name',
      '12,Acme,14,acme.',
    ]);
    expect(names(page)).toHaveLength(4);
  });

  it('imports a deletions file on the Import tab: a danger Start that asks first', async () => {
    page = await openAdminPage({ customers: CUSTOMERS });
    page.emulator.setState({ ...page.emulator.state(), organizations: ORGANIZATIONS });
    await page.waitForText('Import organizations');
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Select' }), 'onChange', { value: 'deletions' });
    await page.waitForText('Organizations to delete, one per row');
    await changeText(findNode(page.bridge.latestForgeDoc()!, { type: 'TextArea' }), 'Organization ID\n13\n');
    await page.clickButton('Preview');
    const previewed = await page.waitForText('Will be deleted');
    const start = findNodes(previewed, { type: 'Button', text: 'Start job' })[0];
    expect(start.props.appearance).toBe('danger');
    await page.clickButton('Start job');
    await page.waitForText('CSM cannot undelete');
    await page.clickButton('Go back');
    expect(page.invokes('startJob')).toEqual([]);
    await page.clickButton('Start job');
    await page.clickButton('Delete 1 organization');
    expect(page.invokes('startJob')[0]).toMatchObject({ kind: 'deletions', confirmDelete: true });
    await page.waitForText('Restore the 1 organization', 20_000);
    expect(names(page)).toEqual(['Empty One', 'Acme', 'acme.']);
  });

  it('imports a merges file on the Import tab: previewed a line a merge, a danger Start that asks first, then one organization', async () => {
    page = await openAdminPage({ customers: CUSTOMERS });
    page.emulator.setState({ ...page.emulator.state(), organizations: ORGANIZATIONS });
    await page.waitForText('Import organizations');
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Select' }), 'onChange', { value: 'merges' });
    await page.waitForText('One organization merged into another per row');
    await changeText(
      findNode(page.bridge.latestForgeDoc()!, { type: 'TextArea' }),
      'Keep Organization ID,Merge Organization ID\n12,14\n',
    );
    await page.clickButton('Preview');
    const previewed = await page.waitForText(
      'Into "Acme" (ID 12): 1 member, no detail value, 0 service projects; then ID 14 is deleted.',
    );
    expect(findNodes(previewed, { type: 'Button', text: 'Start job' })[0].props.appearance).toBe('danger');
    await page.clickButton('Start job');
    await page.clickButton('Merge 1 organization');
    expect(page.invokes('startJob')[0]).toMatchObject({ kind: 'merges', confirmDelete: true });
    await page.waitForText('Restore the 1 organization', 20_000);
    expect(names(page)).toEqual(['Empty One', 'Acme', 'Empty Two']);
    expect(page.emulator.state().organizations[1].customerIds.slice().sort()).toEqual(['qm:c0', 'qm:c1', 'qm:c2']);
  });
});
