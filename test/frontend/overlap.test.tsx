import { changeText, setChecked } from '../../local/runtime/bridge';
import { profilesCsv } from '../engine/harness';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness } from './pageHarness';

describe('the admin page: a file whose organizations another job is changing', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  it('names the other job and the rows, keeps Start off until the admin says start anyway', async () => {
    page = await openAdminPage({ taskMs: 2_000 });
    const running = await page.runtime.invokeResolver<{ ok: true; data: { id: string } }>('startJob', {
      kind: 'profiles',
      text: profilesCsv(200),
      fileName: 'nightly.csv',
    });
    await page.waitForText('Import organizations');
    await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'TextArea' }).length > 0);
    await changeText(
      findNode(page.bridge.latestForgeDoc()!, { type: 'TextArea' }),
      'Organization Name,Region\nOrg 00042,EMEA\nSomeone New,APAC',
    );
    await page.clickButton('Preview');

    const previewed = await page.waitForText('CSM runs the two jobs');
    expect(textOf(previewed)).toContain(
      `The job from nightly.csv (${running.data.id}) changes the organizations of 1 row here: 2.`,
    );
    expect(findNode(previewed, { type: 'Button', text: 'Start job' }).props.isDisabled).toBe(true);
    const anyway = findNodes(previewed, { type: 'Checkbox' }).find((box) => box.props.name === 'allowOverlap')!;
    await setChecked(anyway, true);
    await page.clickButton('Start job');
    await page.waitForText(/rows done/);
    expect(page.invokes('startJob')).toEqual([expect.objectContaining({ allowOverlap: true, skipInvalid: false })]);
  });
});
