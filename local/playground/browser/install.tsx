import { createRoot } from 'react-dom/client';
import { browserBridge } from './bridge';
import type { HostNode } from './forgeDocHost';
import { ForgeDocView } from './ForgeDocView';

/** Runs before the app's modules load (the bundle imports it first) so @forge/bridge finds `__bridge`. */
const mount = document.getElementById('app');
if (!mount) throw new Error('The playground page has no #app element to render into.');
const root = createRoot(mount);

async function fetchJson(url: string, init?: { method: string; body: string }): Promise<unknown> {
  const response = await fetch(url, init ? { ...init, headers: { 'content-type': 'application/json' } } : undefined);
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${url} answered ${response.status} with something that is not JSON: ${text.slice(0, 200)}`);
  }
}

const callBridge = browserBridge({
  render: (forgeDoc: HostNode) => root.render(<ForgeDocView root={forgeDoc} />),
  fetchJson,
  onAppError: (error) => console.error('The app reported an error:', error),
});

(self as unknown as { __bridge: { callBridge: typeof callBridge } }).__bridge = { callBridge };
