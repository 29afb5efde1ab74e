import { readImport } from '../../../src/domain/import';
import {
  keyValue,
  matchByKey,
  needsSiteKeys,
  rowKeyValue,
  type SiteKeys,
  type SiteOrganization,
} from '../../../src/domain/mapping/keyMatch';
import type { Mapping } from '../../../src/domain/mapping/mapping';
import type { ProfileRowOperation } from '../../../src/domain/operations';
import type { DetailFieldDefinition } from '../../../src/domain/schemas';
import { matchOfRun, sourceHash, describeMapping } from '../../../src/domain/sync';

const FIELDS: DetailFieldDefinition[] = [
  { name: 'Region', type: 'SELECT', options: ['EMEA', 'AMER'] },
  { name: 'CRM Id', type: 'TEXT' },
  { name: 'Codes', type: 'MULTISELECT', options: ['A', 'B'] },
];
const MAPPING: Mapping = {
  columns: { 'Record ID': 'CRM Id', 'Company name': 'Organization Name' },
  key: 'CRM Id',
};

const read = (...rows: string[]) =>
  readImport(
    { text: ['Record ID,Company name,Operation,Organization ID', ...rows].join('\n') },
    { detailFields: FIELDS },
    { mapping: MAPPING },
  );

function site(holders: Record<string, SiteOrganization[]>, others: SiteOrganization[] = []): SiteKeys {
  const all = [...Object.values(holders).flat(), ...others];
  return {
    holders: new Map(Object.entries(holders)),
    byName: new Map(all.map((org) => [org.name.toLowerCase(), org])),
  };
}
const acme = { id: '7', name: 'Acme Ltd' };
const payloads = (ops: readonly unknown[]) => (ops as ProfileRowOperation[]).map((op) => op.item.payload);

describe('matching rows by a key field', () => {
  it('reads a key value as its values, trimmed, in any order; none when empty', () => {
    expect(keyValue([' 101 '])).toBe('101');
    expect(keyValue(['B', 'A'])).toBe(keyValue(['A', 'B']));
    expect(keyValue(['', ' '])).toBeUndefined();
    expect(keyValue(undefined)).toBeUndefined();
    const [op] = read('101,Acme,,').operations;
    expect(rowKeyValue(op, 'crm id')).toBe('101');
    expect(rowKeyValue(op, 'Region')).toBeUndefined();
  });

  it('finds by its key only a row without Organization ID that updates', () => {
    expect(needsSiteKeys(read('101,Acme Corporation,,').operations, 'CRM Id')).toBe(true);
    expect(needsSiteKeys(read('101,Acme Corporation,UPDATE,').operations, 'CRM Id')).toBe(true);
    expect(needsSiteKeys(read('101,Acme Corporation,CREATE,').operations, 'CRM Id')).toBe(false);
    expect(needsSiteKeys(read('101,Acme Corporation,,7').operations, 'CRM Id')).toBe(false);
    expect(needsSiteKeys(read(',Acme Corporation,,').operations, 'CRM Id')).toBe(false);
  });

  it('sends a row by the id of the organization holding its key; a value none holds keeps the row by name', () => {
    const { imported, matches } = matchByKey(
      read('101,Acme Corporation,,', '999,Initech,,'),
      'CRM Id',
      'Record ID',
      site({ '101': [acme] }),
    );
    expect(imported.problems).toEqual([]);
    expect(payloads(imported.operations)).toEqual([
      expect.objectContaining({ id: '7', name: 'Acme Corporation' }),
      expect.not.objectContaining({ id: expect.anything() }),
    ]);
    expect(matches).toEqual([{ row: 2, value: '101', id: '7', name: 'Acme Ltd' }]);
  });

  it('without the site, refuses only two rows with one key value, the later ones', () => {
    const { imported, matches } = matchByKey(
      read('101,Acme,,', '101,Acme Inc,,7', '202,Globex,,'),
      'CRM Id',
      'Record ID',
    );
    expect(matches).toEqual([]);
    expect(imported.rowsWithErrors).toBe(1);
    expect(imported.operations.map((op) => [op.row, op.index])).toEqual([
      [2, 0],
      [4, 1],
    ]);
    expect(imported.problems).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'Record ID',
        code: 'duplicate-key',
        organization: 'Acme Inc',
        message:
          'Row 3, column "Record ID": CRM Id "101" is also in row 2: one CRM Id is one organization, and tasks run out of order, so the result would be undefined. Merge the rows into one.',
      }),
    ]);
  });

  it('refuses a value several organizations hold, an organization another row names by ID, and a rename onto a taken name', () => {
    const others = { id: '9', name: 'Acme UK' };
    const { imported, matches } = matchByKey(
      read('101,Acme,,', '202,Globex Corp,,', ',Globex,,8', '303,Acme UK,,'),
      'CRM Id',
      'Record ID',
      site(
        {
          '101': [
            acme,
            others,
            { id: '1', name: 'A' },
            { id: '2', name: 'B' },
            { id: '3', name: 'C' },
            { id: '4', name: 'D' },
          ],
          '202': [{ id: '8', name: 'Globex' }],
          '303': [{ id: '10', name: 'Umbrella' }],
        },
        [others],
      ),
    );
    expect(matches).toEqual([]);
    expect(imported.operations.map((op) => op.row)).toEqual([4]);
    expect(imported.problems.map((problem) => [problem.row, problem.code])).toEqual([
      [2, 'ambiguous-key'],
      [3, 'key-conflict'],
      [5, 'key-conflict'],
    ]);
    expect(imported.problems[0].message).toContain(
      'The organizations "Acme Ltd" (ID 7), "Acme UK" (ID 9), "A" (ID 1), "B" (ID 2), "C" (ID 3) and 1 more all hold CRM Id "101"',
    );
    expect(imported.problems[1].message).toContain(
      'is the organization "Globex" (ID 8), already in row 4 by its Organization ID',
    );
    expect(imported.problems[2].message).toContain(
      'the row renames it to "Acme UK", which is the name of another organization (ID 9), and CSM refuses that',
    );
  });

  it('a sync run keys rows by id when its mapping has a key, and another mapping is another source', () => {
    expect(matchOfRun('name', { key: 'CRM Id' })).toBe('id');
    expect(matchOfRun('name', {})).toBe('name');
    expect(matchOfRun('id', undefined)).toBe('id');
    const plan = { kind: 'profiles' as const, matchBy: 'name' as const };
    expect(sourceHash('text', plan, MAPPING)).not.toBe(sourceHash('text', plan));
    expect(sourceHash('text', plan, MAPPING)).not.toBe(sourceHash('text', plan, { ...MAPPING, key: undefined }));
    expect(describeMapping('HubSpot monthly')).toMatch(
      /^Columns and values read through the saved mapping "HubSpot monthly"/,
    );
  });
});
