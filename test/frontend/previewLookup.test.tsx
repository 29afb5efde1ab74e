import { changeText } from '../../local/runtime/bridge';
import { profilesCsv } from '../engine/harness';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness } from './pageHarness';

describe('the admin page: a preview of more rows than a resolver looks up', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  it('shows the background lookup of the whole file with its progress, then the whole file’s counts', async () => {
    page = await openAdminPage();
    // 200 of the 800 rows exist already, 100 of them as the file says.
    const started = await page.runtime.invokeResolver<{ ok: boolean; data: { id: string } }>('startJob', {
      kind: 'profiles',
      text: profilesCsv(200),
    });
    for (;;) {
      const view = await page.runtime.invokeResolver<{ ok: boolean; data: { status: string } }>('getJob', {
        jobId: started.data.id,
      });
      if (view.data.status === 'SUCCEEDED') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const csv = profilesCsv(800, (i) => (i < 100 ? 'LATAM' : ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'][i % 5]));

    await page.waitForText('Import organizations');
    await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'TextArea' }).length > 0);
    await changeText(findNode(page.bridge.latestForgeDoc()!, { type: 'TextArea' }), csv);
    await page.clickButton('Preview');

    const first = await page.waitForText('800 rows read');
    expect(textOf(first)).toMatch(/Of the first 250 rows:|Looking up every row on the site/);
    const done = await page.bridge.waitForDoc((doc) => /Create 600/.test(textOf(doc)), { timeoutMs: 20_000 });
    const lozenges = findNodes(done, { type: 'Lozenge' }).map(textOf);
    // Rows 0-99 get LATAM (80 of them had another Region), rows 100-199 are as the file says, the rest are new.
    expect(lozenges).toEqual(expect.arrayContaining(['Create 600', 'Update 80', 'Unchanged 120', 'Will fail 0']));
    expect(textOf(done)).not.toMatch(/Of the first/);
    expect(page.invokes('getLookup').length).toBeGreaterThan(0);
    const progress = page.bridge
      .forgeDocs()
      .filter(
        (doc) =>
          findNodes(doc, { type: 'ProgressBar', props: { ariaLabel: "Looking up the file's rows on the site" } })
            .length > 0,
      );
    expect(progress.length).toBeGreaterThan(0);
  });
});
