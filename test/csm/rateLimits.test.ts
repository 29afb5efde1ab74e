import { createCsmClient } from '../../src/csm/client';
import { presentUser } from '../../src/csm/principal';
import type { Transport, TransportResponse } from '../../src/csm/transport';
import { VirtualClock } from '../engine/virtualClock';

/**
 * The client's answer to Atlassian's two 429s (developer.atlassian.com/cloud/jira/platform/build-an-app-that-
 * respects-rate-limits), against a gateway at the transport (the platform's boundary) that counts as the emulator
 * does (local/emulator/points.ts), on a virtual clock: the times are exact on any machine.
 */
function gateway(clock: VirtualClock, options: { burstPerSecond?: number; quotaCalls?: number; windowMs?: number }) {
  const sent: { endpoint: string; at: number; status: number }[] = [];
  const perSecond = new Map<string, number>();
  let windowCalls = 0;
  let window = 0;
  const transport: Transport = async (_principal, request) => {
    const at = clock.now();
    await clock.sleep(5); // on its way
    const second = `${request.endpoint}@${Math.floor(at / 1000)}`;
    const windowMs = options.windowMs ?? 3_600_000;
    if (Math.floor(at / windowMs) !== window) [window, windowCalls] = [Math.floor(at / windowMs), 0];
    let answer: TransportResponse;
    if (options.quotaCalls !== undefined && windowCalls >= options.quotaCalls) {
      const retryAfter = String(Math.ceil(((window + 1) * windowMs - at) / 1000));
      answer = refusal({ 'Retry-After': retryAfter, 'RateLimit-Reason': 'jira-quota-global-based' });
    } else if ((perSecond.get(second) ?? 0) >= (options.burstPerSecond ?? Infinity)) {
      answer = refusal({ 'Retry-After': '1', 'RateLimit-Reason': 'jira-burst-based' });
    } else {
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
      windowCalls += 1;
      answer = ok(request.endpoint === 'task' ? { id: 't', status: 'IN_PROGRESS' } : { results: [] });
    }
    sent.push({ endpoint: request.endpoint, at, status: answer.status });
    return answer;
  };
  return { transport, sent };
}

const ok = (body: unknown): TransportResponse => ({
  status: 200,
  header: () => null,
  text: async () => JSON.stringify(body),
});
const refusal = (headers: Record<string, string>): TransportResponse => ({
  status: 429,
  header: (name) => headers[name] ?? null,
  text: async () => JSON.stringify({ message: 'Rate limit exceeded' }),
});

describe("the CSM client under Atlassian's rate limits", () => {
  it('a burst 429 spaces out the calls to that endpoint, which are all answered; other endpoints are not slowed', async () => {
    const clock = new VirtualClock();
    const { transport, sent } = gateway(clock, { burstPerSecond: 2 });
    const client = createCsmClient({ transport, principal: presentUser, clock, random: () => 0.5 });
    const polls = Array.from({ length: 20 }, () => client.getTask('t'));
    const answered = await clock.run(Promise.allSettled(polls));
    expect(answered.filter((result) => result.status === 'rejected')).toEqual([]);
    const refusedPolls = sent.filter((call) => call.endpoint === 'task' && call.status === 429);
    // The first wave (sent together) is refused but for two; after that, hardly any.
    expect(refusedPolls.length).toBeLessThanOrEqual(18 + 4);

    // While the task endpoint is spaced out, a read of another endpoint goes out at once.
    const start = clock.now();
    await clock.run(
      Promise.all([client.getTask('t'), client.getTask('t'), client.fetchOrganizations({ names: ['A'] })]),
    );
    expect(sent.find((call) => call.endpoint === 'organizationFetch')?.at).toBe(start);
  });

  it('a quota 429 holds every call until the reset, then makes them, refusing none more', async () => {
    const clock = new VirtualClock();
    const { transport, sent } = gateway(clock, { quotaCalls: 3, windowMs: 600_000 });
    const client = createCsmClient({ transport, principal: presentUser, clock, random: () => 0.5 });
    const calls = Array.from({ length: 6 }, (_, i) => clock.sleep(i * 100).then(() => client.getTask('t')));
    const answered = await clock.run(Promise.allSettled(calls));
    expect(answered.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(sent.filter((call) => call.status === 429)).toHaveLength(1);
    // Nothing between the refusal and the reset at 600 s: the three calls after it waited.
    expect(sent.filter((call) => call.at > sent[3].at && call.at < 600_000)).toEqual([]);
    expect(sent.filter((call) => call.status === 200).map((call) => call.at >= 600_000)).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });
});
