import {
  TaskStatusSchema,
  TaskSubmitResponseSchema,
  parseDetailFieldDefinitions,
  type DetailFieldDefinition,
  type TaskStatus,
} from '../domain/schemas';
import type { JobKind } from '../domain/operations';
import type { ObservedOrganization } from '../domain/outcomes';
import type { Clock } from '../clock';
import { CsmError, TASK_CAP_MESSAGE, type CsmErrorKind } from './errors';
import type { Principal } from './principal';
import { backoffDelay, delayFromHeaders, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retryPolicy';
import type { CsmRequest, Transport, TransportResponse } from './transport';

export interface CsmRequestCounts {
  write: number;
  statusPolls: number;
  reads: number;
  retries: number;
}

export interface CsmClient {
  submitBulk(kind: JobKind, body: unknown, idempotencyKey: string): Promise<{ taskId: string }>;
  getTask(taskId: string): Promise<TaskStatus>;
  fetchProfiles(query: { ids?: string[]; names?: string[] }): Promise<ObservedOrganization[]>;
  fetchOrganizations(query: { ids?: string[]; names?: string[] }): Promise<{ id: string; name: string }[]>;
  listOrganizations(start: number, limit: number): Promise<{ values: { id: string; name: string }[]; isLastPage: boolean }>;
  getDetailFields(): Promise<DetailFieldDefinition[]>;
  isJiraAdmin(): Promise<boolean>;
  readonly counts: CsmRequestCounts;
}

export interface CsmClientOptions {
  transport: Transport;
  principal: Principal;
  clock: Clock;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
}

export const PROFILE_FETCH_LIMIT = 25;
export const ORGANIZATION_FETCH_LIMIT = 50;
export const ORGANIZATION_PAGE_LIMIT = 50;

const RETRYABLE: ReadonlySet<CsmErrorKind> = new Set(['rateLimited', 'server', 'lostResponse']);

export function createCsmClient(options: CsmClientOptions): CsmClient {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const random = options.random ?? Math.random;
  const counts: CsmRequestCounts = { write: 0, statusPolls: 0, reads: 0, retries: 0 };

  async function send(request: CsmRequest): Promise<unknown> {
    for (let attempt = 1; ; attempt += 1) {
      if (request.endpoint === 'bulk') counts.write += 1;
      else if (request.endpoint === 'task') counts.statusPolls += 1;
      else counts.reads += 1;
      let response: TransportResponse | undefined;
      let failure: CsmError;
      try {
        response = await options.transport(options.principal, request);
        if (response.status >= 200 && response.status < 300) return parseJson(await response.text(), response.status);
        failure = await errorFromResponse(response);
      } catch (error) {
        failure = error instanceof CsmError ? error : errorFromThrown(error);
      }
      if (!RETRYABLE.has(failure.kind) || attempt >= policy.maxAttempts) throw failure;
      counts.retries += 1;
      const fromHeaders = response ? delayFromHeaders(response, options.clock.now()) : undefined;
      await options.clock.sleep(Math.min(policy.maxDelayMs, fromHeaders ?? backoffDelay(policy, attempt, random)));
    }
  }

  return {
    counts,
    async submitBulk(kind, body, idempotencyKey) {
      const answer = await send({
        endpoint: 'bulk',
        kind,
        body,
        headers: { 'Idempotency-Key': idempotencyKey, 'X-ExperimentalApi': 'opt-in' },
      });
      const parsed = TaskSubmitResponseSchema.safeParse(answer);
      if (!parsed.success) throw new CsmError('unexpected', 'The bulk endpoint answered without a task id.');
      return { taskId: parsed.data.id };
    },
    async getTask(taskId) {
      const parsed = TaskStatusSchema.safeParse(await send({ endpoint: 'task', taskId }));
      if (!parsed.success) throw new CsmError('unexpected', `Task ${taskId} has a status the app does not understand.`);
      return parsed.data;
    },
    async fetchProfiles({ ids = [], names = [] }) {
      const results: ObservedOrganization[] = [];
      for (const batch of batches(ids, names, PROFILE_FETCH_LIMIT)) {
        const answer = (await send({ endpoint: 'profileFetch', body: batch })) as { results?: RawProfile[] };
        for (const profile of answer?.results ?? []) results.push(toObserved(profile));
      }
      return results;
    },
    async fetchOrganizations({ ids = [], names = [] }) {
      const results: { id: string; name: string }[] = [];
      for (const batch of batches(ids, names, ORGANIZATION_FETCH_LIMIT)) {
        const answer = (await send({ endpoint: 'organizationFetch', body: batch })) as { results?: { id: unknown; name: unknown }[] };
        for (const org of answer?.results ?? []) results.push({ id: String(org.id), name: String(org.name) });
      }
      return results;
    },
    async listOrganizations(start, limit) {
      const answer = (await send({ endpoint: 'organizationList', start, limit: Math.min(limit, ORGANIZATION_PAGE_LIMIT) })) as {
        values?: { id: unknown; name: unknown }[];
        isLastPage?: boolean;
      };
      const values = (answer?.values ?? []).map((org) => ({ id: String(org.id), name: String(org.name) }));
      return { values, isLastPage: answer?.isLastPage !== false || values.length === 0 };
    },
    async getDetailFields() {
      return parseDetailFieldDefinitions(await send({ endpoint: 'detailFields' }));
    },
    async isJiraAdmin() {
      const answer = (await send({ endpoint: 'adminPermission' })) as {
        permissions?: { ADMINISTER?: { havePermission?: boolean } };
      };
      return answer?.permissions?.ADMINISTER?.havePermission === true;
    },
  };
}

interface RawProfile {
  id: unknown;
  name: unknown;
  details?: { name: string; values?: unknown[] }[];
  customerIds?: unknown[];
  productIds?: unknown[];
}

function toObserved(profile: RawProfile): ObservedOrganization {
  const details: Record<string, string[]> = {};
  for (const detail of profile.details ?? []) details[detail.name] = (detail.values ?? []).map(String);
  return {
    id: String(profile.id),
    name: String(profile.name),
    details,
    customerIds: (profile.customerIds ?? []).map(String),
    productIds: (profile.productIds ?? []).map(String),
  };
}

function* batches(ids: string[], names: string[], size: number) {
  const keys: { id?: string; name?: string }[] = [...ids.map((id) => ({ id })), ...names.map((name) => ({ name }))];
  for (let start = 0; start < keys.length; start += size) {
    const slice = keys.slice(start, start + size);
    const organizationIds = slice.flatMap((key) => (key.id === undefined ? [] : [key.id]));
    const organizationNames = slice.flatMap((key) => (key.name === undefined ? [] : [key.name]));
    yield { ...(organizationIds.length ? { organizationIds } : {}), ...(organizationNames.length ? { organizationNames } : {}) };
  }
}

function parseJson(text: string, status: number): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new CsmError('unexpected', `Customer Service Management answered ${status} with a body that is not JSON.`, status);
  }
}

