import { resolve } from 'node:path';
import { claimActiveRuntime, releaseActiveRuntime, type ActiveRuntime } from './activeRuntime';
import { AppProcess, crashableFetch, type CrashSwitch, type PauseSwitch } from './crash';
import { realClock, type RuntimeClock } from './clock';
import { egressChecker, nativeFetch } from './egress';
import { productSend } from './productSend';
import { createForgeFetch, type StorageFault } from './forgeFetch';
import { buildForgeRuntime, platformContext, type SiteIdentity } from './forgeRuntimeGlobal';
import { FORGE_LIMITS, FunctionHost, type ComputeUse, type RuntimeLimits } from './functionHost';
import type { MemoryUse } from './memory';
import { FunctionTimeoutError } from './invocation';
import { FileStore } from './kvs/fileStore';
import type { BatchItemFault } from './kvs/batch';
import { KvsService } from './kvs/kvsService';
import { DEFAULT_QUERY_LAG_MS, QueryLagStore } from './kvs/queryLag';
import { KvsMeter, QUOTA_WINDOW_MS, type KvsQuota, type KvsUsage } from './kvs/quota';
import type { KvsStore } from './kvs/store';
import { openStore, type StoreOption } from './kvs/openStore';
import { loadHandlers, loadManifest, type LoadedManifest } from './manifest';
import type { ProductPrincipal } from './productFetch';
import { EventQueue, type QueueStats } from './queue/eventQueue';
import { callResolver, productContext } from './resolverCall';
import { findTrigger, runTrigger, startTriggerClock } from './triggers';

/**
 * A local stand-in for the Forge platform: loads manifest.yml and runs the app's real handlers with the
 * real @forge packages, by defining the globals those packages call (`__forge_runtime__`, `__forge_fetch__`).
 */
export interface LocalRuntimeOptions {
  appRoot: string;
  csmUrl: string;
  store?: StoreOption;
  cloudId?: string;
  defaultAccountId?: string;
  timeScale?: number;
  log?: (line: string) => void;
  /** Shorter function time limits for tests; Forge's own by default. */
  limits?: Partial<RuntimeLimits>;
  /**
   * Reliability tests: kills this runtime at a chosen call its functions make to the platform (see crash.ts).
   * A killed runtime's pending calls never settle, its timers, queue and trigger clock stop, and it starts no
   * function; close() it, then create a fresh runtime over the same store to carry on.
   */
  crash?: CrashSwitch;
  /** Tests: holds a chosen call of this runtime's functions until the test lets it go (see crash.ts). */
  pause?: PauseSwitch;
  /**
   * Reliability tests: refuse chosen storage calls with an error, as Forge KVS would (a value over its limit, a
   * 5xx), to see what the app does then. Called with the endpoint path and the request's JSON.
   */
  storageFault?: StorageFault;
  /**
   * How long a write stays unseen by `kvs.query` (ms of the runtime's clock): Forge documents queries as eventually
   * consistent, gets and batches as consistent. 1 s by default; 0 makes queries consistent.
   */
  queryLagMs?: number;
  /** Reliability tests: report chosen items of a batch set/get/delete in `failedKeys` (see kvs/batch.ts). */
  batchItemFault?: BatchItemFault;
  /**
   * The installation's storage quota per minute, in 10 KB units (kvs/quota.ts; `FORGE_KVS_QUOTA` is Forge's 4,000
   * reads and 4,000 writes): a request past it answers 429 RATE_LIMIT_EXCEEDED. Without it storage is metered
   * (`kvsUsage()`) but never refused. The minute is shortened by `timeScale`, as event delays are.
   */
  kvsQuota?: KvsQuota;
  /**
   * Deliver again, for up to 24 hours, an event whose consumer threw or timed out, as Forge does (queue/eventQueue.ts);
   * on by default. false drops such an event (the local runtime's behaviour before issue 26).
   */
  redeliverThrown?: boolean;
  /** When queued events fall due, triggers fire and invocations run out of time: real time unless a test passes a ManualClock. */
  clock?: RuntimeClock;
  /**
   * Local servers standing in for external origins the manifest declares, e.g. `{ 'https://crm.example.com':
   * 'http://127.0.0.1:8123' }`: the app fetches the https address (and egress is checked on it), the request goes to
   * the local server. Tests use it; nothing leaves the machine.
   */
  externalRoutes?: Record<string, string>;
}

