import { DETAILS_BULK, Harness, ORGANIZATION_BULK, PROFILE_BULK, details, profiles } from './harness';

describe('row faults: rows told to fail for a passing reason', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
    await h.createOrganizations('Acme');
  });
  afterEach(() => h.close());

  it('fails the named row (by name ignoring case, or by id) its number of times, applies nothing of it, then lets it pass', async () => {
    const posted = await h.post('/_emulator/state', {
      organizations: h.emulator.state().organizations,
      rowFaults: [
        { organization: 'globex', times: 2 },
        { organization: '1', error: 'Organization is locked. Try again.' },
      ],
    });
    expect(posted.status).toBe(200);
    const create = profiles(
      { operationType: 'CREATE', payload: { name: 'Globex', details: [{ name: 'Region', values: ['EMEA'] }] } },
      { operationType: 'CREATE', payload: { name: 'Initech' } },
    );
    const first = await h.run(PROFILE_BULK, create);
    expect(first.status).toBe('FINISHED');
    expect(first.failures).toEqual([
      {
        entity: 'ORGANIZATION',
        entityId: null,
        operation: 'CREATE',
        operatedOn: 'Globex',
        operatedOnIds: [],
        error: 'Timed out while updating the organization. Try again later.',
      },
    ]);
    expect(h.organization('Globex')).toBeUndefined();
    expect(h.emulator.state().rowFaults).toEqual([
      { organization: 'globex', times: 1, error: 'Timed out while updating the organization. Try again later.' },
      { organization: '1', times: 1, error: 'Organization is locked. Try again.' },
    ]);

    const detail = await h.run(
      DETAILS_BULK,
      details('1', { operationType: 'UPDATE', payload: { name: 'Region', values: ['APAC'] } }),
    );
    expect(detail.status).toBe('FAILED');
    expect(detail.failures[0]).toMatchObject({
      entityId: '1',
      operatedOn: 'Region',
      error: 'Organization is locked. Try again.',
    });
    expect(h.organization('Acme')?.details).toEqual({});

    const organization = await h.run(ORGANIZATION_BULK, {
      organizations: [{ operationType: 'CREATE', payload: { name: 'GLOBEX' } }],
    });
    expect(organization.failures).toHaveLength(1);
    // Every fault is used up: the state no longer lists them, and the rows pass.
    expect(h.emulator.state().rowFaults).toBeUndefined();
    const again = await h.run(PROFILE_BULK, create);
    expect(again.failures).toEqual([
      expect.objectContaining({ operatedOn: 'Initech', error: expect.stringMatching(/already exists/) }),
    ]);
    expect(h.organization('Globex')?.details).toEqual({ Region: ['EMEA'] });
  });

  it('refuses a row fault without an organization', async () => {
    const refused = await h.post('/_emulator/state', { rowFaults: [{ times: 1 }] });
    expect(refused.status).toBe(400);
  });
});
