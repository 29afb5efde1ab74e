import { readFileSync } from 'node:fs';
import path from 'node:path';
import { callHandler, changeText, type ForgeDocNode } from '../../local/runtime/bridge';
import { ADMIN_CHECK_TTL_MS } from '../../src/resolvers/adminCheck';
import { adminCheckKey } from '../../src/store/keys';
import { ADMIN_ACCOUNT } from '../engine/harness';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness } from './pageHarness';

const INVALID_PROFILES = readFileSync(path.join(__dirname, '../../examples/invalid-profiles.csv'));

function selectTab(doc: ForgeDocNode, index: number) {
  return callHandler(findNode(doc, { type: 'Tabs' }), 'onChange', index);
}

describe('the admin page with a bad file, the jobs tab and the settings', () => {
  let page: PageHarness;
  beforeAll(async () => {
    page = await openAdminPage();
  });
  afterAll(async () => page.close());

  it('shows the row errors and the unmatched column of a picked file, and invokes nothing', async () => {
    const loaded = await page.waitForText('Detail fields on this site');
    // The host hands the page each picked file base64-encoded.
    await callHandler(findNode(loaded, { type: 'FilePicker' }), 'onChange', [
      {
        name: 'invalid-profiles.csv',
        type: 'text/csv',
        size: INVALID_PROFILES.length,
        data: INVALID_PROFILES.toString('base64'),
      },
    ]);
    await page.waitForText('Using invalid-profiles.csv');
    await page.clickButton('Preview');

    const previewed = await page.waitForText('rows read');
    const unmatched = findNode(previewed, {
      type: 'SectionMessage',
      props: { title: 'Columns that match no detail field' },
    });
    expect(textOf(unmatched)).toMatch(/Phone Numbr[\s\S]*Phone Number/);
    const table = findNodes(previewed, { type: 'DynamicTable' }).find(
      (node) => node.props.label === 'Rows in the file',
    );
    const rows = findNodes(table!, { type: 'Row' }).map((row) => row.children.map(textOf));
    expect(rows.filter((cells) => cells[2] === 'Error in file').map((cells) => cells[0])).toEqual(
      expect.arrayContaining(['3', '4']),
    );
    expect(rows.find((cells) => cells[0] === '4')?.[3]).toMatch(/Europe/);
    expect(findNode(previewed, { type: 'Button', text: 'Start job' }).props.isDisabled).toBe(true);
    expect(findNodes(previewed, { type: 'Checkbox', props: { name: 'skipInvalid' } })).toHaveLength(0);
    expect(textOf(previewed)).toContain('Fix the problems with the file, then preview it again.');

    const invoked = page.bridge
      .calls()
      .filter((c) => c.name === 'invoke')
      .map((c) => (c.args as { functionKey: string }).functionKey);
    expect(invoked).not.toContain('startJob');
    expect(invoked).not.toContain('previewImport');
    expect(invoked).not.toContain('uploadPart');
    expect(page.emulator.state().organizations).toHaveLength(0);
  });

  it('lists no jobs yet on the jobs tab', async () => {
    await selectTab(page.bridge.latestForgeDoc()!, 1);
    const jobs = await page.bridge.waitForDoc(
      (doc) => findNodes(doc, { type: 'DynamicTable', props: { label: 'Jobs', isLoading: false } }).length > 0,
    );
    const table = findNode(jobs, { type: 'DynamicTable', props: { label: 'Jobs' } });
    expect(findNodes(table, { type: 'Row' })).toHaveLength(0);
    expect(page.invokes('listJobs')).not.toHaveLength(0);
  });

  it('shows the task cap (5 by default) and saves a new one', async () => {
    await selectTab(page.bridge.latestForgeDoc()!, 2);
    const settings = await page.bridge.waitForDoc(
      (doc) => findNodes(doc, { type: 'Textfield', props: { value: '5' } }).length > 0,
    );
    expect(textOf(settings)).toContain('Sync plans');
    await changeText(findNode(settings, { type: 'Textfield', props: { name: 'taskCap' } }), '99');
    const invalid = await page.waitForText('Enter a whole number from 1 to 10.');
    expect(findNode(invalid, { type: 'Button', text: 'Pin the cap' }).props.isDisabled).toBe(true);
    await changeText(findNode(invalid, { type: 'Textfield', props: { name: 'taskCap' } }), '3');
    await page.clickButton('Pin the cap');
    await page.waitForText('New jobs keep up to 3 tasks open at once.');
    expect(page.invokes('saveSettings')).toEqual([{ taskCap: 3 }]);
    const stored = await page.runtime.invokeResolver<{ ok: boolean; data: { taskCap: number } }>('getSettings', {});
    expect(stored.data.taskCap).toBe(3);
  });

  it('shows a resolver refusal as a SectionMessage naming the missing permission', async () => {
    const state = page.emulator.state();
    page.emulator.setState({ ...state, nonAdminAccountIds: [ADMIN_ACCOUNT] });
    // Five minutes on: the page's reads no longer rely on the answer Jira gave (src/resolvers/adminCheck.ts).
    await page.runtime.runAsFunction(async () => {
      const { kvs } = await import('@forge/kvs');
      await kvs.set(adminCheckKey(ADMIN_ACCOUNT), { checkedAt: Date.now() - ADMIN_CHECK_TTL_MS - 1 });
    });
    await selectTab(page.bridge.latestForgeDoc()!, 1);
    const refused = await page.bridge.waitForDoc(
      (doc) =>
        findNodes(doc, { type: 'SectionMessage', props: { title: 'You need the Administer Jira global permission' } })
          .length > 0,
    );
    const message = findNode(refused, { type: 'SectionMessage', props: { appearance: 'error' } });
    expect(textOf(message)).toMatch(/Administer Jira global permission/);
  });
});
