import { callHandler, changeText } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness } from '../frontend/pageHarness';
import { writeRequests } from '../engine/harness';

describe('the Sync plans section of the settings', () => {
  let page: PageHarness;
  afterAll(async () => page?.close());

  it('refuses a URL plan on an origin the manifest does not declare, and says how to declare it', async () => {
    page = await openAdminPage();
    await callHandler(findNode(await page.waitForText('Settings'), { type: 'Tabs' }), 'onChange', 2);
    // Both sections of the tab load before the test goes on, so no answer arrives after the page is closed.
    const empty = await page.bridge.waitForDoc(
      (doc) =>
        textOf(doc).includes('No sync plans yet.') &&
        findNodes(doc, { type: 'Textfield', props: { name: 'taskCap', value: '5' } }).length > 0,
    );
    await changeText(findNode(empty, { type: 'Textfield', props: { name: 'syncName' } }), 'CRM export');
    await changeText(
      findNode(await page.waitForText('Sync plans'), { type: 'Textfield', props: { name: 'syncUrl' } }),
      'https://undeclared.example.org/orgs.csv',
    );
    await page.clickButton('Add sync plan');
    const refused = await page.waitForText(/may not read https:\/\/undeclared\.example\.org/);
    expect(textOf(refused)).toMatch(/permissions\.external\.fetch\.backend/);
    expect(textOf(refused)).toContain('No sync plans yet.');
    expect(writeRequests(page.emulator.stats())).toBe(0);
  });
});
