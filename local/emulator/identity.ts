import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from './types';
import { restError, type Reply } from './http/reply';

export interface Caller {
  principal: Principal;
  accountId?: string;
}

/** A refusal still names the principal when it was a known one, so stats count every caller. */
export type CallerCheck = { ok: true; caller: Caller } | { ok: false; reply: Reply; principal?: Principal };

/**
 * The local Forge runtime says who is calling in two headers. A request without them is a present user's
 * (curl, the documented examples).
 */
export function checkCaller(
  headers: IncomingHttpHeaders,
  csmPath: boolean,
  impersonationAllowed: boolean,
): CallerCheck {
  const raw = single(headers['x-local-forge-principal']);
  const accountId = single(headers['x-local-forge-account-id']) || undefined;
  const principal = raw === undefined || raw === '' ? 'user' : raw.toLowerCase();
  if (principal !== 'user' && principal !== 'app' && principal !== 'impersonated') {
    return {
      ok: false,
      reply: restError(401, `Unknown X-Local-Forge-Principal '${raw}': use user, app or impersonated.`, 'unauthorized'),
    };
  }
  if (principal === 'app' && csmPath) {
    return {
      ok: false,
      principal,
      reply: restError(
        401,
        'Customer Service Management APIs accept only user requests: asApp() is not supported. Call them with api.asUser().',
        'unauthorized',
      ),
    };
  }
  if (principal === 'impersonated' && !impersonationAllowed) {
    return {
      ok: false,
      principal,
      reply: restError(
        401,
        `Background user impersonation is refused on this site (asUser('${accountId ?? ''}') without the user present). ` +
          'Continue while the user has the app open, calling api.asUser() in the foreground.',
        'unauthorized',
      ),
    };
  }
  return { ok: true, caller: { principal, accountId } };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
