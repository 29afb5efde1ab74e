/**
 * The OAuth scope each product endpoint the app may call needs, from csm-api.md and Atlassian's
 * REST docs. A rule lists alternatives: the call is allowed when every scope of one alternative is
 * declared. Paths not listed here pass through unchecked.
 */
interface ScopeRule {
  method: string;
  path: RegExp;
  anyOf: string[][];
}

const JSM = 'jira-service-management';
const CSM = '^/jsm/csm/api/v1';

const RULES: ScopeRule[] = [
  { method: 'POST', path: new RegExp(`${CSM}/organization/profile/bulk$`), anyOf: [[`write:organization.profile:${JSM}`]] },
  { method: 'POST', path: new RegExp(`${CSM}/organization/details/bulk$`), anyOf: [[`write:organization.detail:${JSM}`]] },
  { method: 'POST', path: new RegExp(`${CSM}/organization/bulk$`), anyOf: [[`write:organization:${JSM}`]] },
  {
    method: 'POST',
    path: new RegExp(`${CSM}/organization/profile/fetch$`),
    anyOf: [[`read:organization:${JSM}`, `read:organization.detail:${JSM}`]],
  },
  { method: 'POST', path: new RegExp(`${CSM}/organization/fetch$`), anyOf: [[`read:organization:${JSM}`]] },
  { method: 'GET', path: new RegExp(`${CSM}/organization/details$`), anyOf: [[`read:organization.detail-field:${JSM}`]] },
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
  { method: 'GET', path: /^\/rest\/api\/3\/mypermissions$/, anyOf: [['read:jira-work']] },
  { method: 'GET', path: /^\/rest\/api\/3\/myself$/, anyOf: [['read:jira-user']] },
];

export interface ScopeCheck {
  /** Undefined when the call is allowed or the endpoint is not one this table knows. */
  missing?: string[];
  /** The endpoint as the rule names it, for messages. */
  endpoint?: string;
}

export function checkScopes(method: string, pathWithQuery: string, declared: readonly string[]): ScopeCheck {
  const path = pathWithQuery.split('?')[0];
  const rule = RULES.find((r) => r.method === method.toUpperCase() && r.path.test(path));
  if (!rule) return {};
  const endpoint = `${rule.method} ${path}`;
  if (rule.anyOf.some((scopes) => scopes.every((s) => declared.includes(s)))) return { endpoint };
  // Name the smallest set of scopes that would make the call pass.
  const missing = rule.anyOf
    .map((scopes) => scopes.filter((s) => !declared.includes(s)))
    .sort((a, b) => a.length - b.length)[0];
  return { endpoint, missing };
}
