import type { z } from 'zod';
import {
  TaskStatusSchema,
  TaskSubmitResponseSchema,
  parseDetailFieldDefinitions,
  type DetailFieldDefinition,
  type TaskStatus,
} from '../domain/schemas';
import type { BulkKind } from '../domain/operations';
import type { ObservedOrganization } from '../domain/outcomes';
import type { Clock } from '../clock';
import { CsmError, errorFromThrown, isTransient } from './errors';
import type { Principal } from './principal';
import {
  MyPermissionsSchema,
  OrganizationFetchResponseSchema,
  OrganizationPageSchema,
  ProfileFetchResponseSchema,
  type RawProfile,
} from './responses';
import { backoffDelay, delayFromHeaders, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retryPolicy';
import type { CsmRequest, Transport, TransportResponse } from './transport';
import { errorFromResponse, parseJson } from './answers';
import { memberCalls, type SiteUser } from './members';
import { serviceDeskCalls, type ServiceDesk } from './serviceDesks';

export type { ServiceDesk, SiteUser };
import {
  createRateLimitGate,
  easeOff,
  endpointKey,
  heedRateLimit,
  quotaPause,
  waitForLimits,
  type RateLimitGate,
} from './rateLimitGate';

export interface CsmRequestCounts {
  write: number;
  statusPolls: number;
  reads: number;
  retries: number;
}

export interface CsmClient {
  submitBulk(kind: BulkKind, body: unknown, idempotencyKey: string): Promise<{ taskId: string }>;
  /** `POST /organization/details/definitions/bulk` (Jira admins only): a task, like the bulk endpoints. */
  submitFieldDefinitions(body: unknown, idempotencyKey: string): Promise<{ taskId: string }>;
  getTask(taskId: string): Promise<TaskStatus>;
  /**
   * `DELETE /organization/{id}` (one call each; no bulk endpoint deletes): 'gone' when CSM no longer has it (a
   * retry of a delete whose answer was lost finds it gone).
   */
  deleteOrganization(id: string): Promise<'deleted' | 'gone'>;
  fetchProfiles(query: { ids?: string[]; names?: string[] }): Promise<ObservedOrganization[]>;
  fetchOrganizations(query: {
    ids?: string[];
    names?: string[];
  }): Promise<{ id: string; name: string; scimManaged?: true }[]>;
  listOrganizations(
    start: number,
    limit: number,
  ): Promise<{ values: { id: string; name: string }[]; isLastPage: boolean }>;
  getDetailFields(): Promise<DetailFieldDefinition[]>;
  /** Every member of an organization, read a page of 50 at a time (a `notFound` CsmError when it does not exist). */
  listMembers(organizationId: string): Promise<SiteUser[]>;
  /**
   * One page (50, or `limit` if fewer) of an organization's members, from `start`. Each member read costs 2 points:
   * asking whether an organization has any member needs a page of 1.
   */
  memberPage(
    organizationId: string,
    start: number,
    limit?: number,
  ): Promise<{ values: SiteUser[]; isLastPage: boolean }>;
  /**
   * `POST` (ADD) or `DELETE` (REMOVE) `/rest/servicedeskapi/organization/{id}/user`, at most 50
   * accounts: 204, and harmless when repeated (a member added twice, a non-member removed).
   */
  changeMembers(organizationId: string, operation: 'ADD' | 'REMOVE', accountIds: string[]): Promise<void>;
  /** The site's users whose email is exactly `email` (letter case ignored): Jira's search also matches names. */
  findUsersByEmail(email: string): Promise<SiteUser[]>;
  /** The site's service desks (service projects), every page. */
  listServiceDesks(): Promise<ServiceDesk[]>;
  /** The organizations shared with a service desk, every page (a `notFound` CsmError when the desk is gone). */
  serviceDeskOrganizations(deskId: string): Promise<{ id: string; name: string }[]>;
  /** `POST` (ADD) or `DELETE` (REMOVE) one organization on a service desk: 204, harmless when repeated. */
  changeServiceDesk(deskId: string, operation: 'ADD' | 'REMOVE', organizationId: string): Promise<void>;
  isJiraAdmin(): Promise<boolean>;
  readonly counts: CsmRequestCounts;
  /** Until when (clock ms) Atlassian's hourly quota holds every call; undefined when it does not. */
  quotaPausedUntil(): number | undefined;
  /** Holds every call until `until` (clock ms), as a quota 429 would. */
  holdUntil(until: number): void;
  /** Calls `listener` whenever a quota 429 holds the calls; returns how to stop. */
  whenQuotaPaused(listener: () => void): () => void;
}

export interface CsmClientOptions {
  transport: Transport;
  principal: Principal;
  clock: Clock;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /**
   * When the caller must have its answer (ms, clock time): a resolver is stopped by Forge at 25 s. A retry whose
   * wait would pass it is not made; the transient error is thrown at once with the wait CSM asked for.
   */
  deadline?: number;
  /** Shared by the clients of one engine, so a quota 429 stops all their calls and a burst 429 slows theirs. */
  rateLimits?: RateLimitGate;
}

export const PROFILE_FETCH_LIMIT = 25;
export const ORGANIZATION_FETCH_LIMIT = 50;
export const ORGANIZATION_PAGE_LIMIT = 50;

export function createCsmClient(options: CsmClientOptions): CsmClient {
  const { counts, send, read, gate } = csmRequests(options);

  return {
    counts,
    ...quotaPause(gate, options.clock),
    async submitBulk(kind, body, idempotencyKey) {
      const answer = await read(
        { endpoint: 'bulk', kind, body, idempotencyKey },
        TaskSubmitResponseSchema,
        'a bulk request',
      );
      return { taskId: answer.id };
    },
    async submitFieldDefinitions(body, idempotencyKey) {
      const request = { endpoint: 'fieldDefinitions' as const, body, idempotencyKey };
      const answer = await read(request, TaskSubmitResponseSchema, 'a request to create detail fields');
      return { taskId: answer.id };
    },
    async deleteOrganization(id) {
      try {
        await send({ endpoint: 'organizationDelete', id });
        return 'deleted';
      } catch (error) {
        if (error instanceof CsmError && error.kind === 'notFound') return 'gone';
        throw error;
      }
    },
    async getTask(taskId) {
      return read({ endpoint: 'task', taskId }, TaskStatusSchema, `the status of task ${taskId}`);
    },
    async fetchProfiles({ ids = [], names = [] }) {
      const results: ObservedOrganization[] = [];
      for (const batch of batches(ids, names, PROFILE_FETCH_LIMIT)) {
        const answer = await read(
          { endpoint: 'profileFetch', body: batch },
          ProfileFetchResponseSchema,
          'a profile fetch',
        );
        for (const profile of answer.results ?? []) results.push(toObserved(profile));
      }
      return results;
    },
    async fetchOrganizations({ ids = [], names = [] }) {
      const results: { id: string; name: string; scimManaged?: true }[] = [];
      for (const batch of batches(ids, names, ORGANIZATION_FETCH_LIMIT)) {
        const answer = await read(
          { endpoint: 'organizationFetch', body: batch },
          OrganizationFetchResponseSchema,
          'an organization fetch',
        );
        for (const org of answer.results ?? []) results.push(organizationRef(org));
      }
      return results;
    },
    async listOrganizations(start, limit) {
      const request = { endpoint: 'organizationList' as const, start, limit: Math.min(limit, ORGANIZATION_PAGE_LIMIT) };
      const answer = await read(request, OrganizationPageSchema, 'the organization list');
      const values = (answer.values ?? []).map((org) => ({ id: org.id, name: org.name }));
      return { values, isLastPage: answer.isLastPage !== false || values.length === 0 };
    },
    async getDetailFields() {
      const answer = await send({ endpoint: 'detailFields' });
      try {
        return parseDetailFieldDefinitions(answer);
      } catch {
        throw new CsmError(
          'unexpected',
          'Customer Service Management answered the detail field definitions in a shape the app does not understand.',
        );
      }
    },
    ...memberCalls(send, read),
    ...serviceDeskCalls(send, read),
    async isJiraAdmin() {
      const answer = await read({ endpoint: 'adminPermission' }, MyPermissionsSchema, 'the permission check');
      return answer.permissions.ADMINISTER?.havePermission === true;
    },
  };
}

/**
 * Sending one request, counted, with retries of transient errors (waiting what CSM asked, else a backoff with
 * jitter, never past the deadline), and reading its answer with a schema.
 */
export function csmRequests(options: CsmClientOptions) {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const random = options.random ?? Math.random;
  const counts: CsmRequestCounts = { write: 0, statusPolls: 0, reads: 0, retries: 0 };
  const gate = options.rateLimits ?? createRateLimitGate();

  async function send(request: CsmRequest): Promise<unknown> {
    const key = endpointKey(request);
    for (let attempt = 1; ; attempt += 1) {
      await waitForLimits(gate, key, options.clock, options.deadline);
      if (['bulk', 'fieldDefinitions', 'organizationDelete', 'memberChange', 'deskChange'].includes(request.endpoint))
        counts.write += 1;
      else if (request.endpoint === 'task') counts.statusPolls += 1;
      else counts.reads += 1;
      let response: TransportResponse | undefined;
      let failure: CsmError;
      try {
        response = await options.transport(options.principal, request);
        if (response.status >= 200 && response.status < 300) {
          easeOff(gate, key);
          return parseJson(await response.text(), response.status);
        }
        failure = await errorFromResponse(response);
      } catch (error) {
        failure = errorFromThrown(error);
      }
      const fromHeaders = response ? delayFromHeaders(response, options.clock.now()) : undefined;
      // A quota 429 holds every call until the reset (this one is made again then, waitForLimits waiting or
      // refusing it); a burst 429 spaces this endpoint's calls out.
      if (response?.status === 429 && heedRateLimit(gate, key, response, fromHeaders, options.clock.now())) {
        attempt -= 1;
        counts.retries += 1;
        continue;
      }
      if (!isTransient(failure) || attempt >= policy.maxAttempts) throw failure;
      const delay = Math.min(policy.maxDelayMs, fromHeaders ?? backoffDelay(policy, attempt, random));
      if (options.deadline !== undefined && options.clock.now() + delay > options.deadline) {
        throw new CsmError(failure.kind, failure.message, failure.status, failure.details, delay);
      }
      counts.retries += 1;
      await options.clock.sleep(delay);
    }
  }

  async function read<S extends z.ZodType>(request: CsmRequest, schema: S, what: string): Promise<z.output<S>> {
    const parsed = schema.safeParse(await send(request));
    if (!parsed.success)
      throw new CsmError(
        'unexpected',
        `Customer Service Management answered ${what} in a shape the app does not understand.`,
      );
    return parsed.data;
  }

  return { counts, send, read, gate };
}

function toObserved(profile: RawProfile): ObservedOrganization {
  const details: Record<string, string[]> = {};
  for (const detail of profile.details ?? []) details[detail.name] = detail.values ?? [];
  return {
    id: profile.id,
    name: profile.name,
    details,
    customerIds: profile.customerIds ?? [],
    productIds: profile.productIds ?? [],
  };
}

function organizationRef(org: { id: string; name: string; scimManaged?: boolean | null }) {
  return { id: org.id, name: org.name, ...(org.scimManaged === true ? { scimManaged: true as const } : {}) };
}

function* batches(ids: string[], names: string[], size: number) {
  const keys: { id?: string; name?: string }[] = [...ids.map((id) => ({ id })), ...names.map((name) => ({ name }))];
  for (let start = 0; start < keys.length; start += size) {
    const slice = keys.slice(start, start + size);
    const organizationIds = slice.flatMap((key) => (key.id === undefined ? [] : [key.id]));
    const organizationNames = slice.flatMap((key) => (key.name === undefined ? [] : [key.name]));
    yield {
      ...(organizationIds.length ? { organizationIds } : {}),
      ...(organizationNames.length ? { organizationNames } : {}),
    };
  }
}
