import { previewRow } from '../../src/domain/preview';
import type { ObservedOrganization } from '../../src/domain/outcomes';
import { detailOp, organizationOp, profileOp } from './fixtures';

const acme: ObservedOrganization = {
  id: '10',
  name: 'Acme',
  details: { Region: ['EMEA'], Tier: ['Gold'] },
  customerIds: ['c1'],
  productIds: ['p1'],
};

describe('what a row will do to the organization as it is now', () => {
  it('profiles: create, update, unchanged, or an error that says why', () => {
    expect(previewRow(profileOp(0, 'Acme', { details: [{ name: 'Region', values: ['EMEA'] }] }), acme).change).toBe(
      'unchanged',
    );
    expect(previewRow(profileOp(0, 'Acme', { details: [{ name: 'Region', values: ['APAC'] }] }), acme).change).toBe(
      'update',
    );
    expect(previewRow(profileOp(0, 'Acme', { associateCustomers: { customerIds: ['c2'] } }), acme).change).toBe(
      'update',
    );
    expect(previewRow(profileOp(0, 'Acme', { associateProducts: { productIds: ['p1'] } }), acme).change).toBe(
      'unchanged',
    );
    expect(previewRow(profileOp(0, 'Acme Inc', { id: '10' }), acme).change).toBe('update');
    expect(previewRow(profileOp(0, 'Globex'), undefined)).toMatchObject({ change: 'create', organization: 'Globex' });
    const update = {
      ...profileOp(0, 'Globex'),
      item: { operationType: 'UPDATE' as const, payload: { name: 'Globex' } },
    };
    expect(previewRow(update, undefined)).toMatchObject({
      change: 'error',
      note: expect.stringMatching(/does not exist/),
    });
    const idOnly = { ...profileOp(0, 'x'), item: { operationType: 'UPSERT' as const, payload: { id: '99' } } };
    expect(previewRow(idOnly, undefined)).toMatchObject({
      change: 'error',
      organization: 'organization 99',
      note: expect.stringMatching(/no name/),
    });
    const create = { ...profileOp(0, 'Acme'), item: { operationType: 'CREATE' as const, payload: { name: 'Acme' } } };
    expect(previewRow(create, acme)).toMatchObject({ change: 'error', note: expect.stringMatching(/already exists/) });
  });

  it('organizations: a rename by id updates, the same name is unchanged', () => {
    expect(previewRow(organizationOp(0, 'Acme', 'UPDATE', '10'), acme).change).toBe('unchanged');
    expect(previewRow(organizationOp(0, 'Acme Two', 'UPDATE', '10'), acme).change).toBe('update');
    expect(previewRow(organizationOp(0, 'Acme'), acme).change).toBe('error');
  });

  it('detail values: UPDATE, PATCH and DELETE compared with the values there are', () => {
    expect(previewRow(detailOp(0, '10', 'Region', 'UPDATE', ['EMEA']), acme).change).toBe('unchanged');
    expect(previewRow(detailOp(0, '10', 'Region', 'UPDATE', ['APAC']), acme).change).toBe('update');
    expect(previewRow(detailOp(0, '10', 'Tier', 'PATCH', ['Gold']), acme).change).toBe('unchanged');
    expect(previewRow(detailOp(0, '10', 'Tier', 'PATCH', ['Silver']), acme).change).toBe('update');
    expect(previewRow(detailOp(0, '10', 'Tier', 'DELETE', ['Silver']), acme).change).toBe('unchanged');
    expect(previewRow(detailOp(0, '10', 'Tier', 'DELETE'), acme).change).toBe('update');
    expect(previewRow(detailOp(0, '10', 'Notes', 'DELETE'), acme).change).toBe('unchanged');
    expect(previewRow(detailOp(0, '99', 'Tier', 'DELETE'), undefined)).toMatchObject({
      change: 'error',
      organization: 'organization 99',
    });
  });
});
