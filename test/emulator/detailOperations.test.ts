import { Harness, DETAILS_BULK, PROFILE_BULK, details, profiles } from './harness';

describe('detail operations', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({
      detailFields: [
        { name: 'Tags', type: 'MULTISELECT', options: ['a', 'b', 'c'] },
        { name: 'Region', type: 'SELECT', options: ['AMER', 'EMEA'] },
      ],
    });
    await h.createOrganizations('Acme');
    await h.run(DETAILS_BULK, details('1', { operationType: 'UPDATE', payload: { name: 'Tags', values: ['a', 'b'] } }));
  });
  afterEach(() => h.close());

  const tags = () => h.organization('Acme')?.details.Tags;
  const op = (operationType: string, values?: string[]) => ({
    operationType,
    payload: { name: 'Tags', ...(values ? { values } : {}) },
  });

  it('UPDATE replaces the values', async () => {
    await h.run(DETAILS_BULK, details('1', op('UPDATE', ['c'])));
    expect(tags()).toEqual(['c']);
  });

  it('PATCH adds only values not already present', async () => {
    await h.run(DETAILS_BULK, details('1', op('PATCH', ['b', 'c'])));
    expect(tags()).toEqual(['a', 'b', 'c']);
  });

  it('DELETE removes the given values, or all of them when values are empty or absent', async () => {
    await h.run(DETAILS_BULK, details('1', op('DELETE', ['a', 'c'])));
    expect(tags()).toEqual(['b']);
    await h.run(DETAILS_BULK, details('1', op('DELETE', [])));
    expect(tags()).toBeUndefined();
    await h.run(DETAILS_BULK, details('1', op('UPDATE', ['a'])));
    await h.run(DETAILS_BULK, details('1', op('DELETE')));
    expect(tags()).toBeUndefined();
  });

  it('applies the operations of one organization in order', async () => {
    await h.run(DETAILS_BULK, details('1', op('DELETE'), op('PATCH', ['c']), op('PATCH', ['a'])));
    expect(tags()).toEqual(['c', 'a']);
  });

  it('PATCH of a second value into a single-value field fails and says to use UPDATE', async () => {
    await h.run(DETAILS_BULK, details('1', { operationType: 'UPDATE', payload: { name: 'Region', values: ['AMER'] } }));
    const task = await h.run(
      DETAILS_BULK,
      details('1', { operationType: 'PATCH', payload: { name: 'Region', values: ['EMEA'] } }),
    );
    expect(task.status).toBe('FAILED');
    expect(task.failures[0].error).toMatch(/at most one value.*use UPDATE to replace it/);
    expect(h.organization('Acme')?.details.Region).toEqual(['AMER']);
  });

  it('profile details replace a field, and an empty list clears it', async () => {
    await h.run(
      PROFILE_BULK,
      profiles({ operationType: 'UPDATE', payload: { id: '1', details: [{ name: 'Tags', values: ['c', 'c'] }] } }),
    );
    expect(tags()).toEqual(['c']);
    await h.run(
      PROFILE_BULK,
      profiles({ operationType: 'UPDATE', payload: { id: '1', details: [{ name: 'Tags', values: [] }] } }),
    );
    expect(tags()).toBeUndefined();
  });
});