async function errorFromResponse(response: TransportResponse): Promise<CsmError> {
  const { status } = response;
  let text = '';
  try {
    text = await response.text();
  } catch {
    // the body is lost; the status still says enough
  }
  const { message, details } = readRestError(text);
  const said = message || `HTTP ${status}`;
  if (status === 400) {
    if (said.includes(TASK_CAP_MESSAGE)) return new CsmError('taskCap', said, status);
    if (/idempotency/i.test(said)) return new CsmError('idempotencyKeyMissing', said, status, details);
    return new CsmError('validation', said, status, details);
  }
  if (status === 401) return new CsmError('unauthorized', said, status);
  if (status === 403) return new CsmError('forbidden', said, status);
  if (status === 404) return new CsmError('notFound', said, status);
  if (status === 409) return new CsmError('conflict', said, status);
  if (status === 412) return new CsmError('preconditionFailed', said, status);
  if (status === 429) return new CsmError('rateLimited', said, status);
  // A gateway timeout means the request may have been applied: resend with the same key.
  if (status === 504) return new CsmError('lostResponse', said, status);
  if (status >= 500) return new CsmError('server', said, status);
  return new CsmError('unexpected', said, status, details);
}

function readRestError(text: string): { message: string; details: string[] } {
  try {
    const body = JSON.parse(text) as { errorMessage?: unknown; message?: unknown; errors?: unknown };
    const details = Array.isArray(body.errors)
      ? body.errors.map((entry) =>
          typeof entry === 'string' ? entry : [entry?.field, entry?.message].filter(Boolean).join(': '),
        )
      : [];
    const message = typeof body.errorMessage === 'string' ? body.errorMessage : typeof body.message === 'string' ? body.message : '';
    return { message, details };
  } catch {
    return { message: text.slice(0, 500), details: [] };
  }
}

function errorFromThrown(error: unknown): CsmError {
  const name = (error as { name?: string })?.name ?? '';
  const message = (error as { message?: string })?.message ?? String(error);
  if (name === 'NeedsAuthenticationError') return new CsmError('needsAuthentication', message);
  if (name === 'ProxyRequestError') {
    const status = (error as { status?: number }).status;
    if (status === 401 || status === 403) return new CsmError('unauthorized', message, status);
  }
  return new CsmError('lostResponse', message);
}
