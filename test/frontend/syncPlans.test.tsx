import { callHandler, changeText } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness, tableRows } from './pageHarness';

const SOURCE = ['Organization Name,Region', 'Acme,EMEA', 'Globex,APAC', 'Initech,AMER'].join('\n');

const picked = (name: string, text: string) => [
  { name, type: 'text/csv', size: text.length, data: Buffer.from(text).toString('base64') },
];

/**
 * The timers the sync plans' poll (useSyncPlans) sets, told from every other timer by who sets them: how many it
 * scheduled, and which are still to fire. A poll that is not pending cannot happen: only a pending one reads again.
 */
function watchPollTimers() {
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  const pending = new Set<unknown>();
  let scheduled = 0;
  jest.spyOn(globalThis, 'setTimeout').mockImplementation(((
    callback: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    if (!new Error().stack?.includes('useSyncPlans')) return realSetTimeout(callback, ms, ...args);
    scheduled += 1;
    const timer = realSetTimeout(() => {
      pending.delete(timer);
      callback(...args);
    }, ms);
    pending.add(timer);
    return timer;
  }) as typeof setTimeout);
  jest.spyOn(globalThis, 'clearTimeout').mockImplementation((timer) => {
    pending.delete(timer);
    realClearTimeout(timer);
  });
  return { scheduled: () => scheduled, pending: () => pending.size };
}

