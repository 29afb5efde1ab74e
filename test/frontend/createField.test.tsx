import { callHandler, changeText, type ForgeDocNode } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness } from './pageHarness';

const UNMATCHED = 'Columns that match no detail field';
/** The preview's message listing the columns that match no detail field (its title is a prop, not text). */
const unmatched = (doc: ForgeDocNode) =>
  findNodes(doc, { type: 'SectionMessage', props: { title: UNMATCHED } }).length > 0;
const FILE = [
  'Organization Name,Region,Segment',
  'Alpha,EMEA,Enterprise',
  'Beta,APAC,SMB',
  'Gamma,EMEA,Enterprise',
  'Delta,EMEA,SMB',
].join('\n');

/** "Create field" on a column that matches no detail field: the inferred field, editable, created, and the file previewed again. */
describe('the admin page: creating the field of an unknown column', () => {
  let page: PageHarness;
  beforeEach(async () => {
    page = await openAdminPage();
    await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'TextArea' }).length > 0);
    await changeText(findNode(page.bridge.latestForgeDoc()!, { type: 'TextArea' }), FILE);
    await page.clickButton('Preview');
    await page.bridge.waitForDoc(unmatched);
  });
  afterEach(async () => page.close());

  const modal = () => page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'Modal' }).length > 0);

  it('shows the inferred select field, takes an added option, creates it, and the file then starts clean', async () => {
    await page.clickButton('Create field "Segment"');
    const shown = findNode(await modal(), { type: 'Modal' });
    expect(textOf(shown)).toContain('Create the detail field "Segment"');
    expect(textOf(shown)).toContain('4 cells hold 2 distinct values: a select field with them as options.');
    expect(findNode(shown, { type: 'Select' }).props.value).toMatchObject({ value: 'SELECT' });
    // Types in words, not the API's names (SELECT, MULTISELECT).
    const labels = (findNode(shown, { type: 'Select' }).props.options as { label: string }[]).map((o) => o.label);
    expect(labels).toContain('Single choice (a list of options)');
    expect(labels.filter((label) => /^[A-Z]+$/.test(label))).toEqual([]);
    const options = findNode(shown, { type: 'TextArea', props: { name: 'newFieldOptions' } });
    expect(options.props.value).toBe('Enterprise\nSMB');
    await changeText(options, 'Enterprise\nSMB\nMid-market\n');

    await page.clickButton('Create the field');
    const previewed = await page.bridge.waitForDoc(
      (doc) =>
        findNodes(doc, { type: 'Modal' }).length === 0 &&
        textOf(doc).includes('4 rows ready') &&
        !unmatched(doc) &&
        textOf(doc).includes('Detail fields on this site: Region, Phone Number, Segment.'),
    );
    expect(textOf(previewed)).toContain('0 rows with errors');
    // The admin is told the field was created.
    expect(
      findNodes(previewed, { type: 'SectionMessage', props: { title: 'Detail field "Segment" created' } }),
    ).toHaveLength(1);
    expect(page.invokes('createFields')).toEqual([
      { definitions: [{ name: 'Segment', type: 'SELECT', options: ['Enterprise', 'SMB', 'Mid-market'] }] },
    ]);
    expect(page.emulator.state().detailFields.at(-1)).toEqual({
      name: 'Segment',
      type: 'SELECT',
      options: ['Enterprise', 'SMB', 'Mid-market'],
    });

    await page.clickButton('Start job');
    await page.waitForText('4 of 4 rows done.', 20_000);
    const segments = page.emulator.state().organizations.map((org) => [org.name, org.details.Segment]);
    expect(segments).toEqual([
      ['Alpha', ['Enterprise']],
      ['Beta', ['SMB']],
      ['Gamma', ['Enterprise']],
      ['Delta', ['SMB']],
    ]);
  });

  it('lets the admin choose another type, and says why a select field without options cannot be created', async () => {
    await page.clickButton('Create field "Segment"');
    const shown = findNode(await modal(), { type: 'Modal' });
    await changeText(findNode(shown, { type: 'TextArea', props: { name: 'newFieldOptions' } }), '  \n');
    await page.clickButton('Create the field');
    const refused = await page.waitForText('Options: a SELECT field needs at least one option.');
    expect(findNodes(refused, { type: 'Modal' })).toHaveLength(1);
    expect(page.invokes('createFields')).toEqual([]);

    await callHandler(findNode(findNode(refused, { type: 'Modal' }), { type: 'Select' }), 'onChange', {
      label: 'TEXT',
      value: 'TEXT',
    });
    const asText = await page.bridge.waitForDoc(
      (doc) => findNodes(doc, { type: 'TextArea', props: { name: 'newFieldOptions' } }).length === 0,
    );
    expect(findNode(findNode(asText, { type: 'Modal' }), { type: 'Select' }).props.value).toMatchObject({
      value: 'TEXT',
    });
    await page.clickButton('Create the field');
    await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'Modal' }).length === 0 && !unmatched(doc));
    expect(page.emulator.state().detailFields.at(-1)).toEqual({ name: 'Segment', type: 'TEXT', options: [] });
  });

  it('closes without creating anything on Cancel', async () => {
    await page.clickButton('Create field "Segment"');
    await modal();
    await page.clickButton('Cancel');
    const closed = await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'Modal' }).length === 0);
    expect(unmatched(closed)).toBe(true);
    expect(page.invokes('createFields')).toEqual([]);
  });
});
