import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { AppProcess } from './crash';

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
    deadline: Date.now() + fields.timeoutMs,
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
    const timer = setTimeout(
      () => reject(new FunctionTimeoutError(functionKey, timeoutMs, what)),
      Math.max(0, invocation.deadline - Date.now()),
    );
    const die = () => clearTimeout(timer);
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
        clearTimeout(timer);
        killed?.removeEventListener('abort', die);
      });
  });
}
