import { Harness, CSM, ORGANIZATION_BULK } from './harness';

type Observed =
  | 'lostResponseDrop'
  | 'lostResponse504'
  | 'rate429RetryAfter'
  | 'rate429ResetOnly'
  | 'server500'
  | 'server503'
  | 'failedEmpty';

async function submitAll(h: Harness, count: number) {
  const observed: Array<{ name: string; kind: Observed; taskId?: string }> = [];
  for (let i = 0; i < count; i++) {
    const name = `org ${i}`;
    try {
      const answer = await h.bulk(ORGANIZATION_BULK, {
        organizations: [{ operationType: 'CREATE', payload: { name } }],
      });
      observed.push({
        name,
        kind: classify(answer.status, answer.headers, h.clock),
        taskId: answer.status === 200 ? answer.body.id : undefined,
      });
    } catch (error) {
      // The one fault with no answer at all: the emulator closes the connection, and fetch fails on the closed socket.
      expect(error).toMatchObject({ message: 'fetch failed', cause: { code: 'UND_ERR_SOCKET' } });
      observed.push({ name, kind: 'lostResponseDrop' });
    }
  }
  return observed;
}

function classify(status: number, headers: Headers, now: number): Observed {
  if (status === 200) return 'failedEmpty';
  if (status === 504) return 'lostResponse504';
  if (status === 500) return 'server500';
  if (status === 503) return 'server503';
  if (status === 429 && headers.get('retry-after') === '3') return 'rate429RetryAfter';
  if (
    status === 429 &&
    headers.get('retry-after') === null &&
    headers.get('x-ratelimit-reset') === new Date(now + 3000).toISOString()
  )
    return 'rate429ResetOnly';
  throw new Error(`unexpected answer ${status}`);
}

describe('injected faults', () => {
  it('produces every kind on bulk submits; accepted ones apply their writes, refused ones do not', async () => {
    const h = await Harness.start({ faultRate: 1, seed: 11, retryAfterSeconds: 3, maxActiveTasks: 100 });
    try {
      const observed = await submitAll(h, 42);
      const kinds = new Set(observed.map((o) => o.kind));
      expect([...kinds].sort()).toEqual([
        'failedEmpty',
        'lostResponse504',
        'lostResponseDrop',
        'rate429ResetOnly',
        'rate429RetryAfter',
        'server500',
        'server503',
      ]);
      h.advance(60_000);
      const state = h.emulator.state();
      const names = new Set(state.organizations.map((o) => o.name));
      for (const o of observed) {
        const accepted = o.kind === 'lostResponseDrop' || o.kind === 'lostResponse504' || o.kind === 'failedEmpty';
        expect([o.kind, names.has(o.name)]).toEqual([o.kind, accepted]);
      }
      expect(state.tasks).toHaveLength(
        observed.filter((o) => ['lostResponseDrop', 'lostResponse504', 'failedEmpty'].includes(o.kind)).length,
      );
      for (const o of observed.filter((x) => x.kind === 'failedEmpty')) {
        const task = state.tasks.find((t) => t.id === o.taskId);
        expect(task).toMatchObject({ status: 'FAILED', failures: [] });
      }
      const stats = h.emulator.stats();
      for (const kind of kinds)
        expect([kind, stats.faults[kind]]).toEqual([kind, observed.filter((o) => o.kind === kind).length]);
    } finally {
      await h.close();
    }
  });

  it('only refuses reads (429/500/503), and never touches /_emulator/*', async () => {
    const h = await Harness.start({ faultRate: 1, seed: 5 });
    try {
      const statuses = new Set<number>();
      for (let i = 0; i < 30; i++) statuses.add((await h.get(`${CSM}/organization/details`)).status);
      expect([...statuses].sort()).toEqual([429, 500, 503]);
      for (let i = 0; i < 5; i++) {
        expect((await h.get('/_emulator/state')).status).toBe(200);
        expect((await h.get('/_emulator/stats')).status).toBe(200);
      }
      const faults = h.emulator.stats().faults;
      expect(faults.lostResponseDrop + faults.lostResponse504 + faults.failedEmpty).toBe(0);
      expect(faults.rate429RetryAfter + faults.rate429ResetOnly + faults.server500 + faults.server503).toBe(30);
    } finally {
      await h.close();
    }
  });

  it('is reproducible from the seed, and another seed gives another sequence', async () => {
    const run = async (seed: number) => {
      const h = await Harness.start({ faultRate: 0.5, seed, retryAfterSeconds: 3, maxActiveTasks: 100 });
      try {
        return (await submitAll(h, 20)).map((o) => o.kind);
      } finally {
        await h.close();
      }
    };
    const first = await run(3);
    expect(await run(3)).toEqual(first);
    expect(await run(4)).not.toEqual(first);
  });

  it('injects nothing at the default fault rate', async () => {
    const h = await Harness.start({ maxActiveTasks: 100 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          h.bulk(ORGANIZATION_BULK, { organizations: [{ operationType: 'CREATE', payload: { name: `o${i}` } }] }),
        ),
      );
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(Object.values(h.emulator.stats().faults).every((n) => n === 0)).toBe(true);
    } finally {
      await h.close();
    }
  });
});
