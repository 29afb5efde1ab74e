import {
  absentFromSource,
  compareIds,
  DELETION_COLUMNS,
  deletionsCsv,
  duplicateCandidates,
  duplicateGroups,
  duplicateKey,
  MERGE_COLUMNS,
  mergesCsv,
  mergesFileTooLong,
  sourceNames,
} from '../../src/domain/cleanup';
import { MERGES_FILE_MAX } from '../../src/domain/limits';

const org = (id: string, name: string, members = 0) => ({ id, name, members });

describe('duplicateKey', () => {
  it('gives one key to names that differ in case, spaces and trailing punctuation', () => {
    const key = duplicateKey('Dup Acme Ltd');
    expect(duplicateKey('dup  ACME ltd')).toBe(key);
    expect(duplicateKey('Dup Acme Ltd.')).toBe(key);
    expect(duplicateKey('  Dup\tAcme Ltd ; ! ')).toBe(key);
    expect(duplicateKey('Dup Acme Holdings')).not.toBe(key);
  });

  it('compares in Unicode NFC: é typed as one character or as e and an accent is one name', () => {
    expect(duplicateKey('Caf\u00e9 Lyon')).toBe(duplicateKey('CAFE\u0301 lyon'));
  });

  it('keeps punctuation that is not at the end', () => {
    expect(duplicateKey('A.B. Corp')).not.toBe(duplicateKey('AB Corp'));
  });
});

describe('duplicateGroups', () => {
  it('groups names sharing a key, the one with the most members kept', () => {
    const groups = duplicateGroups([
      org('10', 'Dup Acme Ltd', 1),
      org('11', 'dup  ACME ltd', 3),
      org('12', 'Dup Acme Holdings', 9),
      org('13', 'Dup Acme Ltd.', 0),
    ]);
    expect(groups).toEqual([
      {
        key: 'dup acme ltd',
        keep: org('11', 'dup  ACME ltd', 3),
        merge: [org('10', 'Dup Acme Ltd', 1), org('13', 'Dup Acme Ltd.', 0)],
      },
    ]);
  });

  it('between equal member counts keeps the oldest: the smallest numeric id, not the first in text order', () => {
    const [group] = duplicateGroups([org('100', 'Globex', 2), org('99', 'globex', 2), org('1000', 'GLOBEX', 2)]);
    expect(group.keep.id).toBe('99');
    expect(group.merge.map((o) => o.id)).toEqual(['100', '1000']);
  });

  it('gives groups in the order of their survivors, whatever the input order', () => {
    const orgs = [org('7', 'b'), org('3', 'B'), org('5', 'a'), org('2', 'A.'), org('9', 'single')];
    const ids = (list: typeof orgs) => duplicateGroups(list).map((group) => group.keep.id);
    expect(ids(orgs)).toEqual(['2', '3']);
    expect(ids([...orgs].reverse())).toEqual(['2', '3']);
  });

  it('names the candidates: the organizations whose key another shares', () => {
    expect(duplicateCandidates([org('1', 'Dup Acme Ltd'), org('2', 'dup acme ltd!'), org('3', 'Other')])).toEqual(
      new Set(['1', '2']),
    );
  });

  it('compares ids as numbers of any length', () => {
    expect(compareIds('9', '10')).toBeLessThan(0);
    expect(compareIds('9223372036854775807', '10')).toBeGreaterThan(0);
    expect(compareIds('5', '5')).toBe(0);
  });
});

describe('cleanup files', () => {
  it('writes a deletions file with the columns the deletions importer reads', () => {
    expect(DELETION_COLUMNS).toMatchObject({ id: 'Organization ID', name: 'Organization Name' });
    expect(
      deletionsCsv([
        { id: '1', name: 'Empty, Inc', members: 0 },
        { id: '2', name: '=cmd' },
      ]),
    ).toBe('Organization ID,Organization Name,Members\r\n1,"Empty, Inc",0\r\n2,\'=cmd,\r\n');
  });

  it('writes a merges file: a row an organization to merge, after the one kept', () => {
    const groups = duplicateGroups([
      org('10', 'Dup Acme Ltd', 1),
      org('11', 'dup  ACME ltd', 3),
      org('12', 'DUP ACME LTD.'),
    ]);
    expect(Object.values(MERGE_COLUMNS)).toEqual([
      'Keep Organization ID',
      'Keep Organization Name',
      'Merge Organization ID',
      'Merge Organization Name',
    ]);
    expect(mergesCsv(groups)).toBe(
      [
        'Keep Organization ID,Keep Organization Name,Merge Organization ID,Merge Organization Name',
        '11,dup  ACME ltd,10,Dup Acme Ltd',
        '11,dup  ACME ltd,12,DUP ACME LTD.',
        '',
      ].join('\r\n'),
    );
  });
});

describe('mergesFileTooLong', () => {
  it('says nothing of a merges file a merges import takes, and how to split one longer', () => {
    const pairs = (count: number) =>
      duplicateGroups(Array.from({ length: count * 2 }, (_, i) => org(String(i), `Pair ${Math.floor(i / 2)}`, i % 2)));
    expect(mergesFileTooLong(pairs(MERGES_FILE_MAX))).toBeUndefined();
    expect(mergesFileTooLong(pairs(MERGES_FILE_MAX + 1))).toBe(
      'It holds 251 merges, more than the 250 a merges file may have: split it into files of at most 250 rows before importing them.',
    );
  });
});

describe('absentFromSource', () => {
  it("keeps the organizations none of the source's names names, compared as an import compares names", () => {
    const orgs = [org('1', 'Acme'), org('2', 'Caf\u00e9'), org('3', 'Globex'), org('4', 'Initech')];
    expect(absentFromSource(orgs, ['ACME', 'Cafe\u0301'], ['4'])).toEqual([org('3', 'Globex')]);
    // The import's comparison, not the duplicates key: a trailing dot is another name.
    expect(absentFromSource([org('1', 'Acme')], ['Acme.'])).toEqual([org('1', 'Acme')]);
  });

  it('reads the names (and ids) of a profiles file, leaving out its detail columns', () => {
    const text = 'Organization Name,Organization ID,Region\nAcme,,EU\nGlobex,42,US\n';
    expect(sourceNames(text)).toEqual({ ok: true, names: ['Acme', 'Globex'], ids: ['42'] });
  });

  it('refuses a source with errors: a name it fails to give would look absent', () => {
    const read = sourceNames('Organization Name\nAcme\nAcme\n');
    expect(read.ok).toBe(false);
  });
});
