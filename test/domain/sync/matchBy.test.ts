import type { ProfileRowOperation } from '../../../src/domain/operations';
import { diffAgainstSnapshot, findDrift, rowFingerprint, syncKey } from '../../../src/domain/sync';

const row = (name: string, id?: string, region = 'EMEA'): ProfileRowOperation => ({
  kind: 'profiles',
  index: 0,
  row: 2,
  item: {
    operationType: 'UPSERT',
    payload: { name, ...(id ? { id } : {}), details: [{ name: 'Region', values: [region] }] },
  },
});

describe('a plan matching organizations by id', () => {
  it('follows an organization through a rename in the source: the same key, one change', () => {
    const before = row('Acme', '17');
    const renamed = row('Acme Ltd', '17');
    const snapshot = new Map([[syncKey(before, 'id'), rowFingerprint(before)]]);
    expect(diffAgainstSnapshot([renamed], snapshot, 'id').changes.map((change) => change.key)).toEqual(['id:17']);
    // Matched by name, the renamed row is another organization altogether.
    const byName = new Map([[syncKey(before, 'name'), rowFingerprint(before)]]);
    expect(diffAgainstSnapshot([renamed], byName, 'name').changes.map((change) => change.key)).toEqual([
      'name:acme ltd',
    ]);
  });

  it('finds drift by id, whatever the organization is called now in CSM, and names the rename as drift', () => {
    const applied = row('Acme', '17');
    const drifted = findDrift(
      [{ operation: applied, key: 'id:17' }],
      [{ id: '17', name: 'Renamed in CSM', details: { Region: ['APAC'] } }],
    );
    expect(drifted).toEqual([
      {
        row: 2,
        key: 'id:17',
        name: 'Acme',
        id: '17',
        // The row names it Acme: the next run sends that name again.
        differences: ['Name: expected Acme, found Renamed in CSM', 'Region: expected EMEA, found APAC'],
      },
    ]);
  });
});
