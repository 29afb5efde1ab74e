import { callHandler, changeText } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness } from '../frontend/pageHarness';
import { KEYED_FIELDS as FIELDS, KEYED_MAPPING } from '../support/hubspotExport';

const MAPPING = { columns: KEYED_MAPPING.columns, key: KEYED_MAPPING.key };

/** Issue 25: a new sync plan chooses a saved mapping from a list; the plan keeps it when paused and resumed. */
describe('a sync plan with a saved mapping, on the page', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  it('lists the saved mappings, saves the one chosen with the plan, and keeps it when the plan is paused', async () => {
    page = await openAdminPage({ detailFields: FIELDS });
    const saved = await page.runtime.invokeResolver<{ ok: boolean }>('saveMapping', {
      name: 'HubSpot monthly',
      kind: 'profiles',
      mapping: MAPPING,
    });
    expect(saved.ok).toBe(true);
    await callHandler(findNode(await page.waitForText('Settings'), { type: 'Tabs' }), 'onChange', 2);
    const form = await page.bridge.waitForDoc(
      (doc) => textOf(doc).includes('No sync plans yet.') && mappingOptions(doc).length === 2,
    );
    expect(mappingOptions(form)).toEqual([
      "None: the source's columns are the site's own",
      'HubSpot monthly (rows matched by CRM Id)',
    ]);
    await changeText(findNode(form, { type: 'Textfield', props: { name: 'syncName' } }), 'HubSpot companies');
    await changeText(
      findNode(await page.waitForText('Sync plans'), { type: 'Textfield', props: { name: 'syncUrl' } }),
      'https://crm.example.com/companies.csv',
    );
    await callHandler(mappingSelect(page.bridge.latestForgeDoc()!)!, 'onChange', { value: 'HubSpot monthly' });
    await page.clickButton('Add sync plan');
    const card = await page.waitForText('read through the saved mapping "HubSpot monthly" at each run');
    expect(textOf(card)).toContain('rows match the organization holding their key value first');
    expect(page.invokes('saveSyncPlan')).toEqual([expect.objectContaining({ mappingName: 'HubSpot monthly' })]);

    await page.clickButton('Pause');
    await page.waitForText('Resume');
    expect(page.invokes('saveSyncPlan')[1]).toMatchObject({ enabled: false, mappingName: 'HubSpot monthly' });
    const listed = await page.runtime.invokeResolver<{ data: { plans: { mappingName?: string }[] } }>(
      'listSyncPlans',
      {},
    );
    expect(listed.data.plans.map((plan) => plan.mappingName)).toEqual(['HubSpot monthly']);
  });
});

/** The mapping's Select (the runtime prefixes ids with the app's). */
const mappingSelect = (doc: Parameters<typeof findNode>[0]) =>
  findNodes(doc, { type: 'Select' }).find((node) => String(node.props.inputId).endsWith('sync-mapping'));

function mappingOptions(doc: Parameters<typeof findNode>[0]): string[] {
  return ((mappingSelect(doc)?.props.options ?? []) as { label: string }[]).map((option) => option.label);
}
