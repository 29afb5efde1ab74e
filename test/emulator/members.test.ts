import type { CustomerState, EmulatorState } from '../../local/emulator';
import { Harness, CSM, PROFILE_BULK, profiles } from './harness';

/** Organization members and user search (local/PLATFORM_RULES.md, "Customer Service Management"). */
const MEMBERS = (id: string) => `/rest/servicedeskapi/organization/${id}/user`;

const customer = (i: number): CustomerState => ({
  accountId: `c${i}`,
  email: `Person.${i}@Example.com`,
  displayName: `Person ${i}`,
});
const AGENT: CustomerState = { accountId: 'agent-1', email: 'agent@example.com', accountType: 'agent' };
const ADMIN: CustomerState = { accountId: 'admin-1', email: 'admin@example.com', accountType: 'admin' };

function site(extra: Partial<EmulatorState> = {}): EmulatorState {
  return {
    organizations: [
      { id: '1', name: 'Acme', details: {}, customerIds: [], productIds: [] },
      { id: '2', name: 'Globex', details: {}, customerIds: [], productIds: [] },
    ],
    detailFields: [],
    customers: [...Array.from({ length: 130 }, (_, i) => customer(i + 1)), AGENT, ADMIN, 'plain-id'],
    products: [],
    nonAdminAccountIds: [],
    tasks: [],
    ...extra,
  };
}

const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `c${from + i}`);

