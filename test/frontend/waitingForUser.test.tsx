import { changeText } from '../../local/runtime/bridge';
import { profilesCsv } from '../engine/harness';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness } from './pageHarness';

describe('the admin page when the site refuses impersonation', () => {
  let page: PageHarness;
  beforeAll(async () => {
    page = await openAdminPage({ impersonation: false });
  });
  afterAll(async () => page.close());

  it('explains that the job waits for the page, then drives it to the end with advanceJob', async () => {
    const loaded = await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'TextArea' }).length > 0);
    await changeText(findNode(loaded, { type: 'TextArea' }), profilesCsv(120));
    await page.clickButton('Preview');
    await page.waitForText('120 rows read');
    await page.clickButton('Start job');

    const waiting = await page.bridge.waitForDoc(
      (doc) =>
        findNodes(doc, { type: 'SectionMessage', props: { title: 'Keep this page open: it is running the job' } })
          .length > 0,
      { timeoutMs: 15_000 },
    );
    expect(textOf(findNode(waiting, { type: 'SectionMessage', props: { appearance: 'warning' } }))).toMatch(
      /Open this page|stays open/,
    );

    const done = await page.bridge.waitForDoc(
      (doc) => findNodes(doc, { type: 'Lozenge', text: 'Succeeded' }).length > 0,
      { timeoutMs: 25_000 },
    );
    expect(textOf(done)).toContain('120 of 120 rows done.');
    expect(
      findNodes(done, { type: 'SectionMessage', props: { title: 'Keep this page open: it is running the job' } }),
    ).toHaveLength(0);
    expect(page.invokes('advanceJob').length).toBeGreaterThan(0);
    expect(page.emulator.state().organizations).toHaveLength(120);
  });
});
