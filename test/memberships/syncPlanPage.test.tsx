import { callHandler } from '../../local/runtime/bridge';
import { findNode, findNodes, openAdminPage, textOf, type PageHarness } from '../frontend/pageHarness';

/** Issue 23: a memberships sync plan on the page says what it keeps, and previews its next run before it runs. */
describe('a memberships sync plan on the page', () => {
  let page: PageHarness;
  afterEach(async () => page?.close());

  it('describes the plan, and "Preview next run" lists the customers a run would add and remove', async () => {
    page = await openAdminPage({
      customers: [0, 1, 2].map((i) => ({ accountId: `qm:c${i}`, email: `c${i}@example.com` })),
    });
    page.emulator.setState({
      ...page.emulator.state(),
      organizations: [{ id: '1', name: 'Acme', details: {}, customerIds: ['qm:c2'], productIds: [] }],
    });
    const saved = await page.runtime.invokeResolver<{ ok: boolean }>('saveSyncPlan', {
      name: 'Who belongs',
      kind: 'memberships',
      removedFromSource: 'delete',
      source: {
        kind: 'file',
        fileName: 'members.csv',
        text: 'Organization Name,Customer Email\nAcme,c0@example.com\nAcme,c1@example.com',
      },
    });
    expect(saved.ok).toBe(true);
    await callHandler(findNode(await page.waitForText('Settings'), { type: 'Tabs' }), 'onChange', 2);
    const card = await page.waitForText(
      'who belongs to each organization it names. Members it does not list are removed.',
    );
    expect(findNodes(card, { type: 'Button', text: 'Review organizations removed from the source' })).toEqual([]);
    await page.clickButton('Preview next run');
    const preview = await page.waitForText(/A run now would add 2 customers, remove 1 customer\./);
    const table = findNode(preview, { type: 'DynamicTable', props: { label: 'The next run of Who belongs' } });
    const rows = findNodes(table, { type: 'Row' }).map((row) => row.children.map(textOf));
    expect(rows).toEqual([
      ['2', 'Add', 'Acme', 'c0@example.com'],
      ['3', 'Add', 'Acme', 'c1@example.com'],
      ['4', 'Remove', 'Acme', 'qm:c2'],
    ]);
    expect(textOf(preview)).toContain('Nothing is sent until it runs.');
    expect(page.emulator.state().organizations[0].customerIds).toEqual(['qm:c2']);
  });
});