export interface LocalRuntime {
  manifest: LoadedManifest;
  invokeResolver<T = unknown>(functionKey: string, payload?: unknown, opts?: { accountId?: string }): Promise<T>;
  fireTrigger(triggerKey: string): Promise<unknown>;
  /**
   * Runs `work` inside an invocation, as the app's own background code runs: Forge's egress rules, the external
   * routes and the function time limit apply. For testing one part of the app without a whole function around it.
   */
  runAsFunction<T>(work: () => Promise<T>, opts?: { timeoutMs?: number }): Promise<T>;
  startClock(): () => void;
  drainQueue(): Promise<void>;
  queueStats(): QueueStats;
  /** Each function's invocations, their time and GB-seconds (memory × time: what Forge bills consumers and triggers). */
  compute(): Record<string, ComputeUse>;
  /** Each function's memory need: the peak of its invocations that ran alone, beside its manifest memoryMB. */
  memory(): Record<string, MemoryUse>;
  /** The stored keys and values: the plain Key-Value Store, or a custom entity's. */
  kvsDump(entityName?: string): Record<string, unknown>;
  /** One stored key's value (`kvsDump(entityName)[key]`): cheap enough to poll while a store holds a big job. */
  kvsGet(key: string, entityName?: string): unknown;
  /** The storage units spent (10 KB each), in all and the most within a minute, and the requests refused. */
  kvsUsage(): KvsUsage;
  stats(): { productCalls: Record<string, number>; refusedScopes: string[] };
  /** Whether the runtime was killed (by its crash switch or kill()). */
  killed(): boolean;
  /** Calls of its functions a killed runtime left unanswered for good (they never settle). */
  strandedCalls(): number;
  /** Timers its functions have set that have neither fired nor been cleared (not the test's, not jest's). */
  ownTimers(): number;
  /** Kills the runtime now, as its crash switch would: nothing it has in flight settles. */
  kill(): void;
  close(): Promise<void>;
}

export const DEFAULT_CLOUD_ID = '6a3c9d1e-5b2f-4e8a-9c7d-0f1e2d3c4b5a';
export const DEFAULT_ACCOUNT_ID = '712020:3f1c6a2e-8d4b-4c9e-a1f0-5e6d7c8b9a01';
const ENVIRONMENT_ID = '0d3c2b1a-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
const INSTALLATION_ID = 'b4c3d2e1-f0a9-4b8c-9d7e-6f5a4b3c2d1e';

type ForgeGlobals = typeof globalThis & { __forge_runtime__?: unknown; __forge_fetch__?: unknown };

