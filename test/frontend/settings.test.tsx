import { callHandler, changeText, type ForgeDocNode } from '../../local/runtime/bridge';
import { enabledButton, findNode, findNodes, openAdminPage, textOf, type PageHarness } from './pageHarness';

type Answer<T> = { ok: true; data: T } | { ok: false; code: string; message: string };

/** Issue 22 (finding 12): CSM refused 51 submits at a cap of 12; the cap is the site's, shared with other tools. */
describe('the admin page: the task cap', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  it('pins 1 to 10 or lets jobs learn, says the cap is shared with the other tools on the site, and the resolver refuses more', async () => {
    page = await openAdminPage();
    await page.waitForText('Import organizations');
    await callHandler(findNode(page.bridge.latestForgeDoc()!, { type: 'Tabs' }) as ForgeDocNode, 'onChange', 2);
    const settings = await page.bridge.waitForDoc(
      (doc) => findNodes(doc, { type: 'Textfield', props: { name: 'taskCap' } })[0]?.props.value === '5',
    );
    expect(textOf(settings)).toMatch(/shared with every other tool/);
    expect(textOf(settings)).toMatch(/Learnt: jobs start at 5, try one more task after each wave/);
    expect(textOf(settings)).toMatch(/Learnt from CSM's answers: nothing yet \(a new site starts at 5\)/);
    const field = findNode(settings, { type: 'Textfield', props: { name: 'taskCap' } });
    expect(field.props).toMatchObject({ min: 1, max: 10 });
    // A short value in a short field.
    expect(field.props.width).toBe('xsmall');

    await changeText(field, '11');
    const refused = await page.waitForText('Enter a whole number from 1 to 10.');
    expect(enabledButton(refused, 'Pin the cap')).toBeUndefined();
    await changeText(findNode(refused, { type: 'Textfield', props: { name: 'taskCap' } }), '10');
    await page.clickButton('Pin the cap');
    const pinned = await page.waitForText('New jobs keep up to 10 tasks open at once.');
    expect(textOf(pinned)).toMatch(/Pinned at 10: every new job keeps up to 10 tasks open/);
    await page.clickButton('Let jobs learn the cap');
    await page.waitForText("New jobs start at 5 tasks and learn the site's cap from CSM's answers.");
    await page.clickButton('Pin the cap');
    await page.waitForText('New jobs keep up to 5 tasks open at once.');
    await changeText(findNode(page.bridge.latestForgeDoc()!, { type: 'Textfield', props: { name: 'taskCap' } }), '10');
    await page.clickButton('Pin the cap');
    await page.waitForText('New jobs keep up to 10 tasks open at once.');

    const answer = await page.runtime.invokeResolver<Answer<unknown>>('saveSettings', { taskCap: 50 });
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    const stored = await page.runtime.invokeResolver<Answer<{ taskCap: number }>>('getSettings', {});
    expect(stored).toMatchObject({ ok: true, data: { taskCap: 10, pinned: true } });
  });

  it('reads a cap stored before the bound (up to 50 was accepted) as 10, for the page and for new jobs', async () => {
    page = await openAdminPage();
    await page.runtime.runAsFunction(async () => {
      const { kvs } = await import('@forge/kvs');
      await kvs.set('site:settings', { taskCap: 50 });
    });
    const read = await page.runtime.invokeResolver<Answer<{ taskCap: number }>>('getSettings', {});
    expect(read).toMatchObject({ ok: true, data: { taskCap: 10 } });
    const started = await page.runtime.invokeResolver<Answer<{ taskCap: number }>>('startJob', {
      kind: 'profiles',
      text: ['Organization Name', 'Acme'].join('\n'),
    });
    expect(started).toMatchObject({ ok: true, data: { taskCap: 10 } });
  });
});
