import { setMaxListeners } from 'node:events';
import type { ForgeFetchInit } from './fetchInit';
import type { ForgeFetch, ForgeTarget } from './forgeFetch';
import { currentInvocation } from './invocation';

/**
 * Crash injection at the platform boundary, for reliability tests: a local runtime can be killed at the
 * Nth call its functions make to the platform (product fetch, storage, queue), the way a Forge function's
 * process dies mid-call. The call in flight and every later call from that runtime never settle; its
 * timers are dropped; the store and the product (the emulator) keep whatever already reached them.
 * A fresh runtime over the same store then carries on, as the platform's watchdog or a retried event would.
 */
export type CrashMoment = 'before' | 'after';

export interface BoundaryCall {
  /** 1 for the first call the runtime's functions make to the platform, counting every service. */
  seq: number;
  service: 'product' | 'kvs' | 'queue';
  method: string;
  /** The product path (with its query), the KVS endpoint (`/api/v1/set`, ...) or the queue webhook path. */
  path: string;
  /** Whether the call changes something: a product call other than GET or a `.../fetch` read, a KVS set, delete, batch set/delete or transaction, a queue push. */
  writes: boolean;
  /** The function making the call and how it was invoked (`consumer`, `scheduledTrigger`, `jira:adminPage`, ...). */
  functionKey: string;
  moduleType: string;
}

export interface CrashSwitch {
  /**
   * Asked before each call the runtime's functions make to the platform: `'before'` kills the runtime
   * before the call reaches the store or the product; `'after'` lets it take effect and kills the runtime
   * before the answer comes back (a lost response); `undefined` lets it through.
   */
  decide(call: BoundaryCall): CrashMoment | undefined;
  /** Told once, when the runtime dies. */
  onCrash?(call: BoundaryCall, moment: CrashMoment): void;
}

/**
 * A pause at the platform boundary, for tests that need one function held at a precise call while something else
 * happens (another driver takes over, a lease runs out): asked before each call the runtime's functions make to the
 * platform, it may answer a promise; the call then waits, before it reaches the store or the product, until the
 * promise settles. Deterministic where a sleep would only make the interleaving likely.
 */
export interface PauseSwitch {
  decide(call: BoundaryCall): Promise<void> | undefined;
}

/** What a killed runtime takes down with it: its functions' pending calls and their timers. */
export class AppProcess {
  private readonly controller = new AbortController();
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Track the timers this process's functions set (installs the timer guard). */
  constructor(readonly tracksTimers = false) {
    // Every running invocation listens for the kill: any number may run at once.
    setMaxListeners(0, this.controller.signal);
    if (tracksTimers) installTimerGuard();
  }

  get dead(): boolean {
    return this.controller.signal.aborted;
  }

  /** Aborts when the process dies. */
  get killed(): AbortSignal {
    return this.controller.signal;
  }

  kill(): void {
    if (this.dead) return;
    for (const timer of this.timers) originalTimers().clearTimeout(timer);
    this.timers.clear();
    this.controller.abort();
  }

  /** The timers this process's functions have set that have neither fired nor been cleared. */
  get liveTimers(): number {
    return this.timers.size;
  }

  /** Calls of this process's functions left unanswered for good because the process died. */
  stranded = 0;

  /** The answer a dead process's call gets: none, ever. Counted, so a test can see it happened. */
  strand<T>(): Promise<T> {
    this.stranded += 1;
    return never<T>();
  }

  /** @internal the timer guard's bookkeeping. */
  adopt(timer: NodeJS.Timeout): void {
    this.timers.add(timer);
  }

  /** @internal */
  release(timer: NodeJS.Timeout): void {
    this.timers.delete(timer);
  }
}

/** A promise that never settles: the answer of a call whose caller has died. */
const never = <T>(): Promise<T> => new Promise<T>(() => {});

/**
 * Wraps a runtime's `__forge_fetch__`: a call from a killed process never settles (whichever runtime's fetch it
 * reaches), and the crash switch, if any, may kill this runtime's process at any call its functions make.
 * Calls from outside any invocation (test set-up, inspection) are not the app's and pass untouched.
 */
export function crashableFetch(
  inner: ForgeFetch,
  appProcess: AppProcess,
  crash: CrashSwitch | undefined,
  die: () => void,
  pause?: PauseSwitch,
): ForgeFetch {
  let seq = 0;
  return async (target, path, init) => {
    const invocation = currentInvocation();
    if (invocation?.process?.dead) return invocation.process.strand();
    if ((!crash && !pause) || !invocation || invocation.process !== appProcess) return inner(target, path, init);
    const call: BoundaryCall = {
      seq: (seq += 1),
      ...describe(target, path, init),
      functionKey: invocation.functionKey,
      moduleType: invocation.moduleType,
    };
    const held = pause?.decide(call);
    if (held) {
      await held;
      // Killed while it was held: the call never leaves.
      if (appProcess.dead) return appProcess.strand();
    }
    if (!crash) return inner(target, path, init);
    const moment = crash.decide(call);
    if (moment === 'before') {
      die();
      crash.onCrash?.(call, moment);
      return appProcess.strand();
    }
    const settled = await inner(target, path, init).then(
      (response) => ({ response }),
      (error: unknown) => ({ error }),
    );
    if (moment === 'after' || appProcess.dead) {
      // Nobody is left to read the answer: let the connection go.
      if ('response' in settled) void settled.response.body?.cancel().catch(() => {});
      if (moment === 'after') {
        // The store or the product has done what was asked (or failed at it); the answer is lost with the process.
        die();
        crash.onCrash?.(call, moment);
      }
      return appProcess.strand();
    }
    if ('error' in settled) throw settled.error;
    return settled.response;
  };
}

