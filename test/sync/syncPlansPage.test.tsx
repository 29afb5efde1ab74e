import { callHandler, changeText } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness } from '../frontend/pageHarness';
import { writeRequests } from '../engine/harness';

describe('the Sync plans section of the settings', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  it('refuses a URL plan on an origin the manifest does not declare, and says what an admin can do', async () => {
    page = await openAdminPage();
    await callHandler(findNode(await page.waitForText('Settings'), { type: 'Tabs' }), 'onChange', 2);
    // Both sections of the tab load before the test goes on, so no answer arrives after the page is closed.
    const empty = await page.bridge.waitForDoc(
      (doc) =>
        textOf(doc).includes('No sync plans yet.') &&
        findNodes(doc, { type: 'Textfield', props: { name: 'taskCap', value: '5' } }).length > 0,
    );
    await changeText(findNode(empty, { type: 'Textfield', props: { name: 'syncName' } }), 'CRM export');
    await changeText(
      findNode(await page.waitForText('Sync plans'), { type: 'Textfield', props: { name: 'syncUrl' } }),
      'https://undeclared.example.org/orgs.csv',
    );
    await page.clickButton('Add sync plan');
    const refused = await page.waitForText(/may not read https:\/\/undeclared\.example\.org/);
    // About the URL, for an admin: no file, no developer command.
    const shown = findNodes(refused, { type: 'SectionMessage' }).find((node) =>
      textOf(node).includes('undeclared.example.org'),
    )!;
    expect(shown.props.title).toBe('The app may not read this URL');
    expect(textOf(shown)).toMatch(/ask the app's developer to declare https:\/\/undeclared\.example\.org and redeploy/);
    expect(textOf(shown)).not.toMatch(/file|forge deploy|manifest\.yml/);
    expect(textOf(refused)).toContain('No sync plans yet.');
    expect(writeRequests(page.emulator.stats())).toBe(0);
  });

  it('says the plan leaves removed organizations, lists those its run found removed, and a second Run now says a run is going', async () => {
    // Tasks slow enough that the second click comes while the first run's job goes on.
    page = await openAdminPage({ taskMs: 1_500 });
    const invoke = async <T,>(name: string, payload: unknown) => {
      const answer = await page.runtime.invokeResolver<{ ok: boolean; data: T }>(name, payload);
      if (!answer.ok) throw new Error(`${name} failed: ${JSON.stringify(answer)}`);
      return answer.data;
    };
    const csv = (rows: string[]) => ['Organization Name,Region', ...rows].join('\n');
    const plan = await invoke<{ id: string }>('saveSyncPlan', {
      name: 'CRM',
      source: { kind: 'file', text: csv(['Acme,EMEA', 'Globex,APAC']) },
    });
    const first = await invoke<{ run: { jobId: string } }>('runSyncNow', { planId: plan.id });
    for (let i = 0; i < 200; i += 1) {
      const { plans } = await invoke<{ plans: { history: { status: string }[] }[] }>('listSyncPlans', {});
      if (plans[0].history[0].status !== 'RUNNING') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(first.run.jobId).toBeDefined();
    await invoke('saveSyncPlan', { planId: plan.id, name: 'CRM', source: { kind: 'file', text: csv(['Acme,LATAM']) } });

    await callHandler(findNode(await page.waitForText('Settings'), { type: 'Tabs' }), 'onChange', 2);
    const card = await page.waitForText('Organizations removed from the source are left as they are in CSM.');
    expect(textOf(card)).toContain('Rows match organizations by name. Organizations removed from the source');
    await page.clickButton('Run now');
    const running = await page.bridge.waitForDoc(
      (doc) => findNodes(doc, { type: 'Lozenge', text: 'Running' }).length > 0,
    );
    expect(textOf(running)).toContain('1 organization is no longer in the source, left as it is in CSM: globex.');
    await page.clickButton('Run now');
    const refused = await page.waitForText(/A run of the sync plan "CRM" is going .*no second run was started/);
    expect(findNode(refused, { type: 'SectionMessage' }).props.title).toBe(
      'Running the sync did not start: a run of this plan is going',
    );
    // Both sections of the tab loaded, and the run ended, before the page is closed.
    await page.bridge.waitForDoc((doc) => findNodes(doc, { type: 'Lozenge', text: 'Applied' }).length > 0, {
      timeoutMs: 20_000,
    });
  });

  it('a plan that deletes removed organizations lists them for review, by name and id, and deletes them once confirmed', async () => {
    page = await openAdminPage();
    const invoke = async <T,>(name: string, payload: unknown) => {
      const answer = await page.runtime.invokeResolver<{ ok: boolean; data: T }>(name, payload);
      if (!answer.ok) throw new Error(`${name} failed: ${JSON.stringify(answer)}`);
      return answer.data;
    };
    const csv = (rows: string[]) => ['Organization Name,Region', ...rows].join('\n');
    const saved = { name: 'CRM', removedFromSource: 'delete' };
    const plan = await invoke<{ id: string }>('saveSyncPlan', {
      ...saved,
      source: { kind: 'file', text: csv(['Acme,EMEA', 'Globex,APAC']) },
    });
    const settle = async () => {
      for (let i = 0; i < 200; i += 1) {
        const { plans } = await invoke<{ plans: { history: { status: string }[] }[] }>('listSyncPlans', {});
        if (plans[0].history[0]?.status !== 'RUNNING') return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await invoke('runSyncNow', { planId: plan.id });
    await settle();
    const globex = page.emulator.state().organizations.find((org) => org.name === 'Globex')!;
    await invoke('saveSyncPlan', { planId: plan.id, ...saved, source: { kind: 'file', text: csv(['Acme,EMEA']) } });
    await invoke('runSyncNow', { planId: plan.id });
    await settle();

    await callHandler(findNode(await page.waitForText('Settings'), { type: 'Tabs' }), 'onChange', 2);
    const card = await page.waitForText('kept in CSM until you review and delete it: globex.');
    expect(textOf(card)).toContain('offered for deletion after a run: you review them and confirm');
    await page.clickButton('Review organizations removed from the source');
    const review = await page.waitForText('Delete the 1 organization removed from the source of "CRM"?');
    expect(textOf(review)).toContain(`Globex (ID ${globex.id})`);
    await page.clickButton('Go back');
    expect(page.emulator.state().organizations).toHaveLength(2);

    await page.clickButton('Review organizations removed from the source');
    await page.waitForText('This cannot be undone');
    await page.clickButton('Delete them');
    await page.waitForText(/Job \S+ deletes the organizations removed from the source of "CRM"/);
    for (let i = 0; i < 100 && page.emulator.state().organizations.length > 1; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(page.emulator.state().organizations.map((org) => org.name)).toEqual(['Acme']);
  });
});
