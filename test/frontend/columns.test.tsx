import { changeText, setChecked } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness } from './pageHarness';

/** A column the kind has no use for, and a file of another kind than the one chosen: the page offers the way out. */
describe('the admin page: unknown columns and the kind of the file', () => {
  let page: PageHarness;
  beforeEach(async () => {
    page = await openAdminPage();
    await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'TextArea' }).length > 0);
  });
  afterEach(async () => page.close());

  const withMessage = (title: string) =>
    page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'SectionMessage', props: { title } }).length > 0);
  const paste = (csv: string) => changeText(findNode(page.bridge.latestForgeDoc()!, { type: 'TextArea' }), csv);

  it('checks the rows despite an unknown column, ignores it at one click, and starts without it', async () => {
    await paste(
      ['Organization Name,Operation,Region,Segment', 'Alpha,CREATE,EMEA,Gold', 'Beta,CREATE,Mars,Gold'].join('\n'),
    );
    await page.clickButton('Preview');
    const first = await withMessage('Columns that match no detail field');
    // The rows are still checked: Beta's region is named, although the file cannot start as it is.
    expect(textOf(first)).toContain('2 rows read (CSV): 1 row ready, 1 row with errors.');
    expect(textOf(first)).toMatch(/Row 3, column "Region": "Mars" is not an option/);
    expect(findNode(first, { type: 'Button', text: 'Start job' }).props.isDisabled).toBe(true);

    await page.clickButton('Ignore "Segment"');
    const ignored = await page.waitForText('Ignored: "Segment".');
    expect(
      findNodes(ignored, { type: 'SectionMessage', props: { title: 'Columns that match no detail field' } }),
    ).toHaveLength(0);
    expect(page.invokes('previewImport').at(-1)).toMatchObject({ ignoreColumns: ['Segment'] });

    await page.clickButton('Check them again');
    await withMessage('Columns that match no detail field');
    await page.clickButton('Ignore "Segment"');
    await page.waitForText('Ignored: "Segment".');
    const skip = findNode(page.bridge.latestForgeDoc()!, { type: 'Checkbox', props: { name: 'skipInvalid' } });
    await setChecked(skip, true);
    await page.clickButton('Start job');
    // The skipped row is one of the job's rows (the ledger's), placed from the start.
    await page.waitForText('2 of 2 rows done.', 20_000);
    expect(page.invokes('startJob')).toEqual([
      expect.objectContaining({ ignoreColumns: ['Segment'], skipInvalid: true }),
    ]);
    const alpha = page.emulator.state().organizations.find((org) => org.name === 'Alpha');
    expect(alpha?.details).toEqual({ Region: ['EMEA'] });
  });

  it('offers to read a detail values file as detail values when profiles were chosen', async () => {
    await paste(['Organization ID,Field,Operation,Values', '1,Region,UPDATE,EMEA'].join('\n'));
    await page.clickButton('Preview');
    const hinted = await withMessage('This looks like a file of detail values');
    // Its columns are another kind's, not detail fields to create on the site.
    expect(findNodes(hinted, { type: 'Button', text: /^Create field/ })).toHaveLength(0);
    expect(findNodes(hinted, { type: 'Button', text: 'Ignore "Field"' })).toHaveLength(1);
    await page.clickButton('Switch to Detail values');
    const reread = await page.bridge.waitForDoc(
      (doc) => /1 row read \(CSV\)/.test(textOf(doc)) && !JSON.stringify(doc).includes('This looks like'),
    );
    expect(findNode(reread, { type: 'Select' }).props.value).toMatchObject({ value: 'details' });
    expect(page.invokes('previewImport').map((payload) => payload.kind)).toEqual(['details']);
  });

  it('drops a preview answered after the file changed', async () => {
    await paste(['Organization Name,Region', 'Alpha,EMEA', 'Beta,APAC', 'Gamma,AMER'].join('\n'));
    await page.clickButton('Preview');
    // The admin replaces the rows while the first preview is on its way.
    const changedAt = page.bridge.forgeDocs().length;
    await paste(['Organization Name,Region', 'Delta,EMEA'].join('\n'));
    await page.clickButton('Preview');
    await page.waitForText('1 row read (CSV): 1 row ready, 0 rows with errors.');
    const later = page.bridge.forgeDocs().slice(changedAt);
    expect(later.some((doc) => textOf(doc).includes('3 rows read'))).toBe(false);
    expect(page.invokes('previewImport')).toHaveLength(2);
  });
});
