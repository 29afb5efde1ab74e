import { callHandler, type ForgeDocNode } from '../../local/runtime/bridge';
import { profilesCsv } from '../engine/harness';
import { findNode, findNodes, openAdminPage, tableRows, textOf, type PageHarness } from './pageHarness';

type Answer<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

/** Issue 22, the job pages: the list follows running jobs, follow-ups say what they are, numbers are the ledger's. */
describe('the admin page: jobs', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  async function startJob(csv: string, options: Record<string, unknown> = {}): Promise<string> {
    const started = await page.runtime.invokeResolver<Answer<{ id: string }>>('startJob', {
      kind: 'profiles',
      text: csv,
      ...options,
    });
    if (!started.ok) throw new Error(started.message);
    return started.data.id;
  }

  async function ended(jobId: string): Promise<void> {
    for (;;) {
      const view = await page.runtime.invokeResolver<Answer<{ status: string }>>('getJob', { jobId });
      if (view.ok && ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'].includes(view.data.status)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function jobsTab(): Promise<void> {
    await page.waitForText('Import organizations');
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Tabs' }) as ForgeDocNode, 'onChange', 1);
  }

  it('reads the jobs list again while a job runs, until it has ended', async () => {
    page = await openAdminPage({ taskMs: 600 });
    await jobsTab();
    await page.bridge.waitForDoc((doc) =>
      findNodes(doc, { type: 'DynamicTable' }).some((table) => table.props.label === 'Jobs' && !table.props.isLoading),
    );
    await startJob(profilesCsv(3));
    await page.clickButton('Refresh');
    await page.bridge.waitForDoc((doc) => /Queued|Running/.test(tableRows(doc, 'Jobs')[0]?.[1] ?? ''));
    // No click: the list reads itself again and shows the job's end.
    const done = await page.bridge.waitForDoc((doc) => tableRows(doc, 'Jobs')[0]?.[1] === 'Succeeded', {
      timeoutMs: 15_000,
    });
    expect(tableRows(done, 'Jobs')[0][3]).toBe('Rows: 3 · Created: 3');
    const reads = page.invokes('listJobs').length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Once every job shown has ended, it stops.
    expect(page.invokes('listJobs').length).toBe(reads);
  });

  it('titles a follow-up by what it is of, and offers no undo for a job that only created', async () => {
    page = await openAdminPage();
    const created = await startJob(['Organization Name,Region', 'Acme,EMEA'].join('\n'));
    await ended(created);
    const changed = await startJob(['Organization Name,Region', 'Acme,LATAM'].join('\n'));
    await ended(changed);
    const undo = await page.runtime.invokeResolver<Answer<{ id: string }>>('undoJob', { jobId: changed });
    if (!undo.ok) throw new Error(undo.message);
    await ended(undo.data.id);

    await jobsTab();
    const listed = await page.bridge.waitForDoc((doc) => tableRows(doc, 'Jobs').length === 3);
    const titles = tableRows(listed, 'Jobs').map((cells) => cells[0]);
    expect(titles[0]).toMatch(new RegExp(`^Undo of job ${changed}, started `));
    expect(titles.slice(1).every((title) => title.startsWith('Organization profiles, started'))).toBe(true);

    // The job that only created: nothing existed before it, so there is nothing to undo; deleting is destructive.
    const row = findNodes(findNodes(listed, { type: 'DynamicTable' })[0], { type: 'Row' })[2];
    await callHandler(findNode(row, { type: 'Button', text: 'Open' }), 'onClick');
    const opened = await page.waitForText('Delete the 1 organization this job created');
    expect(findNodes(opened, { type: 'Button', text: 'Undo this job' })).toHaveLength(0);
    expect(
      findNode(opened, { type: 'Button', text: 'Delete the 1 organization this job created' }).props.appearance,
    ).toBe('danger');
    await page.clickButton('Delete the 1 organization this job created');
    const asked = await page.waitForText('Delete them');
    expect(findNode(asked, { type: 'Button', text: 'Delete them' }).props.appearance).toBe('danger');
    expect(findNode(asked, { type: 'ModalTitle' }).props.appearance).toBe('danger');
  });

  it('closes the cancel question once the job has ended, and a cancelled job blames the cancel for its fewer requests', async () => {
    page = await openAdminPage({ taskMs: 1_500, maxActiveTasks: 1 });
    await page.runtime.invokeResolver('saveSettings', { taskCap: 1 });
    const small = await startJob(profilesCsv(2));
    await jobsTab();
    await page.clickButton('Open');
    await page.clickButton('Cancel job');
    await page.waitForText('Cancel this job?');
    // The job ends on its own while the question is open: the question has no object any more.
    await page.bridge.waitForDoc(
      (doc) =>
        findNodes(doc, { type: 'Lozenge', text: 'Succeeded' }).length > 0 && !/Cancel this job\?/.test(textOf(doc)),
      { timeoutMs: 15_000 },
    );
    expect(page.invokes('cancelJob')).toEqual([]);
    await ended(small);

    // 250 rows in 3 requests, cancelled while the first is with CSM.
    const tasksBefore = page.emulator.state().tasks.length;
    const big = await startJob(profilesCsv(250));
    for (let i = 0; i < 400 && page.emulator.state().tasks.length === tasksBefore; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 25));
    await page.runtime.invokeResolver('cancelJob', { jobId: big });
    await ended(big);
    await page.clickButton('All jobs');
    await page.bridge.waitForDoc((doc) => tableRows(doc, 'Jobs').length === 2);
    await page.clickButton('Open');
    const cancelled = await page.waitForText(/instead of the 3 planned/, 15_000);
    expect(textOf(cancelled)).toMatch(/the job was cancelled before it sent the rest/);
    expect(textOf(cancelled)).not.toMatch(/rows that changed nothing/);
    // Two rows are the small job's organizations: unchanged, and still the cancel is what the line names.
    expect(textOf(cancelled)).toMatch(/Rows: 250 · Created: 98 · Unchanged \(not sent\): 2 · Not sent: 150/);
    expect(textOf(cancelled)).toContain('100 of 250 rows done.');
  });
});
