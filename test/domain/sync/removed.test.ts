import type { RowOperation } from '../../../src/domain/operations';
import {
  alreadySettled,
  describeRemovedFromSource,
  describeRemovedRun,
  diffAgainstSnapshot,
  removedLookup,
  removedOnSite,
  removedRows,
  sourceHash,
  withoutDropped,
} from '../../../src/domain/sync';

const profile = (row: number, name: string, id?: string): RowOperation => ({
  kind: 'profiles',
  index: row - 2,
  row,
  item: { operationType: 'UPSERT', payload: { name, ...(id ? { id } : {}), details: [] } },
});

describe('organizations removed from the source', () => {
  it('are the snapshot keys no source row has, and leave the snapshot so that one coming back is compared again', () => {
    const first = diffAgainstSnapshot([profile(2, 'Acme'), profile(3, 'Globex')], new Map(), 'name');
    const snapshot = new Map(first.changes.map((change) => [change.key, change.fingerprint]));
    const second = diffAgainstSnapshot([profile(2, 'Acme')], snapshot, 'name');
    expect(second).toMatchObject({ compared: 1, changes: [], removed: ['name:globex'], dropped: ['name:globex'] });
    const kept = withoutDropped(snapshot, second.dropped);
    expect([...kept.keys()]).toEqual(['name:acme']);
    // The snapshot given is not changed.
    expect(snapshot.size).toBe(2);
    const back = diffAgainstSnapshot([profile(2, 'Acme'), profile(3, 'Globex')], kept, 'name');
    expect(back.changes.map((change) => change.key)).toEqual(['name:globex']);
    expect(back.removed).toEqual([]);
  });

  it('are not those of rows now matched the other way, which the snapshot forgets all the same', () => {
    const byName = diffAgainstSnapshot([profile(2, 'Acme', '17'), profile(3, 'Globex')], new Map(), 'name');
    const snapshot = new Map(byName.changes.map((change) => [change.key, change.fingerprint]));
    const byId = diffAgainstSnapshot([profile(2, 'Acme', '17'), profile(3, 'Globex')], snapshot, 'id');
    expect(byId.removed).toEqual([]);
    expect(byId.dropped).toEqual(['name:acme']);
    expect(byId.changes.map((change) => change.key)).toEqual(['id:17']);
  });

  it('are counted, the first 20 named as the snapshot knows them', () => {
    const keys = ['id:17', 'name:acme', ...Array.from({ length: 25 }, (_, i) => `name:org ${i}`)];
    const removed = removedRows(keys);
    expect(removed.count).toBe(27);
    expect(removed.shown).toHaveLength(20);
    expect(removed.shown.slice(0, 3)).toEqual(['ID 17', 'acme', 'org 0']);
    expect(removedRows(['odd'])).toEqual({ count: 1, shown: ['odd'] });
  });

  it('are said in words, on the plan and for a run', () => {
    expect(describeRemovedFromSource('leave')).toBe(
      'Organizations removed from the source are left as they are in CSM',
    );
    expect(describeRemovedRun(undefined)).toBeUndefined();
    expect(describeRemovedRun({ count: 0, shown: [], action: 'leave' })).toBeUndefined();
    expect(describeRemovedRun({ count: 1, shown: ['acme'], action: 'leave' })).toBe(
      '1 organization is no longer in the source, left as it is in CSM: acme.',
    );
    expect(describeRemovedRun({ count: 3, shown: ['acme', 'globex'], action: 'leave' })).toBe(
      '3 organizations are no longer in the source, left as they are in CSM: acme, globex, and 1 more.',
    );
  });
});

describe('a source the last runs settled', () => {
  const plan = { kind: 'profiles' as const, matchBy: 'name' as const };

  it('is the same text matched the same way', () => {
    const text = 'Organization Name\nAcme\n';
    expect(sourceHash(text, plan)).toBe(sourceHash(text, { ...plan }));
    expect(sourceHash(text, plan)).not.toBe(sourceHash(`${text}Globex\n`, plan));
    expect(sourceHash(text, plan)).not.toBe(sourceHash(text, { ...plan, matchBy: 'id' }));
  });

  it('needs no look at CSM only when nothing drifted waits to be sent again', () => {
    const hash = sourceHash('x', plan);
    expect(alreadySettled(undefined, hash, 0)).toBe(false);
    expect(alreadySettled({ hash, rows: 3 }, hash, 0)).toBe(true);
    expect(alreadySettled({ hash, rows: 3 }, hash, 1)).toBe(false);
    expect(alreadySettled({ hash: sourceHash('y', plan), rows: 3 }, hash, 0)).toBe(false);
  });
});

describe('organizations removed from a source, to delete', () => {
  it('finds each on the site by id or by name (ignoring case), once; those found nowhere are gone', () => {
    const keys = ['id:17', 'name:acme', 'name:gone co', 'id:99', 'name:acme corp'];
    expect(removedLookup(keys)).toEqual({ ids: ['17', '99'], names: ['acme', 'gone co', 'acme corp'] });
    const found = [
      { id: '17', name: 'Seventeen' },
      { id: '3', name: 'ACME' },
      { id: '17', name: 'Seventeen' },
    ];
    expect(removedOnSite(keys, found)).toEqual({
      organizations: [
        { id: '17', name: 'Seventeen' },
        { id: '3', name: 'ACME' },
      ],
      gone: 3,
    });
    expect(removedLookup(['odd'])).toEqual({ ids: [], names: [] });
  });

  it('says on the plan and in each run that they wait for the admin', () => {
    expect(describeRemovedFromSource('delete')).toMatch(
      /offered for deletion after a run: you review them and confirm/,
    );
    expect(describeRemovedRun({ count: 1, shown: ['acme'], action: 'delete' })).toBe(
      '1 organization is no longer in the source, kept in CSM until you review and delete it: acme.',
    );
    expect(describeRemovedRun({ count: 2, shown: ['acme', 'b'], action: 'delete' })).toMatch(
      /kept in CSM until you review and delete them/,
    );
  });
});
