import type { EmulatorState, OrganizationState, ServiceDeskState } from '../../local/emulator';
import { checkScopes } from '../../local/runtime/scopes';
import { Harness, CSM } from './harness';

/** Service projects and the organizations shared with them (local/PLATFORM_RULES.md, "Customer Service Management"). */
const DESKS = '/rest/servicedeskapi/servicedesk';
const DESK_ORGS = (desk: string) => `${DESKS}/${desk}/organization`;
const TEMPLATE = '/rest/servicedeskapi/servicedesk/{id}/organization';

const org = (id: number): OrganizationState => ({
  id: String(id),
  name: `Org ${id}`,
  details: {},
  customerIds: [],
  productIds: [],
});

function site(extra: Partial<EmulatorState> = {}): EmulatorState {
  return {
    organizations: Array.from({ length: 120 }, (_, i) => org(i + 1)),
    detailFields: [],
    customers: ['c1'],
    products: [],
    nonAdminAccountIds: [],
    tasks: [],
    ...extra,
  };
}

describe('service desks', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    h.emulator.setState(site());
  });
  afterEach(() => h.close());

  const shared = (desk: string) => h.emulator.state().serviceDesks?.find((d) => d.id === desk)?.organizationIds;
  const add = (desk: string, organizationId: unknown) => h.call('POST', DESK_ORGS(desk), { organizationId });
  const remove = (desk: string, organizationId: unknown) => h.call('DELETE', DESK_ORGS(desk), { organizationId });

  it('lists the two default desks, with a project id, key and name', async () => {
    const list = await h.get(DESKS);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      start: 0,
      limit: 50,
      size: 2,
      isLastPage: true,
      values: [
        { id: '1', projectId: '10001', projectKey: 'SUP', projectName: 'Support' },
        { id: '2', projectId: '10002', projectKey: 'ONB', projectName: 'Onboarding' },
      ],
    });
  });

  it('pages 60 desks 50 at a time, a larger limit served as 50', async () => {
    const desks: ServiceDeskState[] = Array.from({ length: 60 }, (_, i) => ({
      id: String(i + 1),
      projectKey: `P${i + 1}`,
      projectName: `Project ${i + 1}`,
      organizationIds: [],
    }));
    h.emulator.setState(site({ serviceDesks: desks }));
    const first = await h.get(`${DESKS}?limit=500`);
    expect(first.body).toMatchObject({ start: 0, limit: 50, size: 50, isLastPage: false });
    const second = await h.get(`${DESKS}?start=50`);
    expect(second.body).toMatchObject({ start: 50, limit: 50, size: 10, isLastPage: true });
    expect(second.body.values[9].projectKey).toBe('P60');
    expect((await h.get(`${DESKS}?start=-1`)).status).toBe(400);
  });

  it('shares organizations with a desk, pages them in the order added, and a repeat is a harmless 204', async () => {
    for (let id = 120; id >= 1; id--) expect((await add('1', id)).status).toBe(204);
    const again = await add('1', '120');
    expect(again).toMatchObject({ status: 204, body: undefined });
    expect(shared('1')).toHaveLength(120);
    expect(shared('2')).toEqual([]);
    const first = await h.get(DESK_ORGS('1'));
    expect(first.body).toMatchObject({ start: 0, limit: 50, size: 50, isLastPage: false });
    expect(first.body.values[0]).toEqual({ id: '120', name: 'Org 120', scimManaged: false });
    const last = await h.get(`${DESK_ORGS('1')}?start=100&limit=500`);
    expect(last.body).toMatchObject({ start: 100, limit: 50, size: 20, isLastPage: true });
    expect(last.body.values.at(-1).id).toBe('1');
  });

  it('unshares with 204, and unsharing one not shared is a harmless 204', async () => {
    await add('2', 5);
    await add('2', 6);
    expect((await remove('2', 5)).status).toBe(204);
    const again = await remove('2', '5');
    expect(again).toMatchObject({ status: 204, body: undefined });
    expect((await remove('1', 6)).status).toBe(204);
    expect(shared('2')).toEqual(['6']);
  });

  it('answers 404 naming the unknown desk or organization, and changes nothing', async () => {
    for (const answer of [await h.get(DESK_ORGS('9')), await add('9', 1), await remove('9', 1)]) {
      expect(answer.status).toBe(404);
      expect(answer.body.errorMessage).toBe('Service desk 9 not found.');
    }
    for (const answer of [await add('1', 999), await remove('1', 999)]) {
      expect(answer.status).toBe(404);
      expect(answer.body.errorMessage).toBe('Organization 999 not found.');
    }
    expect(shared('1')).toEqual([]);
  });

  it('refuses bodies that are not one organization id', async () => {
    for (const body of [{}, { organizationId: 0 }, { organizationId: 1.5 }, { organizationId: 'x' }, [1]])
      expect((await h.call('POST', DESK_ORGS('1'), body)).status).toBe(400);
    expect((await h.call('POST', DESK_ORGS('1'), { organizationId: 1, extra: true })).status).toBe(400);
    expect((await h.call('DELETE', DESK_ORGS('1'))).status).toBe(400);
    expect(shared('1')).toEqual([]);
  });

  it('takes desks from a posted state, checking them, and shows them in the state', async () => {
    const desk = { id: '7', projectKey: 'IT', projectName: 'IT help', organizationIds: ['3', '4'] };
    expect((await h.post('/_emulator/state', { serviceDesks: [desk] })).status).toBe(400);
    const posted = await h.post('/_emulator/state', { organizations: [org(3), org(4)], serviceDesks: [desk] });
    expect(posted.status).toBe(200);
    expect(posted.body.serviceDesks).toEqual([desk]);
    expect((await h.get(DESK_ORGS('7'))).body.values.map((o: { id: string }) => o.id)).toEqual(['3', '4']);
    const twice = { ...desk, organizationIds: ['3', '3'] };
    const refused = await h.post('/_emulator/state', { organizations: [org(3)], serviceDesks: [twice, desk] });
    expect(refused.status).toBe(400);
    expect(refused.body.errorMessage).toMatch(/organization 3 is listed twice/);
    expect(refused.body.errorMessage).toMatch(/serviceDesks\[1\]\.id: id 7 is used twice/);
  });

  it('unshares a deleted organization from every desk', async () => {
    await add('1', 3);
    await add('2', 3);
    await add('2', 4);
    expect((await h.call('DELETE', `${CSM}/organization/3`)).status).toBe(204);
    expect(shared('1')).toEqual([]);
    expect(shared('2')).toEqual(['4']);
    expect((await h.get(DESK_ORGS('2'))).body.values).toEqual([{ id: '4', name: 'Org 4', scimManaged: false }]);
  });

  it('counts each call by template: a read 1 + 1 a desk or organization, a change a flat point', async () => {
    await add('1', 1);
    await add('1', 2);
    await remove('1', 2);
    await h.get(DESK_ORGS('1'));
    await h.get(DESKS);
    const stats = h.emulator.stats();
    expect(stats.requests).toMatchObject({
      [`POST ${TEMPLATE}`]: 2,
      [`DELETE ${TEMPLATE}`]: 1,
      [`GET ${TEMPLATE}`]: 1,
      [`GET ${DESKS}`]: 1,
    });
    expect(stats.points.byRequest).toMatchObject({
      [`POST ${TEMPLATE}`]: 2,
      [`DELETE ${TEMPLATE}`]: 1,
      [`GET ${TEMPLATE}`]: 2, // 1 + 1 organization
      [`GET ${DESKS}`]: 3, // 1 + 2 desks
    });
  });

  it('may lose the answer of an applied change (with faults); a refusing fault applies nothing', async () => {
    await h.close();
    h = await Harness.start({ faultRate: 1, faultKinds: ['lostResponse504'] });
    h.emulator.setState(site());
    expect((await add('1', 1)).status).toBe(504);
    expect(shared('1')).toEqual(['1']);
    expect((await remove('1', 1)).status).toBe(504);
    expect(shared('1')).toEqual([]);
    expect((await h.get(DESKS)).status).toBe(200);
    expect(h.emulator.stats().faults.lostResponse504).toBe(2);
    await h.close();
    h = await Harness.start({ faultRate: 1, faultKinds: ['server500'] });
    h.emulator.setState(site());
    expect((await add('1', 1)).status).toBe(500);
    expect(shared('1')).toEqual([]);
  });
});

