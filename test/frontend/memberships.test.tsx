import { callHandler, changeText, type ForgeDocNode } from '../../local/runtime/bridge';
import { CUSTOMERS, FILE, ORGANIZATIONS } from '../memberships/site';
import { findNode, findNodes, openAdminPage, tableRows, textOf, type PageHarness } from './pageHarness';

type Answer<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

const members = (page: PageHarness, name: string) =>
  page.emulator
    .state()
    .organizations.find((org) => org.name === name)
    ?.customerIds.slice()
    .sort();

/** Issue 23, the page side: a memberships file previewed, sent, its failed rows downloaded, and undone. */
describe('the admin page: memberships', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  async function preview(): Promise<ForgeDocNode> {
    page = await openAdminPage({ customers: CUSTOMERS });
    page.emulator.setState({ ...page.emulator.state(), organizations: ORGANIZATIONS });
    await page.waitForText('Import organizations');
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Select' }), 'onChange', {
      value: 'memberships',
    });
    await page.waitForText('From Organization Name');
    await changeText(findNode(page.bridge.latestForgeDoc()!, { type: 'TextArea' }), FILE);
    await page.clickButton('Preview');
    return page.waitForText('read (CSV)');
  }

  it('counts each change over the file, shows each row’s lozenge and customer, and why a row will fail', async () => {
    const shown = await preview();
    const text = textOf(shown);
    expect(text).toContain('6 rows read (CSV): 7 changes ready, 0 rows with errors.');
    const lozenges = findNodes(shown, { type: 'Lozenge' }).map(textOf);
    expect(lozenges).toEqual(
      expect.arrayContaining([
        'Will be added 1',
        'Will be removed 1',
        'Will be moved 1',
        'Already a member 1 (not sent)',
        'Not a member 1 (nothing to remove)',
        'Will fail 1',
      ]),
    );
    expect(lozenges.some((label) => /^(Create|Update|Unchanged) \d/.test(label))).toBe(false);
    expect(tableRows(shown, 'Rows in the file')).toEqual([
      ['2', 'Acme', 'Will be added', '', 'ana@example.com'],
      ['3', 'Acme', 'Will be removed', '', 'bo@example.com'],
      ['4', 'Acme', 'Will be moved', '', 'cy@example.com: from "Globex"'],
      ['5', 'Acme', 'Already a member', '', 'dee@example.com: Already a member: not sent.'],
      ['6', 'Globex', 'Not a member', '', 'eve@example.com: Not a member: nothing to remove.'],
      [
        '7',
        'Acme',
        'Will fail',
        expect.stringContaining('No customer on this site has the email nobody@example.com'),
        '',
      ],
    ]);
    const warning = findNodes(shown, { type: 'SectionMessage' }).map((node) => node.props.title);
    expect(warning).toContain('1 row will probably fail');
    // One call an organization and operation: Acme's additions (ana, cy, dee, nobody), Acme's removal (bo), Globex's
    // removals (cy, eve); those that change nothing are left out when the job runs.
    expect(text).toContain('The job sends at most 3 calls (one per organization and operation');
    expect(text).not.toMatch(/bulk request|CSM's tasks took|tasks take from/);
  });

  it('runs the job: its ledger, its failed rows as a memberships file, and an undo asked first', async () => {
    await preview();
    await page.clickButton('Start job');
    const ended = await page.waitForText('Partly succeeded', 20_000);
    expect(textOf(ended)).toContain('Rows: 7 · Added: 2 · Removed: 2 · Unchanged (not sent): 2 · Failed: 1');
    expect(tableRows(ended, 'Failed rows')[0].slice(0, 3)).toEqual([
      '7',
      'Acme',
      expect.stringContaining('nobody@example.com'),
    ]);
    // Single calls hold no CSM tasks: no count of requests "instead of the planned".
    expect(textOf(ended)).not.toMatch(/requests? to CSM instead of/);
    expect(members(page, 'Acme')).toEqual(['qm:ana', 'qm:cy', 'qm:dee']);
    expect(members(page, 'Globex')).toEqual([]);

    const card = findNodes(ended, { type: 'FileCard' }).find((node) =>
      String(node.props.fileName).startsWith('failed-rows-'),
    )!;
    const lines = (await ((await callHandler(card, 'onDownload')) as Blob).text()).split('\r\n');
    expect(lines[0]).toBe(
      'Organization Name,Organization ID,Customer Email,Customer Account ID,Operation,From Organization Name,From Organization ID,Failure Reason',
    );
    expect(lines[1]).toMatch(/^Acme,41,nobody@example\.com,,ADD,,,.*nobody@example\.com/);
    expect(lines.filter((line) => line !== '')).toHaveLength(2);

    await page.clickButton('Undo this job');
    const asked = await page.waitForText('Undo the job');
    expect(textOf(asked)).toContain(
      'puts memberships back as they were: it removes the 2 customers this job added and adds back the 2 it removed',
    );
    await page.clickButton('Go back');
    expect(page.invokes('undoJob')).toEqual([]);
    await page.clickButton('Undo this job');
    await page.clickButton('Undo the job');
    await page.bridge.waitForDoc((doc) => /puts back what job .*4 of 4 rows done/.test(textOf(doc)), {
      timeoutMs: 20_000,
    });
    expect(members(page, 'Acme')).toEqual(['qm:bo', 'qm:dee']);
    expect(members(page, 'Globex')).toEqual(['qm:cy']);
  });

  it('exports the site’s memberships as a memberships file, which imports as already true', async () => {
    page = await openAdminPage({ customers: CUSTOMERS });
    page.emulator.setState({ ...page.emulator.state(), organizations: ORGANIZATIONS });
    const loaded = await page.waitForText('Export memberships');
    const card = findNodes(loaded, { type: 'FileCard' }).find((node) => node.props.fileName === 'memberships.csv')!;
    const csv = await ((await callHandler(card, 'onDownload')) as Blob).text();
    expect(csv.split('\r\n').filter((line) => line !== '')).toEqual([
      'Organization Name,Organization ID,Customer Email,Customer Account ID',
      'Acme,41,bo@example.com,qm:bo',
      'Acme,41,dee@example.com,qm:dee',
      'Globex,42,cy@example.com,qm:cy',
    ]);
    expect(page.invokes('exportMemberships')).toHaveLength(1);

    // The kind's template downloads as a file too, one a memberships preview reads without an error in the file.
    await callHandler(findNode(loaded, { type: 'Select' }), 'onChange', { value: 'memberships' });
    const chosen = await page.waitForText('From Organization Name');
    const template = findNodes(chosen, { type: 'FileCard' }).find(
      (node) => node.props.fileName === 'template-memberships.csv',
    )!;
    const templateCsv = await ((await callHandler(template, 'onDownload')) as Blob).text();
    expect(templateCsv.split('\n')[0].trim()).toBe('Organization Name,Customer Email,Operation,From Organization Name');
    const again = await page.runtime.invokeResolver<Answer<{ rowsWithErrors: number; rows: { change: string }[] }>>(
      'previewImport',
      { kind: 'memberships', text: csv },
    );
    if (!again.ok) throw new Error(again.message);
    expect(again.data.rowsWithErrors).toBe(0);
    expect(again.data.rows.map((row) => row.change)).toEqual(['member', 'member', 'member']);
    const fromTemplate = await page.runtime.invokeResolver<Answer<{ rowsWithErrors: number; operations: number }>>(
      'previewImport',
      { kind: 'memberships', text: templateCsv },
    );
    if (!fromTemplate.ok) throw new Error(fromTemplate.message);
    expect(fromTemplate.data).toMatchObject({ rowsWithErrors: 0, operations: 4 });
  });
});
