import { readImport } from '../../../src/domain/import';
import type { ProfileRowOperation } from '../../../src/domain/operations';
import type { DetailFieldDefinition } from '../../../src/domain/schemas';
import { CRM_FIELDS, HUBSPOT, HUBSPOT_MAPPING as MAPPING } from '../../support/hubspotExport';
import { checkMapping, parseMapping, type Mapping } from '../../../src/domain/mapping/mapping';
import { headerBack } from '../../../src/domain/mapping/headerBack';
import { proposeMapping, proposeOption, sampleCsv } from '../../../src/domain/mapping/propose';

const FIELDS: DetailFieldDefinition[] = [
  ...CRM_FIELDS,
  { name: 'Products Used', type: 'MULTISELECT', options: ['Jira', 'Confluence', 'Loom'] },
];
const HUBSPOT_MAPPING: Mapping = MAPPING;

const detailsOf = (operation: ProfileRowOperation) =>
  Object.fromEntries((operation.item.payload.details ?? []).map((detail) => [detail.name, detail.values]));

describe('a mapped CRM export', () => {
  it('goes in with its columns renamed, dropped and its values translated', () => {
    const result = readImport(
      { text: HUBSPOT, kind: 'profiles' },
      { detailFields: FIELDS },
      { mapping: HUBSPOT_MAPPING },
    );
    expect(result.problems).toEqual([]);
    const operations = result.operations as ProfileRowOperation[];
    expect(operations.map((operation) => operation.item.payload.name)).toEqual(['Acme Ltd', 'Globex', 'Initech']);
    expect(detailsOf(operations[0])).toEqual({
      'CRM Id': ['101'],
      Domain: ['acme.example'],
      Region: ['EMEA'],
      'Phone Number': ['+44 20 7946 0000'],
    });
    expect(operations.map((operation) => detailsOf(operation).Region)).toEqual([['EMEA'], ['AMER'], ['APAC']]);
  });

  it('reports an unmapped select value on its row and the file column, naming the options', () => {
    const text = `${HUBSPOT}\n104,Umbrella,umbrella.example,Middle Earth,+1 555 0199,2024-04-05`;
    const result = readImport({ text, kind: 'profiles' }, { detailFields: FIELDS }, { mapping: HUBSPOT_MAPPING });
    expect(result.operations).toHaveLength(3);
    const problem = result.problems.find((candidate) => candidate.row === 5)!;
    expect(problem.column).toBe('Sales Region');
    expect(problem.message).toContain('Row 5, column "Sales Region"');
    expect(problem.message).toContain('Use one of: EMEA, AMER, APAC');
  });

  it('translates each value of a multi-select cell, and lets option names through as they are', () => {
    const text = 'Account,Apps\nAcme,jira software|wiki\nGlobex,Loom';
    const mapping: Mapping = {
      columns: { Account: 'Organization Name', Apps: 'Products Used' },
      values: { 'Products Used': { 'jira software': 'Jira', wiki: 'Confluence' } },
    };
    const result = readImport({ text, kind: 'profiles' }, { detailFields: FIELDS }, { mapping });
    expect(result.problems).toEqual([]);
    expect((result.operations as ProfileRowOperation[]).map((op) => detailsOf(op)['Products Used'])).toEqual([
      ['Jira', 'Confluence'],
      ['Loom'],
    ]);
  });

  it('reads columns the mapping does not name by their own names (a failed-rows file goes through it again)', () => {
    const text = 'Company name,Organization ID,Region,Failure Reason\nAcme Ltd,17,EMEA,CSM refused';
    const result = readImport({ text, kind: 'profiles' }, { detailFields: FIELDS }, { mapping: HUBSPOT_MAPPING });
    expect(result.problems).toEqual([]);
    expect((result.operations[0] as ProfileRowOperation).item.payload).toMatchObject({ id: '17', name: 'Acme Ltd' });
  });

  it('blocks the whole file when the mapping does not fit the site, and says what to change', () => {
    const mapping: Mapping = {
      columns: { 'Company name': 'Organisation Name', Phone: 'Region', 'Sales Region': 'Region' },
      values: { Region: { Europe: 'Europa' } },
      key: 'CRM Number',
    };
    const result = readImport({ text: HUBSPOT, kind: 'profiles' }, { detailFields: FIELDS }, { mapping });
    expect(result.operations).toEqual([]);
    const messages = result.problems.filter((problem) => problem.row === null).map((problem) => problem.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Did you mean "Organization Name"?'),
        expect.stringContaining('The columns "Sales Region" and "Phone" both go to "Region"'),
        expect.stringContaining('"Europa", which is not an option of the field Region. Use one of: EMEA, AMER, APAC'),
        expect.stringContaining('The key "CRM Number" is not a detail field of this site: create the field first'),
      ]),
    );
  });

  it('refuses a mapping for a JSON file', () => {
    const result = readImport(
      { text: '[{"operationType":"UPSERT","payload":{"name":"Acme"}}]', kind: 'profiles' },
      { detailFields: FIELDS },
      { mapping: HUBSPOT_MAPPING },
    );
    expect(result.problems.map((problem) => problem.code)).toEqual(['mapping-csv-only']);
  });

  it('is data of bounded size, with errors in words', () => {
    expect(parseMapping({ columns: { A: 'Organization Name' } }).ok).toBe(true);
    const tooMany = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`Column ${i}`, null]));
    const refused = parseMapping({ columns: tooMany });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problems[0]).toContain('at most 200 columns');
    const code = parseMapping({ columns: { A: 'Organization Name' }, transform: 'row => row' });
    expect(code.ok).toBe(false);
    expect(!code.ok && code.problems.join(' ')).toContain('transform');
  });

  it('checks a key only for profiles files', () => {
    expect(checkMapping({ columns: {}, key: 'CRM Id' }, 'profiles', FIELDS)).toEqual([]);
    expect(checkMapping({ columns: {}, key: 'CRM Id' }, 'organizations', FIELDS)[0]).toContain(
      'only in an organization profiles',
    );
  });

  it('turns targets back into the file headers, for the failed-rows file', () => {
    const back = headerBack(HUBSPOT_MAPPING);
    expect(['Organization Name', 'Region', 'Organization ID'].map(back)).toEqual([
      'Company name',
      'Sales Region',
      'Organization ID',
    ]);
  });
});

