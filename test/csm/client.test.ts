import { createCsmClient } from '../../src/csm/client';
import { CsmError, describeCsmError } from '../../src/csm/errors';
import { presentUser } from '../../src/csm/principal';
import type { CsmRequest, Transport, TransportResponse } from '../../src/csm/transport';

function response(status: number, body: unknown, headers: Record<string, string> = {}): TransportResponse {
  return {
    status,
    header: (name) => headers[name] ?? null,
    text: async () => (typeof body === 'string' ? body : JSON.stringify(body)),
  };
}

function scripted(answers: (TransportResponse | Error)[]) {
  const requests: CsmRequest[] = [];
  const transport: Transport = async (_principal, request) => {
    requests.push(request);
    const next = answers.shift();
    if (!next) throw new Error('no more scripted answers');
    if (next instanceof Error) throw next;
    return next;
  };
  const sleeps: number[] = [];
  let now = Date.parse('2026-11-28T10:00:00Z');
  const clock = {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  const client = createCsmClient({ transport, principal: presentUser, clock, random: () => 0.5 });
  return { client, requests, sleeps };
}

const submitted = response(200, { id: 'task-1', statusUrl: '/api/v1/tasks/task-1' });

describe('CSM client', () => {
  it('hands the idempotency key of a bulk call to the transport', async () => {
    const { client, requests } = scripted([submitted]);
    await expect(client.submitBulk('profiles', { organizationProfiles: [] }, 'job-0-abc')).resolves.toEqual({
      taskId: 'task-1',
    });
    expect(requests[0]).toMatchObject({ endpoint: 'bulk', kind: 'profiles', idempotencyKey: 'job-0-abc' });
  });

  it('with a deadline, gives up on a wait that would pass it and says how long CSM asked to wait', async () => {
    const { requests, sleeps } = scripted([]);
    let now = 0;
    const clock = { now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)) };
    const answers = [
      response(429, { errorMessage: 'slow down' }, { 'Retry-After': '2' }),
      response(429, { errorMessage: 'slow down' }, { 'Retry-After': '30' }),
    ];
    const transport: Transport = async (_principal, request) => {
      requests.push(request);
      return answers.shift()!;
    };
    const client = createCsmClient({ transport, principal: presentUser, clock, deadline: 20_000 });
    const error = (await client.getTask('t').catch((caught) => caught)) as CsmError;
    expect(error).toMatchObject({ kind: 'rateLimited', retryAfterMs: 30_000 });
    expect(describeCsmError(error)).toContain('Try again in 30 s');
    expect(sleeps).toEqual([2_000]);
    expect(requests).toHaveLength(2);
  });

  it('waits for Retry-After, then for X-RateLimit-Reset, then backs off', async () => {
    const reset = new Date(Date.parse('2026-11-28T10:00:00Z') + 7_000 + 3_000).toISOString();
    const { client, sleeps, requests } = scripted([
      response(429, { errorMessage: 'Too many requests' }, { 'Retry-After': '7' }),
      response(429, { errorMessage: 'Too many requests' }, { 'X-RateLimit-Reset': reset }),
      response(503, 'Service Unavailable'),
      submitted,
    ]);
    await client.submitBulk('organizations', { organizations: [] }, 'k');
    expect(sleeps[0]).toBe(7_000);
    expect(sleeps[1]).toBe(3_000);
    expect(sleeps[2]).toBeGreaterThan(0);
    expect(requests).toHaveLength(4);
    expect(client.counts).toEqual({ write: 4, statusPolls: 0, reads: 0, retries: 3 });
  });

  it('resends after a lost response (dropped connection or 504) with the same key', async () => {
    const { client, requests } = scripted([
      new TypeError('socket hang up'),
      response(504, 'Gateway Timeout'),
      submitted,
    ]);
    await client.submitBulk('details', { organizations: [] }, 'same-key');
    expect(requests.map((request) => (request as { idempotencyKey: string }).idempotencyKey)).toEqual([
      'same-key',
      'same-key',
      'same-key',
    ]);
  });

  it.each([
    [400, { errorMessage: 'Maximum number of tasks reached' }, 'taskCap'],
    [400, { errorMessage: 'organizationProfiles[3].payload: provide id or name' }, 'validation'],
    [401, { errorMessage: 'Unauthorized' }, 'unauthorized'],
    [403, { errorMessage: 'Forbidden' }, 'forbidden'],
    [404, { errorMessage: 'Task not found' }, 'notFound'],
    [409, { errorMessage: 'Idempotency key reused' }, 'conflict'],
    [412, { errorMessage: 'Experimental API opt-in required' }, 'preconditionFailed'],
  ])('tells a %i (%j) apart as %s without retrying', async (status, body, kind) => {
    const { client, requests } = scripted([response(status, body)]);
    const error = await client.submitBulk('profiles', {}, 'k').catch((caught) => caught);
    expect(error).toBeInstanceOf(CsmError);
    expect((error as CsmError).kind).toBe(kind);
    expect(requests).toHaveLength(1);
  });

  it('gives up on a server error after the last attempt', async () => {
    const { client, requests } = scripted(Array.from({ length: 6 }, () => response(500, { errorMessage: 'boom' })));
    await expect(client.getTask('t')).rejects.toMatchObject({ kind: 'server' });
    expect(requests).toHaveLength(6);
  });

  it('splits profile fetches into requests of 25', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => String(i + 1));
    const { client, requests } = scripted([
      response(200, { results: [] }),
      response(200, { results: [] }),
      response(200, { results: [] }),
    ]);
    await client.fetchProfiles({ ids });
    expect(
      requests.map(
        (request) => ((request as { body: { organizationIds: string[] } }).body.organizationIds ?? []).length,
      ),
    ).toEqual([25, 25, 10]);
  });
});
