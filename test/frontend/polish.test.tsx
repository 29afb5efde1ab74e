import { callHandler, changeText } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, tableRows, textOf, type PageHarness } from './pageHarness';

/** Issue 22, finding 13: small things an admin trips on. */
describe('the admin page: polish', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  it('adds a typed organization with Enter, in a field sized for a name', async () => {
    page = await openAdminPage();
    const loaded = await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'Form' }).length > 0);
    const field = findNode(loaded, { type: 'Textfield', props: { name: 'organizationName' } });
    expect(field.props.width).toBe('large');
    await changeText(field, 'Initech');
    await page.waitForText('Add organization');
    // Enter in the field submits its form, as the host does.
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Form' }), 'onSubmit');
    await page.waitForText('To create: Initech');
  });

  it('does not suggest the very name typed: a key spelt right in the wrong place is said to be misplaced', async () => {
    page = await openAdminPage();
    const loaded = await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'TextArea' }).length > 0);
    const json = JSON.stringify([{ operationType: 'CREATE', payload: { name: 'Acme', operationType: 'CREATE' } }]);
    await changeText(findNode(loaded, { type: 'TextArea' }), json);
    await page.clickButton('Preview');
    const previewed = await page.waitForText('payload.operationType');
    const problems = tableRows(previewed, 'Rows in the file')
      .map((cells) => cells[3])
      .join(' ');
    expect(problems).toMatch(/"operationType" does not belong here/);
    // A table's title is a small heading at its left, not Atlaskit's centred 20 px caption; the label names the table.
    const table = findNodes(previewed, { type: 'DynamicTable' })[0];
    expect(table.props.caption).toBeUndefined();
    expect(table.props.label).toBe('Rows in the file');
    expect(findNodes(previewed, { type: 'Heading', props: { size: 'small' }, text: 'Rows in the file' })).toHaveLength(
      1,
    );
    expect(textOf(previewed)).not.toMatch(/Did you mean "operationType"/);
  });
});