describe('the proposed mapping', () => {
  it('recognises a HubSpot export: columns, the key, and the region values', () => {
    const proposal = proposeMapping(sampleCsv(HUBSPOT)!, 'profiles', FIELDS);
    expect(proposal.preset?.label).toBe('HubSpot companies');
    expect(proposal.mapping.columns).toEqual(HUBSPOT_MAPPING.columns);
    expect(proposal.mapping.values).toEqual(HUBSPOT_MAPPING.values);
    expect(proposal.mapping.key).toBe('CRM Id');
    expect(proposal.columns.find((column) => column.header === 'Sales Region')).toMatchObject({
      by: 'preset',
      samples: ['Europe', 'Americas', 'Asia Pacific'],
    });
    const read = readImport(
      { text: HUBSPOT, kind: 'profiles' },
      { detailFields: FIELDS },
      { mapping: proposal.mapping },
    );
    expect(read.problems).toEqual([]);
  });

  it('proposes "Phone Numbr" as Phone Number, exact names as themselves, and leaves unknown columns out', () => {
    const proposal = proposeMapping(
      sampleCsv('organization name,Phone Numbr,Notes\nAcme,+1 555,hi')!,
      'profiles',
      FIELDS,
    );
    expect(proposal.columns.map(({ header, target, by }) => [header, target, by])).toEqual([
      ['organization name', 'Organization Name', 'exact'],
      ['Phone Numbr', 'Phone Number', 'close'],
      ['Notes', null, 'none'],
    ]);
  });

  it('proposes a saved mapping whose columns the file has', () => {
    const saved: Mapping = {
      name: 'Monthly HubSpot',
      ...HUBSPOT_MAPPING,
      columns: { ...HUBSPOT_MAPPING.columns, Phone: null },
    };
    const proposal = proposeMapping(sampleCsv(HUBSPOT)!, 'profiles', FIELDS, [saved]);
    expect(proposal.saved).toBe('Monthly HubSpot');
    expect(proposal.mapping.columns.Phone).toBeNull();
  });

  it('finds options by case, spelling, synonyms and initials, and proposes nothing for a stranger', () => {
    const options = ['EMEA', 'AMER', 'APAC', 'Gold'];
    expect(['emea', 'Gld', 'Europe', 'Asia Pacific', 'Atlantis'].map((value) => proposeOption(value, options))).toEqual(
      ['EMEA', 'Gold', 'EMEA', 'APAC', undefined],
    );
  });
});
