/**
 * The @forge packages find the platform through process globals, so only one local runtime can be
 * open per process (per jest test file). The slot lives on globalThis, which jest gives each test file.
 */
export interface ActiveRuntime {
  appRoot: string;
  /** Checks an app's outbound fetch (`@forge/api` fetch) against manifest egress; throws when not allowed. */
  checkEgress(url: string): void;
  /** Where an allowed outbound fetch really goes: the URL itself, or a local server standing in for its origin. */
  routeExternal(url: string): string;
}

const SLOT = Symbol.for('local-forge-runtime.active');
type Slots = typeof globalThis & { [SLOT]?: ActiveRuntime };

export function activeRuntime(): ActiveRuntime | undefined {
  return (globalThis as Slots)[SLOT];
}

export function claimActiveRuntime(runtime: ActiveRuntime): void {
  const current = activeRuntime();
  if (current) {
    throw new Error(
      `A local Forge runtime for ${current.appRoot} is already open in this process. The @forge packages use process globals, ` +
        'so only one runtime can be open at a time: close() it before creating another.',
    );
  }
  (globalThis as Slots)[SLOT] = runtime;
}

export function releaseActiveRuntime(runtime: ActiveRuntime): void {
  if (activeRuntime() === runtime) delete (globalThis as Slots)[SLOT];
}
