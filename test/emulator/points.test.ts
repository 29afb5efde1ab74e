import { BURST_REASON, QUOTA_REASON } from '../../local/emulator';
import { Harness, CSM, ORGANIZATION_BULK } from './harness';

/** Atlassian's points-based rate limits (local/PLATFORM_RULES.md, "Points and rate limits"). */
describe('points and rate limits', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('charges a base point a call, one more per object read, and a write a flat point', async () => {
    h = await Harness.start();
    await h.createOrganizations('Acme', 'Globex', 'Initech');
    const before = h.emulator.stats().points;

    const fetched = await h.call('POST', `${CSM}/organization/fetch`, {
      organizationNames: ['Acme', 'Globex', 'Nobody'],
    });
    expect(fetched.body.results).toHaveLength(2);
    await h.call('GET', '/rest/api/3/mypermissions?permissions=ADMINISTER');
    const submit = await h.bulk(ORGANIZATION_BULK, {
      organizations: [1, 2, 3, 4].map((i) => ({ operationType: 'CREATE', payload: { name: `New ${i}` } })),
    });
    await h.call('GET', `${CSM}/tasks/${submit.body.id}`);

    const after = h.emulator.stats().points;
    const points = (key: string) => after.byRequest[key] - (before.byRequest[key] ?? 0);
    expect(points(`POST ${CSM}/organization/fetch`)).toBe(3); // 1 + 2 organizations
    expect(points('GET /rest/api/3/mypermissions')).toBe(2); // 1 + 1 permission
    expect(points(`POST ${ORGANIZATION_BULK}`)).toBe(1); // a write: flat, whatever it carries
    expect(points(`GET ${CSM}/tasks/{id}`)).toBe(2); // 1 + the task
    expect(after.spent - before.spent).toBe(8);
  });

  it('refuses past the hourly quota with a quota 429 until the hour resets, having applied nothing', async () => {
    h = await Harness.start({ pointsPerHour: 5 });
    h.clock = Date.parse('2026-01-15T10:59:00.000Z');
    for (let i = 0; i < 5; i++) expect((await h.bulk(ORGANIZATION_BULK, create(`Org ${i}`))).status).toBe(200);

    const refused = await h.bulk(ORGANIZATION_BULK, create('Too many'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-reason')).toBe(QUOTA_REASON);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.headers.get('x-ratelimit-reset')).toBe('2026-01-15T11:00:00.000Z');
    expect(refused.headers.get('beta-ratelimit')).toBe('"global-app-quota";r=0;t=60');
    expect(h.emulator.stats().points.quotaRefusals).toBe(1);
    expect(h.emulator.state().tasks).toHaveLength(5);

    h.advance(60_000);
    const next = await h.bulk(ORGANIZATION_BULK, create('Next hour'));
    expect(next.status).toBe(200);
    expect(h.emulator.stats().points.windowSpent).toBe(1);
  });

  it('says when under 20% of the quota is left', async () => {
    h = await Harness.start({ pointsPerHour: 10 });
    for (let i = 0; i < 8; i++) await h.bulk(ORGANIZATION_BULK, create(`Org ${i}`));
    expect((await h.bulk(ORGANIZATION_BULK, create('Ninth'))).headers.get('x-ratelimit-nearlimit')).toBe('true');
  });

  it('refuses a burst to one endpoint and method with a burst 429, leaving the others alone', async () => {
    h = await Harness.start({ burstPerSecond: 2 });
    const [first, second, third] = [
      await h.call('GET', `${CSM}/organization/details`),
      await h.call('GET', `${CSM}/organization/details`),
      await h.call('GET', `${CSM}/organization/details`),
    ];
    expect([first.status, second.status, third.status]).toEqual([200, 200, 429]);
    expect(third.headers.get('ratelimit-reason')).toBe(BURST_REASON);
    expect(third.headers.get('retry-after')).toBe('1');
    expect((await h.call('GET', '/rest/api/3/mypermissions?permissions=ADMINISTER')).status).toBe(200);
    h.advance(1000);
    expect((await h.call('GET', `${CSM}/organization/details`)).status).toBe(200);
    expect(h.emulator.stats().points.burstRefusals).toBe(1);
    expect(h.emulator.stats().points.burstRefusedByRequest).toEqual({ [`GET ${CSM}/organization/details`]: 1 });
  });
});

function create(name: string) {
  return { organizations: [{ operationType: 'CREATE', payload: { name } }] };
}
