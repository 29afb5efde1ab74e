import type { EmulatorState } from '../../local/emulator';
import { Harness, CSM, ORGANIZATION_BULK, PROFILE_BULK, profiles } from './harness';

/** Organizations managed by an identity provider (local/PLATFORM_RULES.md, "Customer Service Management"). */
const IDP = (id: string, refused: string) =>
  `Organization ${id} is managed by an identity provider (scimManaged): ${refused}; change it in the identity provider.`;

function site(): EmulatorState {
  return {
    organizations: [
      { id: '1', name: 'Acme', details: {}, customerIds: [], productIds: [] },
      { id: '2', name: 'Okta Staff', details: {}, customerIds: ['c1'], productIds: [], scimManaged: true },
    ],
    detailFields: [{ name: 'Region', type: 'SELECT', options: ['EMEA'] }],
    customers: ['c1', 'c2'],
    products: [],
    nonAdminAccountIds: [],
    tasks: [],
  };
}

describe('IdP-managed (scimManaged) organizations', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    h.emulator.setState(site());
  });
  afterEach(() => h.close());

  it('are marked true or false in every classic answer, and only when true in CSM answers', async () => {
    const list = await h.get('/rest/servicedeskapi/organization');
    expect(list.body.values).toEqual([
      { id: '1', name: 'Acme', scimManaged: false },
      { id: '2', name: 'Okta Staff', scimManaged: true },
    ]);
    expect((await h.get('/rest/servicedeskapi/organization/2')).body).toEqual({
      id: '2',
      name: 'Okta Staff',
      scimManaged: true,
    });
    expect((await h.get('/rest/servicedeskapi/organization/1')).body.scimManaged).toBe(false);
    await h.call('POST', '/rest/servicedeskapi/servicedesk/1/organization', { organizationId: 2 });
    const shared = await h.get('/rest/servicedeskapi/servicedesk/1/organization');
    expect(shared.body.values).toEqual([{ id: '2', name: 'Okta Staff', scimManaged: true }]);
    const fetched = await h.post(`${CSM}/organization/fetch`, { organizationIds: ['1', '2'] });
    expect(fetched.body.results).toEqual([
      { id: '1', name: 'Acme' },
      { id: '2', name: 'Okta Staff', scimManaged: true },
    ]);
    const profile = await h.post(`${CSM}/organization/profile/fetch`, { organizationIds: ['2', '1'] });
    expect(profile.body.results[0]).toMatchObject({ id: '2', scimManaged: true });
    expect(profile.body.results[1]).not.toHaveProperty('scimManaged');
    expect((await h.get(`${CSM}/organization/2`)).body).toMatchObject({ id: '2', scimManaged: true });
  });

  it('keeps the mark in the state only when true', async () => {
    const [acme, okta] = h.emulator.state().organizations;
    expect(acme).not.toHaveProperty('scimManaged');
    expect(okta.scimManaged).toBe(true);
    expect((await h.post('/_emulator/state', { organizations: [{ ...okta, scimManaged: 'yes' }] })).status).toBe(400);
  });

  it('refuses a delete with 400 saying so, and keeps the organization', async () => {
    const refused = await h.call('DELETE', `${CSM}/organization/2`);
    expect(refused.status).toBe(400);
    expect(refused.body.errorMessage).toBe(IDP('2', 'it cannot be deleted here'));
    expect(h.organization('Okta Staff')?.customerIds).toEqual(['c1']);
    expect((await h.call('DELETE', `${CSM}/organization/1`)).status).toBe(204);
  });

  it('refuses member additions and removals with 400, changing nothing; reads still answer', async () => {
    for (const method of ['POST', 'DELETE']) {
      const refused = await h.call(method, '/rest/servicedeskapi/organization/2/user', { accountIds: ['c1', 'c2'] });
      expect(refused.status).toBe(400);
      expect(refused.body.errorMessage).toBe(IDP('2', 'its members cannot be changed here'));
    }
    expect(h.organization('Okta Staff')?.customerIds).toEqual(['c1']);
    expect((await h.get('/rest/servicedeskapi/organization/2/user')).body.size).toBe(1);
    expect((await h.call('POST', '/rest/servicedeskapi/organization/1/user', { accountIds: ['c2'] })).status).toBe(204);
  });

  it('fails a rename by organizations UPDATE in its task, the other items applied', async () => {
    const task = await h.run(ORGANIZATION_BULK, {
      organizations: [
        { operationType: 'UPDATE', payload: { id: '2', name: 'Okta People' } },
        { operationType: 'UPDATE', payload: { id: '2', name: 'Okta Staff' } },
        { operationType: 'UPDATE', payload: { id: '1', name: 'Acme Ltd' } },
      ],
    });
    expect(task.status).toBe('FINISHED');
    expect(task.failures).toEqual([
      expect.objectContaining({
        entityId: '2',
        operation: 'UPDATE',
        operatedOn: 'Okta People',
        error: IDP('2', 'it cannot be renamed here'),
      }),
    ]);
    expect(h.emulator.state().organizations.map((o) => o.name)).toEqual(['Acme Ltd', 'Okta Staff']);
  });

  it('fails a profile item that renames it or adds members; its details may still change', async () => {
    const task = await h.run(
      PROFILE_BULK,
      profiles(
        { operationType: 'UPDATE', payload: { id: '2', name: 'okta staff' } },
        { operationType: 'UPDATE', payload: { id: '2', associateCustomers: { customerIds: ['c2'] } } },
        { operationType: 'UPDATE', payload: { id: '2', details: [{ name: 'Region', values: ['EMEA'] }] } },
      ),
    );
    expect(task.status).toBe('FINISHED');
    expect(task.failures.map((f: { error: string }) => f.error)).toEqual([
      IDP('2', 'it cannot be renamed here'),
      IDP('2', 'its members cannot be changed here'),
    ]);
    expect(h.organization('Okta Staff')).toMatchObject({ customerIds: ['c1'], details: { Region: ['EMEA'] } });
  });
});
