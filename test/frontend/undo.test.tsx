import { callHandler, type ForgeDocNode } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, tableRows, textOf, type PageHarness } from './pageHarness';

/** Clicks the button `label` in the row of the table `caption` whose first cell is `first`. */
async function clickRowButton(page: PageHarness, caption: string, first: string, label: string) {
  const doc = page.bridge.latestForgeDoc()!;
  const table = findNodes(doc, { type: 'DynamicTable' }).find((node) => node.props.label === caption);
  const row = findNodes(table!, { type: 'Row' }).find((node) => textOf(node.children[0]) === first);
  if (!row) throw new Error(`No row "${first}" in ${caption}`);
  await callHandler(findNode(row, { type: 'Button', text: label }) as ForgeDocNode, 'onClick');
}

/** The first cell of the row of table `caption` whose first cell starts with `prefix`. */
function firstCell(page: PageHarness, caption: string, prefix: string): string {
  const doc = page.bridge.latestForgeDoc()!;
  const table = findNodes(doc, { type: 'DynamicTable' }).find((node) => node.props.label === caption);
  const row = findNodes(table!, { type: 'Row' }).find((node) => textOf(node.children[0]).startsWith(prefix));
  if (!row) throw new Error(`No row starting "${prefix}" in ${caption}`);
  return textOf(row.children[0]);
}

type Answer<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

describe('the admin page: undoing a job', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  async function runJob(csv: string): Promise<string> {
    const started = await page.runtime.invokeResolver<Answer<{ id: string }>>('startJob', {
      kind: 'profiles',
      text: csv,
    });
    if (!started.ok) throw new Error(started.message);
    for (;;) {
      const view = await page.runtime.invokeResolver<Answer<{ status: string }>>('getJob', { jobId: started.data.id });
      if (view.ok && view.data.status === 'SUCCEEDED') return started.data.id;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('asks first, then starts a job that puts the replaced values back', async () => {
    page = await openAdminPage();
    await runJob(['Organization Name,Region', 'Acme,EMEA', 'Globex,APAC'].join('\n'));
    const changed = await runJob(['Organization Name,Region', 'Acme,LATAM', 'Globex,APAC'].join('\n'));

    await page.waitForText('Import organizations');
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Tabs' }) as ForgeDocNode, 'onChange', 1);
    // The newest job is listed first.
    await page.clickButton('Open');
    await page.clickButton('Undo this job');
    const asked = await page.waitForText('Undo the job');
    expect(textOf(asked)).toMatch(/organizations the job created stay/);
    await page.clickButton('Go back');
    expect(page.invokes('undoJob')).toEqual([]);

    await page.clickButton('Undo this job');
    await page.clickButton('Undo the job');
    const undone = await page.bridge.waitForDoc((doc) => /puts back what job .*1 of 1 row done/.test(textOf(doc)));
    expect(textOf(undone)).toContain(`puts back what job ${changed} changed`);
    expect(page.emulator.state().organizations.find((org) => org.name === 'Acme')?.details.Region).toEqual(['EMEA']);
  });

  it('lists organizations changed since the job, left as they are, and restores them only when the admin confirms', async () => {
    page = await openAdminPage();
    await runJob(['Organization Name,Region', 'Acme,EMEA', 'Globex,APAC'].join('\n'));
    await runJob(['Organization Name,Region', 'Acme,LATAM', 'Globex,LATAM'].join('\n'));
    // Someone changes Acme's Region again after the job.
    const state = page.emulator.state();
    state.organizations.find((org) => org.name === 'Acme')!.details.Region = ['AMER'];
    page.emulator.setState(state);

    await page.waitForText('Import organizations');
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Tabs' }) as ForgeDocNode, 'onChange', 1);
    await page.clickButton('Open');
    await page.clickButton('Undo this job');
    await page.clickButton('Undo the job');
    const undone = await page.bridge.waitForDoc(
      (doc) => /It was changed again after job/.test(textOf(doc)) && /2 of 2 rows done/.test(textOf(doc)),
    );
    expect(textOf(undone)).toMatch(/Region is now “AMER” \(the job set “LATAM”\)/);
    const region = (name: string) =>
      page.emulator.state().organizations.find((org) => org.name === name)?.details.Region;
    expect(region('Globex')).toEqual(['APAC']);
    expect(region('Acme')).toEqual(['AMER']);

    await page.clickButton('Retry 1 row');
    await page.waitForText('Restore them anyway');
    await page.clickButton('Go back');
    expect(page.invokes('retryFailed')).toEqual([]);
    await page.clickButton('Retry 1 row');
    await page.clickButton('Restore them anyway');
    await page.bridge.waitForDoc((doc) => /retry of job .*1 of 1 row done/.test(textOf(doc)));
    expect(region('Acme')).toEqual(['EMEA']);
  });

  it('deletes the organizations a job created in one delete job, once the admin confirms; the counts are the ledger’s', async () => {
    page = await openAdminPage();
    const jobId = await runJob(['Organization Name,Region', 'Acme,EMEA', 'Globex,APAC'].join('\n'));
    await page.waitForText('Import organizations');
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Tabs' }) as ForgeDocNode, 'onChange', 1);
    await page.clickButton('Open');
    // The page's counts are the job's ledger, as the CLI's --json gives them.
    const view = await page.runtime.invokeResolver<Answer<{ ledger: Record<string, number> }>>('getJob', { jobId });
    if (!view.ok) throw new Error(view.message);
    expect(view.data.ledger).toMatchObject({ rows: 2, created: 2, updated: 0, failed: 0 });
    const listed = await page.waitForText('Organizations this job created: 2.');
    expect(textOf(listed)).toContain('Rows: 2 · Created: 2');
    const ids = page.emulator.state().organizations.map((org) => org.id);
    expect(tableRows(listed, 'Organizations this job created').map((cells) => cells.slice(1))).toEqual([
      ['Acme', ids[0]],
      ['Globex', ids[1]],
    ]);

    await page.clickButton('Delete the 2 organizations this job created');
    await page.waitForText('This cannot be undone');
    await page.clickButton('Go back');
    expect(page.invokes('deleteCreated')).toEqual([]);
    expect(page.emulator.state().organizations).toHaveLength(2);

    await page.clickButton('Delete the 2 organizations this job created');
    await page.clickButton('Delete them');
    // The delete job opens, and its ledger says what became of each row.
    const deleting = await page.bridge.waitForDoc(
      (doc) =>
        /deletes the organizations job \S+ created/.test(textOf(doc)) && /Rows: 2 · Deleted: 2/.test(textOf(doc)),
    );
    expect(textOf(deleting)).toMatch(/Delete of what job \S+ created, started/);
    expect(page.invokes('deleteCreated')).toEqual([{ jobId, confirm: true }]);
    expect(page.emulator.state().organizations).toHaveLength(0);

    // Reopened, the job remembers: no second delete, the button opens the delete job.
    await page.clickButton('All jobs');
    await page.waitForText('Delete of what job');
    await clickRowButton(page, 'Jobs', firstCell(page, 'Jobs', 'Organization profiles'), 'Open');
    const reopened = await page.bridge.waitForDoc(
      (doc) => /Open the delete job/.test(textOf(doc)) && /Job \S+ deletes them/.test(textOf(doc)),
    );
    expect(textOf(reopened)).not.toMatch(/Delete the 2 organizations/);
  });
});
