import { describeOperation, organizationKey, RowOperationSchema } from '../../src/domain/operations';
import { detailOp, organizationOp, profileOp } from './fixtures';

describe('row operations', () => {
  it('describe themselves in a few words', () => {
    expect(describeOperation(profileOp(0, 'Atlassian'))).toBe('UPSERT "Atlassian"');
    expect(describeOperation({ ...profileOp(0, 'x'), item: { operationType: 'UPDATE', payload: { id: '17' } } })).toBe(
      'UPDATE organization 17',
    );
    expect(describeOperation(organizationOp(0, 'Acme'))).toBe('CREATE "Acme"');
    expect(describeOperation(organizationOp(0, 'Acme 2', 'UPDATE', '5'))).toBe('RENAME organization 5 to "Acme 2"');
    expect(describeOperation(detailOp(0, '17', 'Region', 'PATCH', ['EMEA']))).toBe('PATCH Region on organization 17');
  });

  it('key the organization by id when known, else by name ignoring case', () => {
    expect(organizationKey(profileOp(0, 'Acme', { id: '9' }))).toBe('id:9');
    expect(organizationKey(profileOp(0, 'ACME'))).toBe(organizationKey(organizationOp(1, 'acme')));
    expect(organizationKey(detailOp(0, '9', 'Region'))).toBe('id:9');
  });

  it('have a schema for storing them', () => {
    expect(RowOperationSchema.safeParse(detailOp(0, '9', 'Region', 'DELETE')).success).toBe(true);
    expect(RowOperationSchema.safeParse({ ...profileOp(0, 'A'), index: -1 }).success).toBe(false);
  });
});