describe('organization members', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    h.emulator.setState(site());
  });
  afterEach(() => h.close());

  const members = (name: string) => h.organization(name)?.customerIds;
  const add = (org: string, accountIds: unknown) => h.call('POST', MEMBERS(org), { accountIds });
  const remove = (org: string, accountIds: unknown) => h.call('DELETE', MEMBERS(org), { accountIds });

  it('pages 120 members 50 at a time, in the order they were added, with email and name', async () => {
    for (const [from, to] of [
      [71, 120],
      [1, 50],
      [51, 70],
    ])
      expect((await add('1', ids(from, to))).status).toBe(204);
    const order = [...ids(71, 120), ...ids(1, 70)];
    const first = await h.get(MEMBERS('1'));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ start: 0, limit: 50, size: 50, isLastPage: false });
    expect(first.body.values[0]).toEqual({
      accountId: 'c71',
      emailAddress: 'Person.71@Example.com',
      displayName: 'Person 71',
      active: true,
      accountType: 'customer',
    });
    const second = await h.get(`${MEMBERS('1')}?start=50&limit=500`);
    expect(second.body).toMatchObject({ start: 50, limit: 50, size: 50, isLastPage: false });
    const third = await h.get(`${MEMBERS('1')}?start=100`);
    expect(third.body).toMatchObject({ start: 100, limit: 50, size: 20, isLastPage: true });
    const listed = [first, second, third].flatMap((page) =>
      page.body.values.map((v: { accountId: string }) => v.accountId),
    );
    expect(listed).toEqual(order);
    expect((await h.get(`${MEMBERS('1')}?limit=0`)).status).toBe(400);
  });

  it('answers 204 to additions and removals, and a repeat of either is harmless', async () => {
    const added = await add('1', ['c1', 'c2']);
    expect(added.status).toBe(204);
    expect(added.body).toBeUndefined();
    expect((await add('1', ['c2', 'c3', 'c3'])).status).toBe(204);
    expect(members('Acme')).toEqual(['c1', 'c2', 'c3']);
    expect((await remove('1', ['c2'])).status).toBe(204);
    expect((await remove('1', ['c2', 'c9'])).status).toBe(204);
    expect(members('Acme')).toEqual(['c1', 'c3']);
    expect(members('Globex')).toEqual([]);
    const plain = await add('2', ['plain-id']);
    expect(plain.status).toBe(204);
    expect((await h.get(MEMBERS('2'))).body.values).toEqual([
      { accountId: 'plain-id', active: true, accountType: 'customer' },
    ]);
  });

  it('refuses more than 50 account ids a call, and bodies that are not a list of ids', async () => {
    for (const call of [add, remove]) {
      const refused = await call('1', ids(1, 51));
      expect(refused.status).toBe(400);
      expect(refused.body.errorMessage).toMatch(/accountIds: allows at most 50 items per request, got 51/);
    }
    expect(members('Acme')).toEqual([]);
    expect((await add('1', ids(1, 50))).status).toBe(204);
    for (const body of [[], [''], 'c1', [1]]) expect((await add('1', body)).status).toBe(400);
    expect((await h.call('POST', MEMBERS('1'), { accountIds: ['c1'], extra: 1 })).status).toBe(400);
    expect((await h.call('POST', MEMBERS('1'))).status).toBe(400);
  });

  it('refuses the whole call for an unknown account, naming it, and applies nothing', async () => {
    const refused = await add('1', ['c1', 'nobody', 'c2']);
    expect(refused.status).toBe(400);
    expect(refused.body.errorMessage).toMatch(/nobody/);
    expect(refused.body.errorMessage).not.toMatch(/c1/);
    expect(members('Acme')).toEqual([]);
    await add('1', ['c1']);
    const removal = await remove('1', ['c1', 'ghost']);
    expect(removal.status).toBe(400);
    expect(removal.body.errorMessage).toMatch(/ghost/);
    expect(members('Acme')).toEqual(['c1']);
  });

  it('refuses agents and admins as members, the whole call, with the eligibility message', async () => {
    for (const account of [AGENT, ADMIN]) {
      const refused = await add('1', ['c1', account.accountId]);
      expect(refused.status).toBe(400);
      expect(refused.body.errorMessage).toBe(
        `${account.accountId} is an agent or an admin: only customers can be members of an organization`,
      );
    }
    expect(members('Acme')).toEqual([]);
  });

  it('answers 404 with an error body for an unknown organization', async () => {
    for (const answer of [await h.get(MEMBERS('99')), await add('99', ['c1']), await remove('99', ['c1'])]) {
      expect(answer.status).toBe(404);
      expect(answer.body.errorMessage).toBe('Organization 99 not found.');
    }
  });

  it('refuses agents in profile associateCustomers as item failures, as unknown customers', async () => {
    const task = await h.run(
      PROFILE_BULK,
      profiles(
        { operationType: 'UPDATE', payload: { id: '1', associateCustomers: { customerIds: ['c1', 'agent-1'] } } },
        { operationType: 'UPDATE', payload: { id: '2', associateCustomers: { customerIds: ['c2'] } } },
      ),
    );
    expect(task.status).toBe('FINISHED');
    expect(task.failures).toEqual([
      expect.objectContaining({
        entityId: '1',
        operatedOn: 'associateCustomers',
        operatedOnIds: ['agent-1'],
        error: 'agent-1 is an agent or an admin: only customers can be members of an organization.',
      }),
    ]);
    expect(members('Acme')).toEqual([]);
    expect(members('Globex')).toEqual(['c2']);
  });

  it('drops the listed accounts silently: 204, a task FINISHED with no failure, and the member absent', async () => {
    h.emulator.setState(site({ silentlyDroppedMembers: ['c1', 'PERSON.2@example.com'] }));
    expect((await add('1', ['c1', 'c2', 'c3'])).status).toBe(204);
    expect(members('Acme')).toEqual(['c3']);
    const task = await h.run(
      PROFILE_BULK,
      profiles({
        operationType: 'UPDATE',
        payload: { id: '2', associateCustomers: { customerIds: ['c1', 'c2', 'c4'] } },
      }),
    );
    expect(task).toMatchObject({ status: 'FINISHED', failures: [] });
    expect(members('Globex')).toEqual(['c4']);
    expect(h.emulator.state().silentlyDroppedMembers).toEqual(['c1', 'PERSON.2@example.com']);
  });

  it('takes silent drops from the option too; removals are not dropped', async () => {
    await h.close();
    h = await Harness.start({ silentlyDroppedMembers: ['c1'] });
    h.emulator.setState({
      ...site(),
      organizations: [{ id: '1', name: 'Acme', details: {}, customerIds: ['c1'], productIds: [] }],
    });
    expect(h.emulator.state().silentlyDroppedMembers).toEqual(['c1']);
    expect((await add('1', ['c1', 'c2'])).status).toBe(204);
    expect(members('Acme')).toEqual(['c1', 'c2']);
    expect((await remove('1', ['c1'])).status).toBe(204);
    expect(members('Acme')).toEqual(['c2']);
    expect((await add('1', ['c1'])).status).toBe(204);
    expect(members('Acme')).toEqual(['c2']);
  });

  it('deletes the memberships with their organization', async () => {
    await add('1', ['c1', 'c2']);
    expect((await h.call('DELETE', `${CSM}/organization/1`)).status).toBe(204);
    expect(h.emulator.state().organizations.map((o) => o.name)).toEqual(['Globex']);
    expect((await h.get(MEMBERS('1'))).status).toBe(404);
    await h.createOrganizations('Acme');
    expect(members('Acme')).toEqual([]);
  });

  it('counts each request by template, a user object 2 points, a change a flat point', async () => {
    await add('1', ['c1', 'c2', 'c3']);
    await remove('1', ['c3']);
    await h.get(MEMBERS('1'));
    await h.get('/rest/api/3/user/search?query=person.1@example.com');
    await h.get('/rest/api/3/user/search?query=nobody@example.com');
    const stats = h.emulator.stats();
    const template = '/rest/servicedeskapi/organization/{id}/user';
    expect(stats.requests).toMatchObject({
      [`POST ${template}`]: 1,
      [`DELETE ${template}`]: 1,
      [`GET ${template}`]: 1,
      'GET /rest/api/3/user/search': 2,
    });
    expect(stats.points.byRequest).toMatchObject({
      [`POST ${template}`]: 1,
      [`DELETE ${template}`]: 1,
      [`GET ${template}`]: 5, // 1 + 2 members × 2
      'GET /rest/api/3/user/search': 4, // (1 + 1 user × 2) + (1 + none)
    });
  });

  it('may lose the answer of an applied change (with faults), as a delete may', async () => {
    await h.close();
    h = await Harness.start({ faultRate: 1, faultKinds: ['lostResponse504'] });
    h.emulator.setState(site());
    const lost = await add('1', ['c1']);
    expect(lost.status).toBe(504);
    expect(members('Acme')).toEqual(['c1']);
    expect((await remove('1', ['c1'])).status).toBe(504);
    expect(members('Acme')).toEqual([]);
    expect(h.emulator.stats().faults.lostResponse504).toBe(2);
    await h.close();
    h = await Harness.start({ faultRate: 1, faultKinds: ['server503'] });
    h.emulator.setState(site());
    expect((await add('1', ['c1'])).status).toBe(503);
    expect(members('Acme')).toEqual([]);
  });
});

describe('user search by email', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
    h.emulator.setState(site());
  });
  afterAll(() => h.close());

  const search = (query: string) => h.get(`/rest/api/3/user/search?query=${encodeURIComponent(query)}`);

  it('finds a customer by email ignoring case, agents and admins as atlassian accounts', async () => {
    const found = await search('person.7@EXAMPLE.com');
    expect(found.status).toBe(200);
    expect(found.body).toEqual([
      {
        accountId: 'c7',
        accountType: 'customer',
        emailAddress: 'Person.7@Example.com',
        displayName: 'Person 7',
        active: true,
      },
    ]);
    expect((await search('Agent@Example.com')).body).toEqual([
      expect.objectContaining({ accountId: 'agent-1', accountType: 'atlassian' }),
    ]);
    expect((await search('admin@example.com')).body[0].accountType).toBe('atlassian');
  });

  it('answers [] when no email matches, and 400 without a query', async () => {
    expect(await search('nobody@example.com')).toMatchObject({ status: 200, body: [] });
    expect((await search('Person')).body).toEqual([]);
    const missing = await h.get('/rest/api/3/user/search');
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('query');
  });
});
