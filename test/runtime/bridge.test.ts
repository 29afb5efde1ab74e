import { createLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { click, findNode, findNodes, installBridge, textOf, type LocalBridge } from '../../local/runtime/bridge';
import { FIXTURE_APP } from './echoServer';

// package.json pins react 18.3.0 while @forge/react needs ^18.3.1, so npm nests a second React under
// @forge/react and hooks break ("reading 'useState'"). Until package.json moves to 18.3.1, the fixture
// page uses the React that @forge/react's reconciler uses.

/** @forge/bridge and @forge/react read the bridge when they load, so they are required after installBridge. */
describe('the fake UI bridge', () => {
  let runtime: LocalRuntime;
  let bridge: LocalBridge;

  beforeAll(async () => {
    runtime = await createLocalRuntime({ appRoot: FIXTURE_APP, csmUrl: 'http://127.0.0.1:9' });
    bridge = installBridge(runtime, { accountId: 'ui-user-1' });
  });
  afterAll(async () => {
    bridge.uninstall();
    await runtime.close();
  });

  it('records the ForgeDoc that ForgeReconciler.render produces, and routes button invokes to the resolver', async () => {
    const { renderApp } = require('./fixture-app/src/frontend') as typeof import('./fixture-app/src/frontend');
    renderApp();

    const loaded = await bridge.waitForDoc((doc) => textOf(doc).includes('Module: fixture-admin-page'));
    expect(loaded.type).toBe('Root');
    expect(findNodes(loaded, { type: 'Button' }).map(textOf)).toEqual(['Who am I', 'Fail']);
    expect(bridge.calls().some((c) => c.name === 'getContext')).toBe(true);

    await click(findNode(loaded, { type: 'Button', text: 'Who am I' }));
    const answered = await bridge.waitForDoc((doc) => textOf(doc).includes('Account:'));
    expect(findNode(answered, { type: 'Text', text: 'Account:' }).children.map(textOf).join('')).toBe(
      'Account: ui-user-1',
    );

    await click(findNode(answered, { type: 'Button', text: 'Fail' }));
    const failed = await bridge.waitForDoc((doc) => textOf(doc).includes('Problem:'));
    expect(textOf(findNode(failed, { type: 'Text', text: 'Problem:' }))).toBe('Problem: resolver failed on purpose');
    expect(bridge.forgeDocs().length).toBeGreaterThanOrEqual(3);
  });

  it('answers invoke and getContext from @forge/bridge the way the host does', async () => {
    const { invoke, view } = require('@forge/bridge') as typeof import('@forge/bridge');
    const who = (await invoke('whoAmI')) as { accountId: string; extension: unknown };
    expect(who).toMatchObject({ accountId: 'ui-user-1', extension: { type: 'jira:adminPage' } });
    const context = await view.getContext();
    expect(context).toMatchObject({
      accountId: 'ui-user-1',
      moduleKey: 'fixture-admin-page',
      extension: { type: 'jira:adminPage' },
    });
  });

  it('says which document it last saw when a wait times out', async () => {
    await expect(bridge.waitForDoc((doc) => textOf(doc).includes('never shown'), { timeoutMs: 30 })).rejects.toThrow(
      /<Button[\s\S]*"Who am I"/,
    );
  });
});
