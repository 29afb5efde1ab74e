/**
 * The OAuth scope each product endpoint the app may call needs, from csm-api.md and Atlassian's
 * REST docs. A rule lists alternatives: the call is allowed when every scope of one alternative is
 * declared. A product call to a path no rule lists is refused: the app must call only documented
 * method/path pairs (csm-api.md: a wrong method on a CSM path has been seen to start a consent loop).
 */
interface ScopeRule {
  method: string;
  path: RegExp;
  anyOf: string[][];
}

const JSM = 'jira-service-management';
const CSM = '^/jsm/csm/api/v1';

const RULES: ScopeRule[] = [
  {
    method: 'POST',
    path: new RegExp(`${CSM}/organization/profile/bulk$`),
    anyOf: [[`write:organization.profile:${JSM}`]],
  },
  {
    method: 'POST',
    path: new RegExp(`${CSM}/organization/details/bulk$`),
    anyOf: [[`write:organization.detail:${JSM}`]],
  },
  { method: 'POST', path: new RegExp(`${CSM}/organization/bulk$`), anyOf: [[`write:organization:${JSM}`]] },
  // [V] CSM REST reference, "Create organization detail field" (POST /organization/details) names this scope; [G] the
  // bulk twin (a copy of the reference lists it, with no scope shown) takes the same one.
  {
    method: 'POST',
    path: new RegExp(`${CSM}/organization/details/definitions/bulk$`),
    anyOf: [[`write:organization.detail-field:${JSM}`]],
  },
  // [T] DELETE /api/v1/organization/{organizationId} (a copy of the CSM reference's Organization group); [G] its scope
  // is the one @forge/manifest knows for deleting organizations.
  { method: 'DELETE', path: new RegExp(`${CSM}/organization/[^/]+$`), anyOf: [[`delete:organization:${JSM}`]] },
  // [T] profile fetch "probably needs read:organization.profile besides read:organization.detail";
  // unverified, so the stricter reading: all three read scopes.
  {
    method: 'POST',
    path: new RegExp(`${CSM}/organization/profile/fetch$`),
    anyOf: [[`read:organization:${JSM}`, `read:organization.detail:${JSM}`, `read:organization.profile:${JSM}`]],
  },
  { method: 'POST', path: new RegExp(`${CSM}/organization/fetch$`), anyOf: [[`read:organization:${JSM}`]] },
  {
    method: 'GET',
    path: new RegExp(`${CSM}/organization/details$`),
    anyOf: [[`read:organization.detail-field:${JSM}`]],
  },
  {
    method: 'GET',
    path: new RegExp(`${CSM}/organization/[^/]+$`),
    anyOf: [[`read:organization:${JSM}`, `read:organization.detail:${JSM}`]],
  },
  { method: 'GET', path: new RegExp(`${CSM}/tasks/[^/]+$`), anyOf: [[`read:task:${JSM}`]] },
  {
    method: 'GET',
    path: /^\/rest\/servicedeskapi\/organization$/,
    anyOf: [[`read:organization:${JSM}`], ['manage:servicedesk-customer']],
  },
  {
    method: 'GET',
    path: /^\/rest\/servicedeskapi\/organization\/\d+$/,
    anyOf: [[`read:organization:${JSM}`], ['manage:servicedesk-customer']],
  },
  // [T] csm-api.md "Membership…": the service desk organization calls take read:/write:/delete:servicedesk.organization
  // (names checked in @forge/manifest's scope list); [G] listing the desks takes read:servicedesk, or the classic
  // read:servicedesk-request.
  {
    method: 'GET',
    path: /^\/rest\/servicedeskapi\/servicedesk$/,
    anyOf: [[`read:servicedesk:${JSM}`], ['read:servicedesk-request']],
  },
  {
    method: 'GET',
    path: /^\/rest\/servicedeskapi\/servicedesk\/[^/]+\/organization$/,
    anyOf: [[`read:servicedesk.organization:${JSM}`], ['manage:servicedesk-customer']],
  },
  {
    method: 'POST',
    path: /^\/rest\/servicedeskapi\/servicedesk\/[^/]+\/organization$/,
    anyOf: [[`write:servicedesk.organization:${JSM}`], ['manage:servicedesk-customer']],
  },
  {
    method: 'DELETE',
    path: /^\/rest\/servicedeskapi\/servicedesk\/[^/]+\/organization$/,
    anyOf: [[`delete:servicedesk.organization:${JSM}`], ['manage:servicedesk-customer']],
  },
  // [T] csm-api.md "Membership, service projects, deletion and customers": the classic organization user endpoints
  // and their scopes (names checked in @forge/manifest's scope list); user details need read:user:jira besides.
  {
    method: 'GET',
    path: /^\/rest\/servicedeskapi\/organization\/[^/]+\/user$/,
    anyOf: [[`read:organization.user:${JSM}`, 'read:user:jira'], ['manage:servicedesk-customer']],
  },
  {
    method: 'POST',
    path: /^\/rest\/servicedeskapi\/organization\/[^/]+\/user$/,
    anyOf: [[`write:organization.user:${JSM}`], ['manage:servicedesk-customer']],
  },
  {
    method: 'DELETE',
    path: /^\/rest\/servicedeskapi\/organization\/[^/]+\/user$/,
    anyOf: [[`delete:organization.user:${JSM}`], ['manage:servicedesk-customer']],
  },
  // [T] Jira platform REST "Find users" (GET /rest/api/3/user/search): classic read:jira-user, granular read:user:jira.
  { method: 'GET', path: /^\/rest\/api\/3\/user\/search$/, anyOf: [['read:user:jira'], ['read:jira-user']] },
  { method: 'GET', path: /^\/rest\/api\/3\/mypermissions$/, anyOf: [['read:jira-work']] },
  { method: 'GET', path: /^\/rest\/api\/3\/myself$/, anyOf: [['read:jira-user']] },
];

export interface ScopeCheck {
  /** The endpoint as the rule names it, for messages; undefined when no rule knows the endpoint. */
  endpoint?: string;
  /** Scopes that would let the call pass, when it may not: the smallest such set. */
  missing?: string[];
  /** The declared scopes that let the call pass. */
  granted?: string[];
}

export function checkScopes(method: string, pathWithQuery: string, declared: readonly string[]): ScopeCheck {
  const path = pathWithQuery.split('?')[0];
  const rule = RULES.find((r) => r.method === method.toUpperCase() && r.path.test(path));
  if (!rule) return {};
  const endpoint = `${rule.method} ${path}`;
  const granted = rule.anyOf.find((scopes) => scopes.every((s) => declared.includes(s)));
  if (granted) return { endpoint, granted };
  // Name the smallest set of scopes that would make the call pass.
  const missing = rule.anyOf
    .map((scopes) => scopes.filter((s) => !declared.includes(s)))
    .sort((a, b) => a.length - b.length)[0];
  return { endpoint, missing };
}

/**
 * Of the scopes a call is granted by, those not declared with `allowImpersonation: true`: an `asUser(accountId)`
 * call needs every one of them to allow it.
 */
export function scopesNotImpersonable(granted: readonly string[], impersonable: readonly string[]): string[] {
  return granted.filter((scope) => !impersonable.includes(scope));
}
