import { callHandler, type ForgeDocNode } from '../../local/runtime/bridge';
import { pollDelay } from '../../src/frontend/hooks/pollSchedule';
import { profilesCsv } from '../engine/harness';
import { findNode, openAdminPage, type PageHarness } from './pageHarness';

type Answer<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

/**
 * The browser's side of the host: UI Kit pages run in an iframe whose document says whether the tab is shown. The
 * local runtime has no document, so the test gives the page one it can hide and show.
 */
class HostDocument extends EventTarget {
  visibilityState: 'visible' | 'hidden' = 'visible';
  set(state: 'visible' | 'hidden') {
    this.visibilityState = state;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Issue 26, finding 3: an open page asks about a job with a price each time; it asks less when nothing changes. */
describe('the job page polls', () => {
  let page: PageHarness;
  let host: HostDocument;
  beforeEach(() => {
    host = new HostDocument();
    (globalThis as { document?: unknown }).document = host;
  });
  afterEach(async () => {
    await page?.close();
    delete (globalThis as { document?: unknown }).document;
  });

  /** A job that stays running (one long task), open on its page (the harness polls every 50 ms). */
  async function openRunningJob(): Promise<void> {
    page = await openAdminPage({ taskMs: 60_000 });
    const started = await page.runtime.invokeResolver<Answer<{ id: string }>>('startJob', {
      kind: 'profiles',
      text: profilesCsv(1),
    });
    if (!started.ok) throw new Error(started.message);
    await page.waitForText('Import organizations');
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Tabs' }) as ForgeDocNode, 'onChange', 1);
    await page.clickButton('Open');
    // From the task's submission on, nothing the page reads changes. Until then it may (queued, then sent): on a
    // loaded machine the runner sent it after the page's first reads, and a read that shows news starts over at 50 ms.
    const submitted = () => page.emulator.stats().requests['POST /jsm/csm/api/v1/organization/profile/bulk'] ?? 0;
    while (submitted() === 0) await settle(5);
    await readTimes(2);
  }

  /** When each of the next `count` getJob reads was made (ms, real time). */
  async function readTimes(count: number): Promise<number[]> {
    const times: number[] = [];
    let seen = page.invokes('getJob').length;
    while (times.length < count) {
      await settle(5);
      const now = page.invokes('getJob').length;
      if (now > seen) times.push(...Array.from({ length: now - seen }, () => Date.now()));
      seen = now;
    }
    return times;
  }

  it('asks less and less often while the job shows nothing new', async () => {
    await openRunningJob();
    const times = await readTimes(8);
    const gaps = times.slice(1).map((at, i) => at - times[i]);
    // 50 ms at first, then half as long again each time nothing changed: the seventh wait at least 50 × 1.5^5 ms.
    expect(pollDelay(50, 5)).toBe(380);
    expect(gaps[gaps.length - 1]).toBeGreaterThanOrEqual(pollDelay(50, 5) - 10);
    expect(pollDelay(2_000, 20)).toBe(30_000);
  }, 30_000);

  it('asks nothing while the page is hidden, and asks again at once when it is shown', async () => {
    await openRunningJob();
    await readTimes(2);
    host.set('hidden');
    await settle(100); // a read on its way when the page was hidden ends
    const hiddenAt = page.invokes('getJob').length;
    await settle(1_500);
    expect(page.invokes('getJob').length).toBe(hiddenAt);
    host.set('visible');
    await readTimes(1);
    expect(page.invokes('getJob').length).toBeGreaterThan(hiddenAt);
  }, 30_000);
});
