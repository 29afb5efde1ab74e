import { bodyText, jsonResponse, methodOf, type ForgeFetchInit } from './fetchInit';
import { currentInvocation } from './invocation';
import { checkScopes, scopesNotImpersonable } from './scopes';

/**
 * Product calls (`requestJira` through asUser()/asApp()) arrive as
 * `__forge_fetch__({ type: 'fpp', provider, remote: 'jira', accountId? }, path, init)` (@forge/api 8 fetch.js).
 * They go to the emulator at csmUrl + path with two headers saying who calls, after the checks Forge's proxy makes.
 */
export type ProductPrincipal = 'user' | 'app' | 'impersonated';

export interface ProductTarget {
  provider?: string;
  accountId?: string;
  remote?: string;
}

export interface ProductFetchContext {
  csmUrl: string;
  declaredScopes: readonly string[];
  /** Scopes declared with allowImpersonation: true (manifest.ts). */
  impersonationScopes: readonly string[];
  send: typeof fetch;
  /**
   * Called before a call that may change the product (any but a GET): what the app stored before it must be stored
   * for good by then. The engine counts on it: a request is stored as being sent before it is sent, so that a driver
   * that dies after sending it sends it again under the same key, never afresh.
   */
  beforeChange?: () => void;
  countCall(principal: ProductPrincipal): void;
  refuseScopes(scopes: string[]): void;
  log(line: string): void;
}

export const PRINCIPAL_HEADER = 'X-Local-Forge-Principal';
export const ACCOUNT_HEADER = 'X-Local-Forge-Account-Id';

type Caller = { principal: ProductPrincipal; accountId?: string } | { refused: string };

function callerOf(target: ProductTarget): Caller {
  if (target.provider !== 'user') return { principal: 'app' };
  if (target.accountId) return { principal: 'impersonated', accountId: target.accountId };
  const accountId = currentInvocation()?.accountId;
  if (accountId) return { principal: 'user', accountId };
  return {
    refused:
      'asUser() was called with no user present (a scheduled trigger, a queue consumer, or code outside an invocation)',
  };
}

export async function productFetch(
  ctx: ProductFetchContext,
  target: ProductTarget,
  path: string,
  init?: ForgeFetchInit,
): Promise<Response> {
  const method = methodOf(init);
  const caller = callerOf(target);
  if ('refused' in caller) {
    ctx.log(`product fetch refused: ${method} ${path}: ${caller.refused}; use asUser(accountId) or asApp().`);
    // [G] Forge's proxy has no user token to attach; @forge/api turns this header into NeedsAuthenticationError.
    return jsonResponse(
      401,
      { message: `Authentication required: ${caller.refused}.` },
      { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' },
    );
  }

  const scopes = checkScopes(method, path, ctx.declaredScopes);
  if (!scopes.endpoint) {
    ctx.log(`product fetch refused: ${method} ${path} is not an endpoint the local runtime knows a scope for.`);
    return jsonResponse(404, {
      code: 404,
      message:
        `The local Forge runtime knows no scope rule for ${method} ${path.split('?')[0]}. Call only documented method/path pairs; ` +
        'if this one is documented, add it with its scope to local/runtime/scopes.ts.',
    });
  }
  if (scopes.missing) {
    ctx.refuseScopes(scopes.missing);
    ctx.log(
      `product fetch refused: ${scopes.endpoint} needs scope ${scopes.missing.join(' + ')}, not declared in manifest.yml.`,
    );
    // The shape Atlassian's gateway answers when a token lacks a scope, with the local runtime's explanation added.
    return jsonResponse(401, {
      code: 401,
      message:
        `Unauthorized; scope does not match. ${scopes.endpoint} needs ${scopes.missing.join(' and ')}, ` +
        'which manifest.yml permissions.scopes does not declare. Add it (a scope change needs a major version upgrade).',
      missingScopes: scopes.missing,
    });
  }
  if (caller.principal === 'impersonated') {
    const notAllowed = scopesNotImpersonable(scopes.granted ?? [], ctx.impersonationScopes);
    if (notAllowed.length > 0) {
      ctx.refuseScopes(notAllowed);
      ctx.log(
        `product fetch refused: asUser('${caller.accountId}') for ${scopes.endpoint} needs ${notAllowed.join(' and ')} declared with ` +
          'allowImpersonation: true in manifest.yml permissions.scopes (scopes written as a map).',
      );
      // [unverified] Forge documents no status for this; it can only refuse to attach a token for the user, which is
      // what this header makes @forge/api throw (fetch.js handleProxyResponseErrors → NeedsAuthenticationError).
      return jsonResponse(
        401,
        {
          message: `Offline user impersonation is not allowed for ${notAllowed.join(', ')}: declare allowImpersonation: true on it.`,
        },
        { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' },
      );
    }
  }

  const headers = new Headers(init?.headers);
  headers.delete(PRINCIPAL_HEADER);
  headers.delete(ACCOUNT_HEADER);
  headers.set(PRINCIPAL_HEADER, caller.principal);
  if (caller.accountId) headers.set(ACCOUNT_HEADER, caller.accountId);

  const url = ctx.csmUrl.replace(/\/+$/, '') + path;
  ctx.countCall(caller.principal);
  if (method !== 'GET') ctx.beforeChange?.();
  try {
    return await ctx.send(url, { method, headers, body: await bodyText(init) });
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
    throw new Error(
      `The local runtime could not reach the product API at ${url} (${cause}). Is the emulator running at ${ctx.csmUrl}?`,
      { cause: err },
    );
  }
}
