import { getAppContext, permissions } from '@forge/api';

/**
 * What the Forge runtime tells a running function about itself, through @forge/api (api/runtime.js,
 * api/permissions.js). The only place outside the CSM client and the source fetcher that reads @forge/api.
 */

/** Milliseconds left before Forge stops this invocation, or undefined where the runtime does not say. */
export function invocationTimeLeftMs(): number | undefined {
  try {
    const left = getAppContext().invocationRemainingTimeInMillis();
    return Number.isFinite(left) ? left : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the app may fetch `url` from its functions: the manifest's `permissions.external.fetch.backend`, as the
 * installed version declares it (permissions.canFetchFrom). Undefined where the runtime cannot tell.
 */
export function backendFetchAllowed(url: string): boolean | undefined {
  try {
    return permissions.canFetchFrom('backend', url);
  } catch {
    return undefined;
  }
}
