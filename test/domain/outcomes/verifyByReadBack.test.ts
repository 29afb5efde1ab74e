import { verifyByReadBack, type ObservedOrganization } from '../../../src/domain/outcomes';
import { detailOp, organizationOp, profileOp } from '../fixtures';

const observed: ObservedOrganization[] = [
  {
    id: '1',
    name: 'Acme',
    details: { Region: ['EMEA'], Tier: ['Gold', 'Silver'] },
    customerIds: ['c1', 'c2'],
    productIds: ['p1'],
  },
  { id: '2', name: 'Globex', details: { Region: ['APAC'] } },
  { id: '3', name: 'Initech', details: {} },
];

describe('verifyByReadBack', () => {
  it('profiles: the organization exists with every sent value (multi-values as sets) and associations', () => {
    const ops = [
      profileOp(0, 'acme', {
        details: [
          { name: 'Region', values: ['EMEA'] },
          { name: 'Tier', values: ['Silver', 'Gold'] },
        ],
        associateCustomers: { customerIds: ['c2'] },
      }),
      profileOp(1, 'Globex', { details: [{ name: 'Region', values: ['EMEA'] }] }),
      profileOp(2, 'Nowhere'),
      profileOp(3, 'Acme', { associateProducts: { productIds: ['p1', 'p9'] } }),
      profileOp(4, 'Globex', { associateCustomers: { customerIds: ['c1'] } }),
    ];
    expect(verifyByReadBack(ops, observed)).toEqual({
      succeeded: [0, 4],
      failed: [
        { index: 1, error: 'Organization "Globex" (ID 2): Region is still APAC (expected EMEA).' },
        { index: 2, error: 'Organization "Nowhere" was not found after the task: it was not created.' },
        { index: 3, error: 'Organization "Acme" (ID 1): product p9 is not associated.' },
      ],
    });
  });

  it('profiles by id: found by id, renamed when a name is sent too; UPSERT with only an id explains why nothing was created', () => {
    const upsertById = { ...profileOp(0, 'x'), item: { operationType: 'UPSERT' as const, payload: { id: '99' } } };
    const ops = [
      profileOp(1, 'Globex Corp', { id: '2' }),
      upsertById,
      profileOp(2, 'Initech', { id: '3', details: [{ name: 'Notes', values: ['n'] }] }),
    ];
    expect(verifyByReadBack(ops, observed).failed).toEqual([
      { index: 1, error: 'Organization "Globex" (ID 2): it is still named "Globex".' },
      {
        index: 0,
        error:
          'No organization with ID 99 was found. UPSERT with only an ID does not create organizations: add the name to create it.',
        missing: true,
      },
      { index: 2, error: 'Organization "Initech" (ID 3): Notes is still empty (expected n).' },
    ]);
  });

  it('profiles: an UPDATE by name of an organization that is not there is missing; a CREATE or UPSERT not applied is not', () => {
    const update = {
      ...profileOp(0, 'Nowhere'),
      item: { operationType: 'UPDATE' as const, payload: { name: 'Nowhere' } },
    };
    const create = {
      ...profileOp(1, 'Elsewhere'),
      item: { operationType: 'CREATE' as const, payload: { name: 'Elsewhere' } },
    };
    expect(verifyByReadBack([update, create], observed).failed).toEqual([
      { index: 0, error: 'Organization "Nowhere" was not found after the task: it was not updated.', missing: true },
      { index: 1, error: 'Organization "Elsewhere" was not found after the task: it was not created.' },
    ]);
  });

  it('organizations: CREATE exists by name, UPDATE has the new name under its id', () => {
    const ops = [
      organizationOp(0, 'Initech'),
      organizationOp(1, 'Hooli'),
      organizationOp(2, 'Globex', 'UPDATE', '2'),
      organizationOp(3, 'New Name', 'UPDATE', '1'),
      organizationOp(4, 'X', 'UPDATE', '404'),
    ];
    expect(verifyByReadBack(ops, observed)).toEqual({
      succeeded: [0, 2],
      failed: [
        { index: 1, error: 'Organization "Hooli" was not found after the task: it was not created.' },
        { index: 3, error: 'Organization "Acme" (ID 1) is still named "Acme", not "New Name".' },
        // The organization is not there: the row needs fixing, not sending again.
        { index: 4, error: 'No organization with ID 404 was found.', missing: true },
      ],
    });
  });

  it('details: UPDATE replaces, PATCH adds, DELETE removes the given values or all of them', () => {
    const ops = [
      detailOp(0, '1', 'Tier', 'UPDATE', ['Silver', 'Gold']),
      detailOp(1, '1', 'Tier', 'UPDATE', ['Gold']),
      detailOp(2, '1', 'Tier', 'PATCH', ['Gold']),
      detailOp(3, '1', 'Tier', 'PATCH', ['Bronze']),
      detailOp(4, '3', 'Region', 'DELETE'),
      detailOp(5, '1', 'Region', 'DELETE'),
      detailOp(6, '1', 'Tier', 'DELETE', ['Bronze']),
      detailOp(7, '1', 'Tier', 'DELETE', ['Gold']),
      detailOp(8, '404', 'Region', 'UPDATE', ['EMEA']),
      detailOp(9, '2', 'region', 'UPDATE', ['APAC']),
    ];
    expect(verifyByReadBack(ops, observed)).toEqual({
      succeeded: [0, 2, 4, 6, 9],
      failed: [
        { index: 1, error: 'Organization "Acme" (ID 1): Tier is still Gold, Silver (expected Gold).' },
        { index: 3, error: 'Organization "Acme" (ID 1): Tier lacks Bronze (it has Gold, Silver).' },
        { index: 5, error: 'Organization "Acme" (ID 1): Region still has EMEA.' },
        { index: 7, error: 'Organization "Acme" (ID 1): Tier still has Gold.' },
        { index: 8, error: 'No organization with ID 404 was found.', missing: true },
      ],
    });
  });
});
