import api, { route } from '@forge/api';
import type { BulkKind } from '../domain/operations';
import type { Principal } from './principal';

/**
 * The only module that talks to Forge's product fetch. Each CSM path is built with the
 * `route` tag here, because requestJira refuses plain strings.
 */
export interface TransportResponse {
  status: number;
  header(name: string): string | null;
  text(): Promise<string>;
}

export type CsmRequest =
  | { endpoint: 'bulk'; kind: BulkKind; body: unknown; idempotencyKey: string }
  | { endpoint: 'fieldDefinitions'; body: unknown; idempotencyKey: string }
  | { endpoint: 'task'; taskId: string }
  | { endpoint: 'organizationList'; start: number; limit: number }
  | { endpoint: 'organizationFetch'; body: unknown }
  | { endpoint: 'profileFetch'; body: unknown }
  | { endpoint: 'organizationDelete'; id: string }
  | { endpoint: 'memberList'; organizationId: string; start: number; limit: number }
  | { endpoint: 'memberChange'; organizationId: string; method: 'POST' | 'DELETE'; accountIds: string[] }
  | { endpoint: 'userSearch'; query: string }
  | { endpoint: 'deskList'; start: number; limit: number }
  | { endpoint: 'deskOrganizations'; deskId: string; start: number; limit: number }
  | { endpoint: 'deskChange'; deskId: string; method: 'POST' | 'DELETE'; organizationId: string }
  | { endpoint: 'detailFields' }
  | { endpoint: 'adminPermission' };

export type Transport = (principal: Principal, request: CsmRequest) => Promise<TransportResponse>;

const JSON_HEADERS = { Accept: 'application/json', 'Content-Type': 'application/json' };

/**
 * Every call under /jsm/csm carries the experimental opt-in. The CSM reference marks the bulk endpoints and
 * GET /tasks/{taskId} "Experimental ... X-ExperimentalApi Required" (without it: 412); endpoints that leave the
 * experimental stage stop checking it, so sending it everywhere is harmless and never misses one.
 */
const CSM_HEADERS = { ...JSON_HEADERS, 'X-ExperimentalApi': 'opt-in' };

function bulkRoute(kind: BulkKind) {
  switch (kind) {
    case 'profiles':
      return route`/jsm/csm/api/v1/organization/profile/bulk`;
    case 'organizations':
      return route`/jsm/csm/api/v1/organization/bulk`;
    case 'details':
      return route`/jsm/csm/api/v1/organization/details/bulk`;
  }
}

function toRequest(request: CsmRequest) {
  switch (request.endpoint) {
    case 'bulk':
      return {
        path: bulkRoute(request.kind),
        init: {
          method: 'POST',
          headers: { ...CSM_HEADERS, 'Idempotency-Key': request.idempotencyKey },
          body: JSON.stringify(request.body),
        },
      };
    case 'fieldDefinitions':
      // [T] asynchronous like the other bulk endpoints (a task id to poll), with the same two headers.
      return {
        path: route`/jsm/csm/api/v1/organization/details/definitions/bulk`,
        init: {
          method: 'POST',
          headers: { ...CSM_HEADERS, 'Idempotency-Key': request.idempotencyKey },
          body: JSON.stringify(request.body),
        },
      };
    case 'task':
      return { path: route`/jsm/csm/api/v1/tasks/${request.taskId}`, init: { method: 'GET', headers: CSM_HEADERS } };
    case 'organizationList':
      return {
        path: route`/rest/servicedeskapi/organization?start=${request.start}&limit=${request.limit}`,
        init: { method: 'GET', headers: JSON_HEADERS },
      };
    case 'organizationFetch':
      return {
        path: route`/jsm/csm/api/v1/organization/fetch`,
        init: { method: 'POST', headers: CSM_HEADERS, body: JSON.stringify(request.body) },
      };
    case 'profileFetch':
      return {
        path: route`/jsm/csm/api/v1/organization/profile/fetch`,
        init: { method: 'POST', headers: CSM_HEADERS, body: JSON.stringify(request.body) },
      };
    case 'organizationDelete':
      return {
        path: route`/jsm/csm/api/v1/organization/${request.id}`,
        init: { method: 'DELETE', headers: CSM_HEADERS },
      };
    case 'memberList':
    case 'memberChange':
    case 'userSearch':
    case 'deskList':
    case 'deskOrganizations':
    case 'deskChange':
      return classicRequest(request);
    case 'detailFields':
      return { path: route`/jsm/csm/api/v1/organization/details`, init: { method: 'GET', headers: CSM_HEADERS } };
    case 'adminPermission':
      return {
        path: route`/rest/api/3/mypermissions?permissions=ADMINISTER`,
        init: { method: 'GET', headers: JSON_HEADERS },
      };
  }
}

type ClassicRequest = Extract<
  CsmRequest,
  { endpoint: 'memberList' | 'memberChange' | 'userSearch' | 'deskList' | 'deskOrganizations' | 'deskChange' }
>;

/** The classic JSM and Jira paths: organization members, the user search, service desks (synchronous, no task). */
function classicRequest(request: ClassicRequest) {
  switch (request.endpoint) {
    case 'memberList':
      return {
        path: route`/rest/servicedeskapi/organization/${request.organizationId}/user?start=${request.start}&limit=${request.limit}`,
        init: { method: 'GET', headers: JSON_HEADERS },
      };
    case 'memberChange':
      return {
        path: route`/rest/servicedeskapi/organization/${request.organizationId}/user`,
        init: {
          method: request.method,
          headers: JSON_HEADERS,
          body: JSON.stringify({ accountIds: request.accountIds }),
        },
      };
    case 'deskList':
      return {
        path: route`/rest/servicedeskapi/servicedesk?start=${request.start}&limit=${request.limit}`,
        init: { method: 'GET', headers: JSON_HEADERS },
      };
    case 'deskOrganizations':
      return {
        path: route`/rest/servicedeskapi/servicedesk/${request.deskId}/organization?start=${request.start}&limit=${request.limit}`,
        init: { method: 'GET', headers: JSON_HEADERS },
      };
    case 'deskChange':
      // The reference's body: {"organizationId": N}, a number.
      return {
        path: route`/rest/servicedeskapi/servicedesk/${request.deskId}/organization`,
        init: {
          method: request.method,
          headers: JSON_HEADERS,
          body: JSON.stringify({ organizationId: Number(request.organizationId) }),
        },
      };
    case 'userSearch':
      return {
        path: route`/rest/api/3/user/search?query=${request.query}`,
        init: { method: 'GET', headers: JSON_HEADERS },
      };
  }
}

export const forgeTransport: Transport = async (principal, request) => {
  const { path, init } = toRequest(request);
  const requester = principal.kind === 'presentUser' ? api.asUser() : api.asUser(principal.accountId);
  const response = await requester.requestJira(path, init);
  return {
    status: response.status,
    header: (name) => response.headers.get(name),
    text: () => response.text(),
  };
};
