import type { ApiHandler } from './handlers/apiRequest';
import type { InspectionHandler } from './handlers/inspection';
import { bulkSubmitHandler } from './handlers/bulkSubmit';
import {
  organizationDetailsRequestSchema,
  organizationProfilesRequestSchema,
  organizationsRequestSchema,
} from './schemas/bulkRequests';
import {
  fetchOrganizationProfiles,
  fetchOrganizations,
  getOrganization,
  listDetailFields,
  getClassicOrganization,
  listOrganizations,
} from './handlers/organizationReads';
import {
  addServiceDeskOrganization,
  listServiceDeskOrganizations,
  listServiceDesks,
  removeServiceDeskOrganization,
} from './handlers/serviceDesks';
import { getTaskStatus } from './handlers/taskStatus';
import { getMyPermissions } from './handlers/myPermissions';
import { submitFieldDefinitions } from './handlers/fieldDefinitions';
import { deleteOrganization } from './handlers/deleteOrganization';
import { getState, getStats, replaceState, resetSite } from './handlers/inspection';
import { addMembers, listMembers, removeMembers } from './handlers/members';
import { searchUsers } from './handlers/userSearch';

interface ApiRoute {
  /** The path as stats name it, ids written {id}. */
  template: string;
  pattern: RegExp;
  csm: boolean;
  bulk: boolean;
  methods: Record<string, ApiHandler>;
  /** Methods that apply a change at once and may lose their answer after it (a DELETE always may). */
  singleWrites?: string[];
}

const CSM_PREFIX = /^\/jsm\/csm(?:\/cloudid\/[^/]+)?\/api\/v1(\/.*)$/;
const CSM_TEMPLATE_PREFIX = '/jsm/csm/api/v1';

function csmRoute(path: string, methods: Record<string, ApiHandler>, bulk = false): ApiRoute {
  const pattern = new RegExp(`^${path.replace(/\{id\}/g, '([^/]+)')}$`);
  return { template: CSM_TEMPLATE_PREFIX + path, pattern, csm: true, bulk, methods };
}

/** Fixed paths come before `/organization/{id}` so that e.g. GET /organization/bulk is a wrong method, not an id. */
const CSM_ROUTES: ApiRoute[] = [
  csmRoute(
    '/organization/profile/bulk',
    { POST: bulkSubmitHandler('profiles', organizationProfilesRequestSchema, (b) => b.organizationProfiles) },
    true,
  ),
  csmRoute(
    '/organization/bulk',
    { POST: bulkSubmitHandler('organizations', organizationsRequestSchema, (b) => b.organizations) },
    true,
  ),
  csmRoute(
    '/organization/details/bulk',
    { POST: bulkSubmitHandler('details', organizationDetailsRequestSchema, (b) => b.organizations) },
    true,
  ),
  csmRoute('/organization/details/definitions/bulk', { POST: submitFieldDefinitions }, true),
  csmRoute('/organization/fetch', { POST: fetchOrganizations }),
  csmRoute('/organization/profile/fetch', { POST: fetchOrganizationProfiles }),
  csmRoute('/organization/details', { GET: listDetailFields }),
  csmRoute('/organization/{id}', { GET: getOrganization, DELETE: deleteOrganization }),
  csmRoute('/tasks/{id}', { GET: getTaskStatus }),
];

function jiraRoute(path: string, methods: Record<string, ApiHandler>, singleWrites?: string[]): ApiRoute {
  const pattern = new RegExp(`^${path.replace(/\{id\}/g, '([^/]+)')}$`);
  return { template: path, pattern, csm: false, bulk: false, methods, singleWrites };
}

const JIRA_ROUTES: ApiRoute[] = [
  jiraRoute('/rest/servicedeskapi/organization', { GET: listOrganizations }),
  jiraRoute('/rest/servicedeskapi/organization/{id}', { GET: getClassicOrganization }),
  jiraRoute(
    '/rest/servicedeskapi/organization/{id}/user',
    { GET: listMembers, POST: addMembers, DELETE: removeMembers },
    ['POST'],
  ),
  jiraRoute('/rest/servicedeskapi/servicedesk', { GET: listServiceDesks }),
  jiraRoute(
    '/rest/servicedeskapi/servicedesk/{id}/organization',
    { GET: listServiceDeskOrganizations, POST: addServiceDeskOrganization, DELETE: removeServiceDeskOrganization },
    ['POST'],
  ),
  jiraRoute('/rest/api/3/mypermissions', { GET: getMyPermissions }),
  jiraRoute('/rest/api/3/user/search', { GET: searchUsers }),
];

const INSPECTION_ROUTES: Record<string, Record<string, InspectionHandler>> = {
  '/_emulator/state': { GET: getState, POST: replaceState },
  '/_emulator/stats': { GET: getStats },
  '/_emulator/reset': { POST: resetSite },
};

export type RouteMatch =
  | { kind: 'inspection'; handler?: InspectionHandler; allowed: string[] }
  | { kind: 'api'; route: ApiRoute; handler: ApiHandler; params: string[]; statsKey: string }
  | { kind: 'methodNotAllowed'; route: ApiRoute; allowed: string[]; statsKey: string }
  | { kind: 'notFound'; csm: boolean; statsKey: string };

export function matchRoute(method: string, path: string): RouteMatch {
  if (path.startsWith('/_emulator/') && INSPECTION_ROUTES[path]) {
    const methods = INSPECTION_ROUTES[path];
    return { kind: 'inspection', handler: methods[method], allowed: Object.keys(methods) };
  }
  const csm = CSM_PREFIX.exec(path);
  const routes = csm ? CSM_ROUTES : JIRA_ROUTES;
  const rest = csm ? csm[1] : path;
  for (const route of routes) {
    const match = route.pattern.exec(rest);
    if (!match) continue;
    const statsKey = `${method} ${route.template}`;
    const handler = route.methods[method];
    if (!handler) return { kind: 'methodNotAllowed', route, allowed: Object.keys(route.methods), statsKey };
    return { kind: 'api', route, handler, params: match.slice(1).map(decodeSegment), statsKey };
  }
  return {
    kind: 'notFound',
    csm: Boolean(csm),
    statsKey: `${method} ${unknownPathKey(csm ? CSM_TEMPLATE_PREFIX + rest : path)}`,
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function unknownPathKey(path: string): string {
  return path
    .split('/')
    .map((segment) => (/^\d+$|^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(segment) ? '{id}' : segment))
    .join('/')
    .slice(0, 200);
}
