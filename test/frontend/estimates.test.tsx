import { changeText } from '../../local/runtime/bridge';
import { timeLeft } from '../../src/frontend/words';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness } from './pageHarness';

/** Issue 26 (8): real tasks take seconds to minutes; a 100,000-row job can take hours. Failed before: no estimate. */
describe('the admin page: how long a job takes', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  it('says what is left of a running job and when it should end', () => {
    const now = Date.UTC(2026, 11, 7, 14, 30);
    expect(timeLeft((2 * 60 + 10) * 60_000, now)).toBe('About 2 h 10 min (ends about 16:40 UTC)');
    expect(timeLeft(30_000, now)).toBe('About 30 s');
    expect(timeLeft(undefined, now)).toBe('Estimating…');
  });

  it("estimates in the preview from the site's task time and cap, and says when it cannot yet", async () => {
    page = await openAdminPage();
    const csv = ['Organization Name,Region', ...Array.from({ length: 1_200 }, (_, i) => `Org ${i},EMEA`)].join('\n');
    const preview = async (text: string, shows: string) => {
      await page.waitForText('Import organizations');
      await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'TextArea' }).length > 0);
      await changeText(findNode(page.bridge.latestForgeDoc()!, { type: 'TextArea' }), text);
      await page.clickButton('Preview');
      return textOf(await page.waitForText(shows));
    };
    expect(await preview(csv, '1,200 rows read')).toContain(
      'How long the job takes is known after a first job on this site',
    );

    // The site's last job measured 8-minute tasks (a peer's figure for 100 profiles): 12 requests, 5 at once.
    await page.runtime.runAsFunction(async () => {
      const { kvs } = await import('@forge/kvs');
      await kvs.set('site:task-time', { meanMs: 480_000, minMs: 400_000 });
    });
    // 1,201 rows: 13 requests, in 3 waves of 5.
    expect(await preview(`${csv}\nOrg extra,EMEA`, '1,201 rows read')).toContain(
      "On this site the job probably takes about 24 min (CSM's tasks took about 8 min each in its last job, 5 tasks at once).",
    );
  });
});
