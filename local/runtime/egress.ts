import { EgressFilteringService } from '@forge/egress';
// errors.js only: loading @forge/api itself here would capture the global fetch before the guard below replaces it.
import { ExternalEndpointNotAllowedError } from '@forge/api/out/api/errors';
import { activeRuntime } from './activeRuntime';
import { currentInvocation } from './invocation';

/**
 * `fetch` from @forge/api is the global fetch captured when @forge/api loads (api/fetch.js getFetchAPI),
 * and Forge's runtime filters it by `permissions.external.fetch.backend`. So the global fetch becomes a
 * guard, installed once per process and kept: inside an invocation of an open runtime it applies the
 * manifest's egress rules; everywhere else (tests, the emulator, the CLI) it is the plain fetch.
 */
const ORIGINAL = Symbol.for('local-forge-runtime.original-fetch');
type Slots = typeof globalThis & { [ORIGINAL]?: typeof fetch };

/** The fetch Node had before the guard, for the runtime's own calls to the emulator and external hosts. */
export function nativeFetch(): typeof fetch {
  return (globalThis as Slots)[ORIGINAL] ?? globalThis.fetch;
}

export function installEgressGuard(): void {
  const slots = globalThis as Slots;
  if (slots[ORIGINAL]) return;
  const original = globalThis.fetch;
  slots[ORIGINAL] = original;
  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const runtime = activeRuntime();
    if (!runtime || !currentInvocation()) return original(input, init);
    const url = urlOf(input);
    runtime.checkEgress(url);
    const routed = runtime.routeExternal(url);
    if (routed === url) return original(input, init);
    return original(input instanceof Request ? new Request(routed, input) : routed, init);
  };
  globalThis.fetch = guarded as typeof fetch;
}

function urlOf(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

export function egressChecker(allowList: readonly string[], onAllowed: () => void): (url: string) => void {
  const filter = new EgressFilteringService([...allowList]);
  return (url) => {
    if (!filter.isValidUrl(url)) {
      throw new ExternalEndpointNotAllowedError(url);
    }
    onAllowed();
  };
}

installEgressGuard();
