import { kvs } from '@forge/kvs';
import { callHandler, type ForgeDocNode } from '../../local/runtime/bridge';
import { findNode, openAdminPage, textOf, type PageHarness } from './pageHarness';

type Answer<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

describe('the admin page: retrying the failed rows of an old job', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  it('says how old the rows are and sends nothing until the admin confirms', async () => {
    page = await openAdminPage();
    // Both rows time out in CSM once: a retry may send them again.
    page.emulator.setState({
      ...page.emulator.state(),
      rowFaults: [{ organization: 'Ghost 1' }, { organization: 'Ghost 2' }],
    });
    const csv = ['Organization Name,Operation', 'Ghost 1,CREATE', 'Ghost 2,CREATE'].join('\n');
    const started = await page.runtime.invokeResolver<Answer<{ id: string }>>('startJob', {
      kind: 'profiles',
      text: csv,
    });
    if (!started.ok) throw new Error(started.message);
    const jobId = started.data.id;
    for (;;) {
      const view = await page.runtime.invokeResolver<Answer<{ status: string }>>('getJob', { jobId });
      if (view.ok && view.data.status === 'FAILED') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Three days pass.
    const record = (await kvs.get<{ finishedAt: number }>(`job-meta:${jobId}`))!;
    await kvs.set(`job-meta:${jobId}`, { ...record, finishedAt: record.finishedAt - 3 * 86_400_000 });

    await page.waitForText('Import organizations');
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Tabs' }) as ForgeDocNode, 'onChange', 1);
    await page.clickButton('Open');
    await page.clickButton('Retry 2 rows');
    const asked = await page.waitForText('Send them anyway');
    expect(textOf(asked)).toMatch(/2 failed rows .* 3 days ago/);
    await page.clickButton('Go back');
    expect(page.invokes('retryFailed')).toEqual([{ jobId, confirmStale: false }]);

    await page.clickButton('Retry 2 rows');
    await page.clickButton('Send them anyway');
    const retried = await page.bridge.waitForDoc((doc) => /retry of job .*2 of 2 rows done/.test(textOf(doc)));
    expect(textOf(retried)).toContain(`retry of job ${jobId}`);
    expect(page.invokes('retryFailed').at(-1)).toEqual({ jobId, confirmStale: true });
  });
});