describe('the Sync plans page', () => {
  let page: PageHarness;
  afterEach(async () => {
    await page?.close();
    jest.restoreAllMocks();
  });

  it('creates a plan matched by id, follows its run, shows drift, replaces its file, and asks before deleting it', async () => {
    // Tasks slow enough that the page sees the run going before it ends.
    page = await openAdminPage({ taskMs: 1_500 });
    await callHandler(findNode(await page.waitForText('Import organizations'), { type: 'Tabs' }), 'onChange', 2);
    const empty = await page.waitForText('No sync plans yet.');

    // A new plan: its name, a file, every hour, matched by Organization ID.
    // A short value, a field sized for it (not the page's full width).
    expect(findNode(empty, { type: 'Textfield', props: { name: 'syncName' } }).props.width).toBe('large');
    await changeText(findNode(empty, { type: 'Textfield', props: { name: 'syncName' } }), 'CRM export');
    await callHandler(
      findNode(page.bridge.latestForgeDoc()!, { type: 'FilePicker' }),
      'onChange',
      picked('crm.csv', SOURCE),
    );
    // The form says which file was chosen.
    expect(textOf(await page.waitForText('Chosen file: crm.csv.'))).toContain('Chosen file: crm.csv.');
    const selects = () => findNodes(page.bridge.latestForgeDoc()!, { type: 'Select' });
    await callHandler(
      selects().find((node) => String(node.props.inputId).endsWith('sync-schedule'))!,
      'onChange',
      { value: 'hour' },
    );
    await callHandler(
      selects().find((node) => String(node.props.inputId).endsWith('sync-match'))!,
      'onChange',
      { value: 'id' },
    );
    await page.clickButton('Add sync plan');
    const created = await page.waitForText('Every hour, from the uploaded file crm.csv.');
    expect(textOf(created)).toContain('Rows match organizations by Organization ID (a row without one, by name).');
    expect(textOf(created)).toContain('Not run yet.');
    expect(page.invokes('saveSyncPlan')[0]).toMatchObject({
      name: 'CRM export',
      source: { kind: 'file', fileName: 'crm.csv', text: SOURCE },
      schedule: { every: 'hour' },
      matchBy: 'id',
    });

    // Run now: the page shows the run going, then its end, without being asked, and stops reading once it ended.
    const polls = watchPollTimers();
    await page.clickButton('Run now');
    await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'Lozenge', text: 'Running' }).length > 0);
    const applied = await page.bridge.waitForDoc(
      (doc) => findNodes(doc, { type: 'Lozenge', text: 'Applied' }).length > 0,
      { timeoutMs: 20_000 },
    );
    expect(textOf(applied)).toMatch(
      /3 rows compared, 3 sent to CSM to compare: 3 changed, 0 already as in the source, 0 failed/,
    );
    expect(page.invokes('listSyncPlans').length).toBeGreaterThan(3);
    // While the run went, the page scheduled its next reading each time; the reading that saw it end scheduled none.
    expect(polls.scheduled()).toBeGreaterThanOrEqual(2);
    expect(polls.pending()).toBe(0);

    // Someone changes Acme's Region in CSM: Verify names the row and the field that differs.
    const state = page.emulator.state();
    page.emulator.setState({
      ...state,
      organizations: state.organizations.map((org) =>
        org.name === 'Acme' ? { ...org, details: { ...org.details, Region: ['APAC'] } } : org,
      ),
    });
    await page.clickButton('Verify');
    const drifted = await page.bridge.waitForDoc(
      (doc) => findNodes(doc, { type: 'SectionMessage', props: { title: '1 organization drifted' } }).length > 0,
      { timeoutMs: 10_000 },
    );
    expect(textOf(drifted)).toContain('The next run sends it again');
    expect(tableRows(drifted, 'Drifted organizations of CRM export')).toEqual([
      ['2', 'Acme', 'Region: expected EMEA, found APAC'],
    ]);

    // Replace file: the plan keeps its id, schedule and matching; the next run sends the drifted and the changed row.
    await page.clickButton('Replace file');
    const picker = await page.bridge.waitForDoc((doc) =>
      findNodes(doc, { type: 'FilePicker' }).some((node) => String(node.props.label).startsWith('The new file')),
    );
    const changed = SOURCE.replace('Globex,APAC', 'Globex,LATAM');
    await callHandler(
      findNodes(picker, { type: 'FilePicker' }).find((node) => String(node.props.label).startsWith('The new file'))!,
      'onChange',
      picked('crm-v2.csv', changed),
    );
    await page.waitForText('Every hour, from the uploaded file crm-v2.csv.');
    const replaced = page.invokes('saveSyncPlan').at(-1)!;
    const planId = (page.invokes('runSyncNow')[0] as { planId: string }).planId;
    expect(replaced).toMatchObject({
      planId,
      name: 'CRM export',
      source: { kind: 'file', fileName: 'crm-v2.csv', text: changed },
      schedule: { every: 'hour' },
      matchBy: 'id',
      enabled: true,
    });
    await page.clickButton('Run now');
    const second = await page.waitForText(/3 rows compared, 2 sent to CSM to compare: 2 changed/, 20_000);
    expect(findNodes(second, { type: 'Lozenge', text: 'Applied' })).toHaveLength(1);
    // What Verify found was about the run before: a later run takes its panel away.
    expect(findNodes(second, { type: 'SectionMessage', props: { title: '1 organization drifted' } })).toEqual([]);
    const regions = new Map(page.emulator.state().organizations.map((org) => [org.name, org.details.Region]));
    expect(regions).toEqual(
      new Map([
        ['Acme', ['EMEA']],
        ['Globex', ['LATAM']],
        ['Initech', ['AMER']],
      ]),
    );

    // Delete asks first: going back deletes nothing; confirming deletes the plan. Both buttons say it destroys.
    expect(findNode(page.bridge.latestForgeDoc()!, { type: 'Button', text: 'Delete' }).props.appearance).toBe('danger');
    await page.clickButton('Delete');
    const asked = await page.waitForText('Delete the sync plan "CRM export"?');
    expect(textOf(findNode(asked, { type: 'Modal' }))).toContain('The organizations in CSM stay as they are.');
    await page.clickButton('Go back');
    await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'Modal' }).length === 0);
    expect(page.invokes('deleteSyncPlan')).toEqual([]);
    await page.clickButton('Delete');
    await page.clickButton('Delete the plan');
    await page.waitForText('No sync plans yet.');
    expect(page.invokes('deleteSyncPlan')).toEqual([{ planId }]);
  });

  it('refuses a broken file when the plan is added, showing its row problems, and saves nothing', async () => {
    page = await openAdminPage();
    await callHandler(findNode(await page.waitForText('Import organizations'), { type: 'Tabs' }), 'onChange', 2);
    const empty = await page.waitForText('No sync plans yet.');
    await changeText(findNode(empty, { type: 'Textfield', props: { name: 'syncName' } }), 'CRM export');
    const broken = ['Organization Name,Region', 'Acme,Narnia', 'Globex,APAC'].join('\n');
    await callHandler(
      findNode(page.bridge.latestForgeDoc()!, { type: 'FilePicker' }),
      'onChange',
      picked('broken.csv', broken),
    );
    await page.waitForText('Chosen file: broken.csv.');
    await page.clickButton('Add sync plan');
    const refused = await page.waitForText(/The file broken\.csv cannot be kept in sync/);
    const shown = findNodes(refused, { type: 'SectionMessage' }).find((node) => textOf(node).includes('broken.csv'))!;
    expect(shown.props.title).toBe('Saving the sync plan found problems in broken.csv');
    expect(textOf(shown)).toContain('Row 2, column "Region": "Narnia" is not an option of the field Region.');
    // Nothing saved; the form keeps the file, to choose a corrected one.
    expect(textOf(refused)).toContain('No sync plans yet.');
    expect(textOf(refused)).toContain('Chosen file: broken.csv.');
    const listed = await page.runtime.invokeResolver<{ ok: true; data: { plans: unknown[] } }>('listSyncPlans', {});
    expect(listed.data.plans).toEqual([]);
  });
});