describe('a deleted organization is gone for good', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    h.emulator.setState(site({ organizations: [org(1), org(2)] }));
  });
  afterEach(() => h.close());

  it('is found by no read, refused by every write with 404, and its id is never given again', async () => {
    expect((await h.call('DELETE', `${CSM}/organization/2`)).status).toBe(204);
    expect((await h.get(`${CSM}/organization/2`)).status).toBe(404);
    expect((await h.get('/rest/servicedeskapi/organization/2')).status).toBe(404);
    const fetched = await h.post(`${CSM}/organization/fetch`, { organizationIds: ['2'] });
    expect(fetched.body).toEqual({ results: [] });
    const profiles = await h.post(`${CSM}/organization/profile/fetch`, { organizationIds: ['2'] });
    expect(profiles.body).toEqual({ results: [] });
    const listed = await h.get('/rest/servicedeskapi/organization');
    expect(listed.body.values.map((o: { id: string }) => o.id)).toEqual(['1']);
    const members = await h.call('POST', '/rest/servicedeskapi/organization/2/user', { accountIds: ['c1'] });
    expect(members.status).toBe(404);
    expect((await h.call('POST', DESK_ORGS('1'), { organizationId: 2 })).status).toBe(404);
    expect((await h.call('DELETE', `${CSM}/organization/2`)).status).toBe(404);
    await h.createOrganizations('Org 2', 'Org 3');
    expect(h.emulator.state().organizations.map((o) => o.id)).toEqual(['1', '3', '4']);
  });
});

describe('the scopes of the service desk calls (local runtime)', () => {
  const JSM = 'jira-service-management';
  it('lets each call through with its own scope only', () => {
    const calls: Array<[string, string, string]> = [
      ['GET', `${DESKS}?start=0&limit=50`, `read:servicedesk:${JSM}`],
      ['GET', DESK_ORGS('1'), `read:servicedesk.organization:${JSM}`],
      ['POST', DESK_ORGS('1'), `write:servicedesk.organization:${JSM}`],
      ['DELETE', DESK_ORGS('1'), `delete:servicedesk.organization:${JSM}`],
      ['GET', '/rest/servicedeskapi/organization/7', `read:organization:${JSM}`],
    ];
    for (const [method, path, scope] of calls) {
      expect(checkScopes(method, path, [scope]).granted).toEqual([scope]);
      expect(checkScopes(method, path, [`read:organization.user:${JSM}`]).missing).toEqual([scope]);
    }
  });
});
