import { startEmulator, type CsmEmulator, type EmulatorOptions } from '../../local/emulator';
import { createLocalRuntime, type LocalRuntime } from '../../local/runtime';
import {
  click,
  findNode,
  findNodes,
  installBridge,
  textOf,
  type ForgeDocNode,
  type LocalBridge,
} from '../../local/runtime/bridge';
import { APP_ROOT } from '../../local/cli/session';
import { ADMIN_ACCOUNT } from '../engine/harness';

export interface PageHarness {
  emulator: CsmEmulator;
  runtime: LocalRuntime;
  bridge: LocalBridge;
  /** The first ForgeDoc showing the text. */
  waitForText(text: string | RegExp, timeoutMs?: number): Promise<ForgeDocNode>;
  /** Waits for an enabled button with this text, then clicks it as the host would. */
  clickButton(text: string, timeoutMs?: number): Promise<void>;
  invokes(name: string): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

const has = (doc: ForgeDocNode, text: string | RegExp) =>
  typeof text === 'string' ? textOf(doc).includes(text) : text.test(textOf(doc));

export const enabledButton = (doc: ForgeDocNode, text: string) =>
  findNodes(doc, { type: 'Button', text }).find((button) => button.props.isDisabled !== true);

/**
 * The real admin page (ForgeReconciler.render(<App/>)) in the local Forge runtime against a fresh
 * emulator. The bridge is installed before @forge/react and the page load, as the host does.
 */
export async function openAdminPage(emulatorOptions: EmulatorOptions = {}): Promise<PageHarness> {
  const emulator = await startEmulator({ taskMs: 40, ...emulatorOptions });
  const runtime = await createLocalRuntime({
    appRoot: APP_ROOT,
    csmUrl: emulator.url,
    store: { kind: 'memory' },
    defaultAccountId: ADMIN_ACCOUNT,
  });
  const bridge = installBridge(runtime);
  const React = require('react') as typeof import('react');
  const ForgeReconciler = (require('@forge/react') as typeof import('@forge/react')).default;
  const { App } = require('../../src/frontend/App') as typeof import('../../src/frontend/App');
  // The page in a host that can close it: closing unmounts the app, so its effects stop their timers, as when the
  // admin closes the tab (ForgeReconciler has no unmount of its own).
  let closePage: () => void = () => undefined;
  function Host() {
    const [open, setOpen] = React.useState(true);
    closePage = () => setOpen(false);
    return open ? React.createElement(App, { pollMs: 50 }) : null;
  }
  ForgeReconciler.render(React.createElement(Host));

  return {
    emulator,
    runtime,
    bridge,
    waitForText: (text, timeoutMs = 10_000) => bridge.waitForDoc((doc) => has(doc, text), { timeoutMs }),
    async clickButton(text, timeoutMs = 10_000) {
      const doc = await bridge.waitForDoc((d) => enabledButton(d, text) !== undefined, { timeoutMs });
      await click(enabledButton(doc, text)!);
    },
    invokes: (name) =>
      bridge
        .calls()
        .filter((c) => c.name === 'invoke' && (c.args as { functionKey?: string }).functionKey === name)
        .map((c) => (c.args as { payload: Record<string, unknown> }).payload),
    async close() {
      closePage();
      await new Promise((resolve) => setImmediate(resolve));
      bridge.uninstall();
      await runtime.close();
      await emulator.close();
    },
  };
}

/** Row cells, as text, of the DynamicTable with this label (its accessible name); none when there is no such table. */
export function tableRows(doc: ForgeDocNode, label: string): string[][] {
  const table = findNodes(doc, { type: 'DynamicTable' }).find((node) => node.props.label === label);
  return table ? findNodes(table, { type: 'Row' }).map((row) => row.children.map(textOf)) : [];
}

export { click, findNode, findNodes, textOf };
