import type { HostNode } from './forgeDocHost';

/**
 * What the Forge host page answers on `self.__bridge.callBridge`. @forge/bridge captures the function
 * when its modules load, so this module must run before the app's bundle: install.ts is imported first.
 */
export interface BrowserBridgeDeps {
  render(forgeDoc: HostNode): void;
  fetchJson(url: string, init?: { method: string; body: string }): Promise<unknown>;
  onAppError(error: unknown): void;
}

type Subscriber = (payload: unknown) => unknown;

export function browserBridge(deps: BrowserBridgeDeps) {
  const subscribers = new Map<string, Set<Subscriber>>();
  return async function callBridge(name: string, args?: unknown): Promise<unknown> {
    const a = (args ?? {}) as Record<string, unknown>;
    switch (name) {
      case 'reconcile':
        deps.render(a.forgeDoc as HostNode);
        return undefined;
      case 'invoke': {
        const answer = (await deps.fetchJson('/_invoke', {
          method: 'POST',
          body: JSON.stringify({ functionKey: a.functionKey, payload: a.payload }),
        })) as { body?: unknown; error?: string };
        if (answer.error !== undefined) throw new Error(answer.error);
        return a.metadata === undefined ? answer.body : { body: answer.body, metadata: {} };
      }
      case 'getContext':
        return deps.fetchJson('/_context');
      case 'on':
      case 'onPublic': {
        const { event, callback } = a as { event: string; callback: Subscriber };
        const set = subscribers.get(event) ?? new Set();
        subscribers.set(event, set);
        set.add(callback);
        return { unsubscribe: () => set.delete(callback) };
      }
      case 'emit':
      case 'emitPublic':
        for (const callback of subscribers.get(String(a.event)) ?? []) queueMicrotask(() => void callback(a.payload));
        return undefined;
      case 'onError':
        deps.onAppError(a.error);
        return undefined;
      default:
        return undefined;
    }
  };
}
