import { callHandler, changeText } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness } from '../frontend/pageHarness';
import { writeRequests } from '../engine/harness';

describe('the Sync plans section of the settings', () => {
  let page: PageHarness;
  afterAll(async () => page?.close());

  it('adds a URL plan, runs it now, and shows why the run failed', async () => {
    page = await openAdminPage();
    await callHandler(findNode(await page.waitForText('Settings'), { type: 'Tabs' }), 'onChange', 2);
    // Both sections of the tab load before the test goes on, so no answer arrives after the page is closed.
    const empty = await page.bridge.waitForDoc(
      (doc) => textOf(doc).includes('No sync plans yet.') && findNodes(doc, { type: 'Textfield', props: { name: 'taskCap', value: '5' } }).length > 0,
    );
    await changeText(findNode(empty, { type: 'Textfield', props: { name: 'syncName' } }), 'CRM export');
    await changeText(findNode(await page.waitForText('Sync plans'), { type: 'Textfield', props: { name: 'syncUrl' } }), 'https://undeclared.example.org/orgs.csv');
    await page.clickButton('Add sync plan');
    await page.waitForText('CRM export (https://undeclared.example.org/orgs.csv)');
    expect(page.invokes('saveSyncPlan')).toEqual([expect.objectContaining({ name: 'CRM export', source: { kind: 'url', url: 'https://undeclared.example.org/orgs.csv' } })]);

    await page.clickButton('Run now');
    const failed = await page.waitForText(/could not be fetched/);
    expect(textOf(failed)).toMatch(/0 rows compared, 0 changed/);
    expect(writeRequests(page.emulator.stats())).toBe(0);
  });
});
