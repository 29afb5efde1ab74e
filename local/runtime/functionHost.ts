import type { AppProcess } from './crash';
import { realClock, type RuntimeClock } from './clock';
import { newInvocation, runInvocation } from './invocation';
import type { FunctionHandler, LoadedManifest } from './manifest';
import { MemoryMeter, type MemoryUse } from './memory';

/**
 * Runs the app's functions as Forge does: one invocation each, with its deadline
 * (developer.atlassian.com/platform/forge/limits-invocation).
 */
export interface RuntimeLimits {
  /** UI resolver invocations: 25 s on Forge, whatever the manifest says. */
  resolverTimeoutMs: number;
  /** Triggers and consumers without timeoutSeconds: 55 s on Forge. */
  backgroundTimeoutMs: number;
}

export const FORGE_LIMITS: RuntimeLimits = { resolverTimeoutMs: 25_000, backgroundTimeoutMs: 55_000 };

export interface InvocationSpec {
  moduleKey: string;
  moduleType: string;
  accountId?: string;
  /** What is being run, for error messages. */
  what: string;
}

/** What a function's invocations cost: Forge bills consumers and triggers by GB-seconds (memory × time). */
export interface ComputeUse {
  invocations: number;
  /** Wall time of all its invocations, from start to end (sleeps included: they are billed). */
  seconds: number;
  memoryMB: number;
  gbSeconds: number;
}

/** Forge's memory for a function that sets no `runtime.memoryMB` (@forge/manifest's schema). */
export const DEFAULT_MEMORY_MB = 512;

export class FunctionHost {
  private readonly used = new Map<string, { invocations: number; ms: number }>();
  private readonly memoryMeter = new MemoryMeter();

  constructor(
    private readonly manifest: LoadedManifest,
    private readonly handlers: Record<string, FunctionHandler>,
    private readonly limits: RuntimeLimits,
    /** The app process the functions run in; a killed process starts nothing and finishes nothing. */
    private readonly process?: AppProcess,
    private readonly clock: RuntimeClock = realClock,
  ) {}

  /** A background function's limit: its timeoutSeconds, else Forge's default. */
  backgroundTimeoutMs(functionKey: string): number {
    const seconds = this.manifest.functions[functionKey]?.timeoutSeconds;
    return seconds ? seconds * 1000 : this.limits.backgroundTimeoutMs;
  }

  invoke(functionKey: string, args: unknown[], spec: InvocationSpec, timeoutMs: number): Promise<unknown> {
    if (this.process?.dead) {
      return Promise.reject(new Error(`${spec.what}: the local runtime was killed; create a new one to go on.`));
    }
    const handler = this.handlers[functionKey];
    if (!handler) {
      return Promise.reject(new Error(`${spec.what}: manifest.yml has no function '${functionKey}'.`));
    }
    const invocation = newInvocation({
      functionKey,
      moduleKey: spec.moduleKey,
      moduleType: spec.moduleType,
      accountId: spec.accountId,
      timeoutMs,
      process: this.process,
      clock: this.clock,
    });
    const started = this.clock.now();
    const use = this.used.get(functionKey) ?? { invocations: 0, ms: 0 };
    this.used.set(functionKey, use);
    use.invocations += 1;
    const measured = this.memoryMeter.start(functionKey, spec.what);
    const running = runInvocation(invocation, spec.what, () => handler(...args), this.process?.killed);
    const stop = () => {
      use.ms += this.clock.now() - started;
      measured();
    };
    running.then(stop, stop);
    return running;
  }

  /** The compute each function used so far, by function key. */
  compute(): Record<string, ComputeUse> {
    return Object.fromEntries(
      [...this.used].map(([key, { invocations, ms }]) => {
        const memoryMB = this.memoryOf(key);
        const seconds = ms / 1000;
        return [key, { invocations, seconds, memoryMB, gbSeconds: (seconds * memoryMB) / 1024 }];
      }),
    );
  }

  /** What each function's invocations needed in memory, measured when one ran alone (see memory.ts). */
  memory(): Record<string, MemoryUse> {
    return this.memoryMeter.report((key) => this.memoryOf(key));
  }

  memoryOf(functionKey: string): number {
    return this.manifest.functions[functionKey]?.memoryMB ?? DEFAULT_MEMORY_MB;
  }

  /** Runs `work` as if it were a background function of the app (tests: egress, routes and time limits apply). */
  runAsFunction<T>(work: () => Promise<T>, timeoutMs: number): Promise<T> {
    const invocation = newInvocation({
      functionKey: 'test-function',
      moduleKey: 'test-function',
      moduleType: 'consumer',
      timeoutMs,
      process: this.process,
      clock: this.clock,
    });
    return runInvocation(invocation, 'a test function', work, this.process?.killed);
  }
}
