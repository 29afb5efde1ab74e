import { MAX_PROPOSALS, proposeFields } from '../../../src/domain/fields/proposeFields';
import { readImport } from '../../../src/domain/import';
import { asDefinition } from '../../../src/domain/fields/newFields';
import { SITE } from '../fixtures';

const csv = (...lines: string[]) => lines.join('\n');

describe('proposing fields for the names a file uses that the site lacks', () => {
  it('proposes one field per unknown column of a profiles file, leaving known, ignored and field columns out', () => {
    const text = csv(
      'Organization Name,Region,Segment,Employees,Old Notes,Failure Reason',
      'Alpha,EMEA,Enterprise,120,x,',
      'Beta,APAC,SMB,15,y,',
      'Gamma,EMEA,Enterprise,9,z,',
      'Delta,EMEA,SMB,,w,',
    );
    const { proposals, notes } = proposeFields({ text }, SITE, { ignoreColumns: ['old notes'] });
    expect(notes).toEqual([]);
    expect(proposals.map((p) => p.field)).toEqual([
      { name: 'Segment', type: 'SELECT', options: ['Enterprise', 'SMB'] },
      { name: 'Employees', type: 'NUMBER' },
    ]);
    // Once created, the file imports without an error.
    const site = { detailFields: [...SITE.detailFields, ...proposals.map((p) => asDefinition(p.field))] };
    const imported = readImport({ text }, site, { ignoreColumns: ['Old Notes'] });
    expect(imported.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(imported.operations).toHaveLength(4);
  });

  it('proposes the unknown Field names of a detail values file from their values (not from a DELETE)', () => {
    const text = csv(
      'Organization ID,Field,Operation,Values',
      '1,Segment,UPDATE,Gold|Silver',
      '2,segment,PATCH,Bronze',
      '3,Segment,DELETE,Platinum',
      '4,Region,UPDATE,EMEA',
      ',Orphan,UPDATE,x',
    );
    const { proposals } = proposeFields({ text, kind: 'details' }, SITE);
    expect(proposals.map((p) => p.field)).toEqual([
      { name: 'Segment', type: 'MULTISELECT', options: ['Gold', 'Silver', 'Bronze'] },
    ]);
  });

  it('reads JSON profiles and detail operations', () => {
    const profiles = JSON.stringify([
      { operationType: 'UPSERT', payload: { name: 'A', details: [{ name: 'Renewed', values: ['2025-01-01'] }] } },
      { operationType: 'UPSERT', payload: { name: 'B', details: [{ name: 'Region', values: ['EMEA'] }] } },
    ]);
    expect(proposeFields({ text: profiles }, SITE).proposals.map((p) => p.field)).toEqual([
      { name: 'Renewed', type: 'DATE' },
    ]);
    const details = JSON.stringify({
      organizations: [
        {
          id: '1',
          operations: [
            { operationType: 'UPDATE', payload: { name: 'Active', values: ['true'] } },
            { operationType: 'DELETE', payload: { name: 'Gone', values: ['x'] } },
          ],
        },
      ],
    });
    expect(proposeFields({ text: details, kind: 'details' }, SITE).proposals.map((p) => p.field.name)).toEqual([
      'Active',
      'Gone',
    ]);
  });

  it('proposes nothing for an organizations file or an unreadable one', () => {
    expect(proposeFields({ text: csv('Organization Name,Extra', 'A,x'), kind: 'organizations' }, SITE)).toEqual({
      proposals: [],
      notes: [],
    });
    expect(proposeFields({ text: '[{"broken"', format: 'json' }, SITE).proposals).toEqual([]);
  });

  it('says when the site cannot take them all, and which names CSM would refuse', () => {
    const full = { detailFields: Array.from({ length: 49 }, (_, i) => ({ name: `F${i}`, type: 'TEXT' })) };
    const text = csv(`Organization Name,A,B,${'n'.repeat(300)}`, 'Alpha,1,2,3');
    const { proposals, notes } = proposeFields({ text }, full);
    expect(proposals.map((p) => p.field.name)).toEqual(['A', 'B']);
    expect(notes).toEqual([
      expect.stringMatching(/^No field can be created for "nnn.*": its name is longer than 255 characters/),
      'The site has 49 detail fields and CSM allows 50: only 1 of these 2 can be created.',
    ]);
    const many = csv(
      ['Organization Name', ...Array.from({ length: 250 }, (_, i) => `C${i}`)].join(','),
      ['Alpha', ...Array.from({ length: 250 }, () => 'x')].join(','),
    );
    const capped = proposeFields({ text: many }, { detailFields: [] });
    expect(capped.proposals).toHaveLength(MAX_PROPOSALS);
    expect(capped.notes).toContain(`Only the first ${MAX_PROPOSALS} names the site has no field for are proposed.`);
  });
});
