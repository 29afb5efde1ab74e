import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { AppProcess } from './crash';
import type { RuntimeClock } from './clock';

/** One run of an app function: what Forge knows about the call while the function runs. */
export interface Invocation {
  invocationId: string;
  functionKey: string;
  moduleKey: string;
  moduleType: string;
  /** The user present in this invocation (UI resolver calls); absent in triggers and consumers. */
  accountId?: string;
  timeoutMs: number;
  deadline: number;
  traceId: string;
  spanId: string;
  /** The app process (one per local runtime) this invocation runs in; it dies when that runtime is killed. */
  process?: AppProcess;
  /** The runtime's clock: the deadline is on it. */
  clock: RuntimeClock;
}

const invocations = new AsyncLocalStorage<Invocation>();

export function currentInvocation(): Invocation | undefined {
  return invocations.getStore();
}

export function newInvocation(
  fields: Omit<Invocation, 'invocationId' | 'traceId' | 'spanId' | 'deadline'>,
): Invocation {
  return {
    ...fields,
    deadline: fields.clock.now() + fields.timeoutMs,
    invocationId: randomUUID(),
    traceId: randomUUID().replace(/-/g, ''),
    spanId: randomUUID().replace(/-/g, '').slice(0, 16),
  };
}

export class FunctionTimeoutError extends Error {
  constructor(
    readonly functionKey: string,
    readonly timeoutMs: number,
    what: string,
  ) {
    super(
      `${what}: function '${functionKey}' did not finish within its ${timeoutMs / 1000} s limit and was stopped, ` +
        'as Forge stops it. Make it do less per invocation (or, for a trigger or consumer, raise timeoutSeconds in manifest.yml).',
    );
    this.name = 'FUNCTION_TIME_OUT';
  }
}

/**
 * Runs `call` as the given invocation. Forge kills a function at its deadline; Node cannot kill a promise,
 * so the caller gets the timeout error while the abandoned handler may still finish in the background.
 * When `killed` aborts (the runtime hosting the function died), the deadline timer goes and the promise never settles.
 */
export function runInvocation<T>(
  invocation: Invocation,
  what: string,
  call: () => T | Promise<T>,
  killed?: AbortSignal,
): Promise<T> {
  const { functionKey, timeoutMs } = invocation;
  return new Promise<T>((resolve, reject) => {
    const cancelTimer = invocation.clock.after(Math.max(0, invocation.deadline - invocation.clock.now()), () =>
      reject(new FunctionTimeoutError(functionKey, timeoutMs, what)),
    );
    const die = () => cancelTimer();
    killed?.addEventListener('abort', die, { once: true });
    const settle =
      <A>(done: (arg: A) => void) =>
      (arg: A) => {
        if (!killed?.aborted) done(arg);
      };
    invocations
      .run(invocation, async () => call())
      .then(settle(resolve), settle(reject))
      .finally(() => {
        cancelTimer();
        killed?.removeEventListener('abort', die);
      });
  });
}