export async function createLocalRuntime(opts: LocalRuntimeOptions): Promise<LocalRuntime> {
  const appRoot = resolve(opts.appRoot);
  const manifest = loadManifest(appRoot);
  const log = opts.log ?? (() => {});
  const timeScale = opts.timeScale ?? 1;
  const clock = opts.clock ?? realClock;
  if (!(timeScale > 0)) throw new Error(`timeScale must be a positive number, not ${opts.timeScale}.`);
  const limits: RuntimeLimits = { ...FORGE_LIMITS, ...opts.limits };
  const defaultAccountId = opts.defaultAccountId ?? DEFAULT_ACCOUNT_ID;
  const site: SiteIdentity = {
    cloudId: opts.cloudId ?? DEFAULT_CLOUD_ID,
    environmentId: ENVIRONMENT_ID,
    installationId: INSTALLATION_ID,
    appVersion: '1.0.0',
  };

  const productCalls: Partial<Record<ProductPrincipal | 'external', number>> = {};
  const refusedScopes = new Set<string>();
  const count = (principal: ProductPrincipal | 'external') =>
    (productCalls[principal] = (productCalls[principal] ?? 0) + 1);

  const active: ActiveRuntime = {
    appRoot,
    checkEgress: egressChecker(manifest.externalFetchBackend, () => count('external')),
    routeExternal: (url) => routed(url, opts.externalRoutes ?? {}),
  };
  claimActiveRuntime(active);

  let store: KvsStore | undefined;
  const globals = globalThis as ForgeGlobals;
  const stopClocks = new Set<() => void>();
  let queue: EventQueue | undefined;
  // The app's functions run in this process: their timers are its own, and go when it is killed or closed (as a
  // Forge function's do when its instance stops), so a closed runtime leaves nothing running.
  const appProcess = new AppProcess(true);
  const die = () => {
    if (appProcess.dead) return;
    for (const stop of stopClocks) stop();
    stopClocks.clear();
    queue?.close();
    appProcess.kill();
    log('local runtime killed: its functions stop where they are.');
  };
  const release = () => {
    for (const stop of stopClocks) stop();
    stopClocks.clear();
    queue?.close();
    if (globals.__forge_runtime__ === forgeRuntime) delete globals.__forge_runtime__;
    if (globals.__forge_fetch__ === forgeFetch) delete globals.__forge_fetch__;
    releaseActiveRuntime(active);
  };

  let forgeRuntime: unknown;
  let forgeFetch: unknown;
  let host: FunctionHost;
  try {
    store = openStore(opts.store);
    const lagging = new QueryLagStore(store, () => clock.now(), opts.queryLagMs ?? DEFAULT_QUERY_LAG_MS);
    const meter = new KvsMeter(() => clock.now(), opts.kvsQuota, QUOTA_WINDOW_MS * timeScale);
    const kvs = new KvsService(lagging, manifest.entities, Date.now, opts.batchItemFault, meter);
    const eventQueue = new EventQueue({
      consumerFor: (queueName) => manifest.consumers.find((c) => c.queue === queueName),
      deliver: (consumer, event) =>
        host.invoke(
          consumer.functionKey,
          [event, platformContext(site)],
          { moduleKey: consumer.key, moduleType: 'consumer', what: `consumer '${consumer.key}'` },
          host.backgroundTimeoutMs(consumer.functionKey),
        ),
      longRunning: (consumer) => host.backgroundTimeoutMs(consumer.functionKey) > FORGE_LIMITS.backgroundTimeoutMs,
      timeScale,
      clock,
      log,
      redeliverThrown: opts.redeliverThrown ?? true,
      isTimeout: (error) => error instanceof FunctionTimeoutError,
    });
    queue = eventQueue;
    forgeRuntime = buildForgeRuntime(manifest, site);
    forgeFetch = crashableFetch(
      createForgeFetch({
        kvs,
        queue: eventQueue,
        storageFault: opts.storageFault,
        product: {
          csmUrl: opts.csmUrl,
          declaredScopes: manifest.scopes,
          impersonationScopes: manifest.impersonationScopes,
          send: productSend(nativeFetch()),
          // On Forge a storage write is durable when it answers; a file store writes a moment later (FileStore).
          beforeChange: () => (store instanceof FileStore ? store.sync() : undefined),
          countCall: count,
          refuseScopes: (scopes) => scopes.forEach((s) => refusedScopes.add(s)),
          log,
        },
      }),
      appProcess,
      opts.crash,
      die,
      opts.pause,
    );
    globals.__forge_runtime__ = forgeRuntime;
    globals.__forge_fetch__ = forgeFetch;
    // Modules load once the globals exist, as on Forge (@forge/kvs reads __forge_runtime__ when it loads).
    host = new FunctionHost(manifest, loadHandlers(manifest), limits, appProcess, clock);

    let closed = false;
    const runtime: LocalRuntime = {
      manifest,
      async invokeResolver<T>(functionKey: string, payload?: unknown, callOpts?: { accountId?: string }) {
        const accountId = callOpts?.accountId ?? defaultAccountId;
        return (await callResolver(host, manifest, site, functionKey, payload, {
          accountId,
          timeoutMs: limits.resolverTimeoutMs,
        })) as T;
      },
      fireTrigger: async (triggerKey) => runTrigger(host, site, findTrigger(manifest, triggerKey)),
      runAsFunction: (work, runOpts) => host.runAsFunction(work, runOpts?.timeoutMs ?? limits.backgroundTimeoutMs),
      startClock() {
        const stop = startTriggerClock(host, site, manifest, timeScale, clock, log);
        stopClocks.add(stop);
        return () => {
          stop();
          stopClocks.delete(stop);
        };
      },
      drainQueue: () => eventQueue.drain(),
      queueStats: () => eventQueue.stats(),
      compute: () => host.compute(),
      memory: () => host.memory(),
      kvsDump: (entityName) => kvs.dump(entityName),
      kvsGet: (key, entityName) => kvs.peek(key, entityName),
      kvsUsage: () => meter.report(),
      stats: () => ({ productCalls: { ...productCalls } as Record<string, number>, refusedScopes: [...refusedScopes] }),
      killed: () => appProcess.dead,
      strandedCalls: () => appProcess.stranded,
      ownTimers: () => appProcess.liveTimers,
      kill: die,
      async close() {
        if (closed) return;
        closed = true;
        // Invocations still running stop where they are; what they stored stays stored.
        appProcess.kill();
        release();
        await store?.close();
      },
    };
    contexts.set(runtime, {
      productContext: (accountId) => productContext(manifest, site, accountId),
      defaultAccountId,
    });
    return runtime;
  } catch (err) {
    release();
    await store?.close();
    throw err;
  }
}

function routed(url: string, routes: Record<string, string>): string {
  const parsed = new URL(url);
  const base = routes[parsed.origin];
  return base ? `${base.replace(/\/+$/, '')}${parsed.pathname}${parsed.search}` : url;
}

/** What the fake UI bridge needs to know about a runtime beyond its public face. */
export interface RuntimeUiContext {
  productContext(accountId: string): Record<string, unknown>;
  defaultAccountId: string;
}

const contexts = new WeakMap<LocalRuntime, RuntimeUiContext>();

export function uiContextOf(runtime: LocalRuntime): RuntimeUiContext {
  const context = contexts.get(runtime);
  if (!context) throw new Error('installBridge needs a runtime made by createLocalRuntime().');
  return context;
}

export type { LoadedManifest } from './manifest';
export type { QueueStats } from './queue/eventQueue';
export type { RuntimeLimits } from './functionHost';
