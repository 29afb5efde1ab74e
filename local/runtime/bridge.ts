import { uiContextOf, type LocalRuntime } from './index';
import { outline, snapshotDoc, type ForgeDocNode } from './ui/forgeDoc';

/**
 * A fake of the host page a UI Kit app runs in. @forge/bridge captures `globalThis.__bridge.callBridge`
 * when each of its modules loads (bridge.js getCallBridge) and @forge/react calls
 * `self.__bridge.callBridge('reconcile', { forgeDoc })` on every commit (reconciler.js). So the callBridge
 * function here is one stable dispatcher, created once per process and pointed at the installed bridge;
 * install the bridge (or call ensureBridgeGlobals) before the first import of @forge/bridge or @forge/react.
 */
export interface BridgeCall {
  name: string;
  args: unknown;
}

export interface WaitOptions {
  timeoutMs?: number;
}

export interface LocalBridge {
  latestForgeDoc(): ForgeDocNode | undefined;
  forgeDocs(): ForgeDocNode[];
  /** Resolves with the first ForgeDoc (the latest, or one reconciled later) the predicate accepts. */
  waitForDoc(predicate: (doc: ForgeDocNode) => boolean, opts?: WaitOptions): Promise<ForgeDocNode>;
  calls(): BridgeCall[];
  flags(): Array<Record<string, unknown>>;
  errors(): unknown[];
  /** Sends an event to the app's `events.on` subscribers, as the host would. */
  emitHostEvent(event: string, payload?: unknown): void;
  uninstall(): void;
}

type Dispatcher = (name: string, args?: unknown) => Promise<unknown>;
interface BridgeSlot {
  dispatch: Dispatcher;
  target?: BridgeTarget;
}
interface BridgeTarget {
  handle(name: string, args: unknown): Promise<unknown>;
}

const SLOT = Symbol.for('local-forge-runtime.bridge');
type Globals = Omit<typeof globalThis, 'self'> & {
  [SLOT]?: BridgeSlot;
  __bridge?: { callBridge: Dispatcher };
  self?: unknown;
};

/** Defines `self` and a `__bridge` whose calls fail clearly until installBridge points it at a runtime (for jest setup files). */
export function ensureBridgeGlobals(): void {
  bridgeSlot();
}

function bridgeSlot(): BridgeSlot {
  const globals = globalThis as unknown as Globals;
  if (globals.self === undefined) globals.self = globalThis;
  let slot = globals[SLOT];
  if (!slot) {
    const created: BridgeSlot = {
      dispatch: async (name, args) => {
        if (!created.target) {
          throw new Error(
            `UI bridge call '${name}' with no local bridge installed: call installBridge(runtime) first.`,
          );
        }
        return created.target.handle(name, args);
      },
    };
    slot = globals[SLOT] = created;
  }
  globals.__bridge = { callBridge: slot.dispatch };
  return slot;
}

export function installBridge(runtime: LocalRuntime, opts: { accountId?: string } = {}): LocalBridge {
  const ui = uiContextOf(runtime);
  const accountId = opts.accountId ?? ui.defaultAccountId;
  const slot = bridgeSlot();

  const docs: ForgeDocNode[] = [];
  const calls: BridgeCall[] = [];
  const flags: Array<Record<string, unknown>> = [];
  const errors: unknown[] = [];
  const subscribers = new Map<string, Set<(payload: unknown) => unknown>>();
  let docWaiters: Array<(doc: ForgeDocNode) => void> = [];

  const subscribe = (args: { event: string; callback: (payload: unknown) => unknown }) => {
    const set = subscribers.get(args.event) ?? new Set();
    subscribers.set(args.event, set);
    set.add(args.callback);
    return { unsubscribe: () => set.delete(args.callback) };
  };
  const publish = (event: string, payload: unknown) => {
    for (const callback of subscribers.get(event) ?? []) queueMicrotask(() => void callback(payload));
  };

  const target: BridgeTarget = {
    async handle(name, args) {
      calls.push({ name, args });
      const a = (args ?? {}) as Record<string, unknown>;
      switch (name) {
        case 'reconcile': {
          const doc = snapshotDoc(a.forgeDoc as ForgeDocNode);
          docs.push(doc);
          const waiters = docWaiters;
          docWaiters = [];
          waiters.forEach((notify) => notify(doc));
          return undefined;
        }
        case 'invoke': {
          try {
            const body = await runtime.invokeResolver(String(a.functionKey), a.payload, { accountId });
            // bridge invoke.js: with metadata the host answers { body, metadata } [G: the metadata content].
            return a.metadata === undefined ? body : { body, metadata: {} };
          } catch (err) {
            // The host hands the frame only the message, as a plain Error.
            // eslint-disable-next-line preserve-caught-error
            throw new Error((err as Error).message);
          }
        }
        case 'getContext':
          return ui.productContext(accountId);
        case 'on':
        case 'onPublic':
          return subscribe(a as { event: string; callback: (payload: unknown) => unknown });
        case 'emit':
        case 'emitPublic':
          publish(String(a.event), a.payload);
          return undefined;
        case 'showFlag':
          flags.push({ ...a, open: true });
          return undefined;
        case 'closeFlag':
          flags.filter((f) => f.id === a.id).forEach((f) => (f.open = false));
          return undefined;
        case 'onError':
          errors.push(a.error);
          return undefined;
        default:
          return undefined;
      }
    },
  };
  slot.target = target;

  return {
    latestForgeDoc: () => docs[docs.length - 1],
    forgeDocs: () => [...docs],
    waitForDoc(predicate, waitOpts = {}) {
      const latest = docs[docs.length - 1];
      if (latest && predicate(latest)) return Promise.resolve(latest);
      const timeoutMs = waitOpts.timeoutMs ?? 2000;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          docWaiters = docWaiters.filter((w) => w !== check);
          const last = docs[docs.length - 1];
          reject(
            new Error(
              `No ForgeDoc matched within ${timeoutMs} ms. The latest one:\n${last ? outline(last) : '(nothing rendered yet)'}`,
            ),
          );
        }, timeoutMs);
        const check = (doc: ForgeDocNode) => {
          if (!predicate(doc)) {
            docWaiters.push(check);
            return;
          }
          clearTimeout(timer);
          resolve(doc);
        };
        docWaiters.push(check);
      });
    },
    calls: () => [...calls],
    flags: () => flags.map((f) => ({ ...f })),
    errors: () => [...errors],
    emitHostEvent: (event, payload) => publish(event, payload),
    uninstall() {
      if (slot.target === target) slot.target = undefined;
    },
  };
}

export * from './ui/forgeDoc';