function describe(
  target: ForgeTarget,
  path: string,
  init: ForgeFetchInit | undefined,
): Pick<BoundaryCall, 'service' | 'method' | 'path' | 'writes'> {
  const method = (init?.method ?? 'GET').toUpperCase();
  if (target?.type === 'kvs') return { service: 'kvs', method, path, writes: /\/(set|delete|transaction)$/.test(path) };
  if (target?.remote === 'stargate') return { service: 'queue', method, path, writes: /\/publish\//.test(path) };
  return { service: 'product', method, path, writes: method !== 'GET' && !/\/fetch(\?|$)/.test(path) };
}

/**
 * The timer guard: `setTimeout` / `setInterval` called inside an invocation of a process that tracks timers
 * register with that process, which clears them when it dies; a dead process's code sets no new timer.
 * Installed once per global scope (per jest test file), like the egress guard; elsewhere it passes through.
 */
interface TimerFunctions {
  setTimeout: typeof setTimeout;
  setInterval: typeof setInterval;
  clearTimeout: typeof clearTimeout;
  clearInterval: typeof clearInterval;
}

const ORIGINAL_TIMERS = Symbol.for('local-forge-runtime.original-timers');
const OWNER = Symbol.for('local-forge-runtime.timer-owner');
type Slots = typeof globalThis & { [ORIGINAL_TIMERS]?: TimerFunctions };
type OwnedTimer = NodeJS.Timeout & { [OWNER]?: AppProcess };

function originalTimers(): TimerFunctions {
  const slots = globalThis as Slots;
  return slots[ORIGINAL_TIMERS] ?? { setTimeout, setInterval, clearTimeout, clearInterval };
}

function installTimerGuard(): void {
  const slots = globalThis as Slots;
  if (slots[ORIGINAL_TIMERS]) return;
  const original: TimerFunctions = {
    setTimeout: globalThis.setTimeout,
    setInterval: globalThis.setInterval,
    clearTimeout: globalThis.clearTimeout,
    clearInterval: globalThis.clearInterval,
  };
  // The guards below use their own copy: jest empties objects left on a test file's global scope once the file ends,
  // and a killed process's code may still clear a timer after that (a fetch to a test server that just closed).
  slots[ORIGINAL_TIMERS] = { ...original };

  const owner = (): AppProcess | undefined => {
    const appProcess = currentInvocation()?.process;
    return appProcess?.tracksTimers ? appProcess : undefined;
  };
  // What a dead process's setTimeout gets: a timer that never fires. Made once, now: the dead process's code may run on
  // after its test file ended, when jest has taken this environment's timer functions away.
  const never = original.setTimeout(() => {}, 0);
  original.clearTimeout(never);
  const stillborn = () => never;
  const release = (timer: unknown) => {
    if (typeof timer === 'object' && timer !== null) (timer as OwnedTimer)[OWNER]?.release(timer as NodeJS.Timeout);
  };

  const guardedSetTimeout = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const appProcess = owner();
    if (!appProcess) return original.setTimeout(callback, ms, ...args);
    if (appProcess.dead) return stillborn();
    const timer: OwnedTimer = original.setTimeout(
      (...callArgs: unknown[]) => {
        appProcess.release(timer);
        callback(...callArgs);
      },
      ms,
      ...args,
    );
    timer[OWNER] = appProcess;
    appProcess.adopt(timer);
    return timer;
  };
  const guardedSetInterval = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const appProcess = owner();
    if (!appProcess) return original.setInterval(callback, ms, ...args);
    if (appProcess.dead) return stillborn();
    const timer: OwnedTimer = original.setInterval(callback, ms, ...args);
    timer[OWNER] = appProcess;
    appProcess.adopt(timer);
    return timer;
  };
  const guardedClearTimeout = (timer: Parameters<typeof clearTimeout>[0]) => {
    release(timer);
    original.clearTimeout(timer);
  };
  const guardedClearInterval = (timer: Parameters<typeof clearInterval>[0]) => {
    release(timer);
    original.clearInterval(timer);
  };
  // Keep util.promisify(setTimeout) and friends working: copy the originals' own properties.
  for (const [guarded, from] of [
    [guardedSetTimeout, original.setTimeout],
    [guardedSetInterval, original.setInterval],
  ] as const) {
    for (const key of Reflect.ownKeys(from)) {
      if (key === 'length' || key === 'name' || key === 'prototype') continue;
      Object.defineProperty(guarded, key, Object.getOwnPropertyDescriptor(from, key)!);
    }
  }
  globalThis.setTimeout = guardedSetTimeout as unknown as typeof setTimeout;
  globalThis.setInterval = guardedSetInterval as unknown as typeof setInterval;
  globalThis.clearTimeout = guardedClearTimeout as typeof clearTimeout;
  globalThis.clearInterval = guardedClearInterval as typeof clearInterval;
}
