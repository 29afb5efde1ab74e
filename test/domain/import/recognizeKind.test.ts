import { readImport } from '../../../src/domain/import';
import {
  kindsOfFile,
  kindsOfHeaders,
  kindsOfJson,
  recognizeKind,
  suggestKind,
} from '../../../src/domain/import/recognizeKind';
import { csv, SITE } from '../fixtures';

const recognized = (...headers: string[]) => recognizeKind(kindsOfHeaders(headers));

describe('recognising the kind of a file', () => {
  it('reads the kind from the header row', () => {
    expect(recognized('Organization ID', 'Field', 'Operation', 'Values')).toBe('details');
    expect(recognized('organization id', 'FIELD', 'values')).toBe('details');
    expect(recognized('Organization ID', 'Field', 'Operation', 'Values', 'Failure Reason', 'Comment')).toBe('details');
    // Names only fit both kinds: read as profiles, CSM's own format, whose UPSERT leaves existing organizations be.
    expect(recognized('Organization Name', 'Operation')).toBe('profiles');
    expect(recognized('Organization Name', 'Organization ID', 'Operation')).toBe('profiles');
    expect(recognized('Organization Name', 'Region', 'Phone Number')).toBe('profiles');
    expect(recognized('Organization ID', 'Customers')).toBe('profiles');
    expect(recognized('Organization Name', 'Operation', 'Failure Reason')).toBe('profiles');
  });

  it('recognises nothing when no column names the organizations or the columns of two kinds are mixed', () => {
    expect(recognized('Region', 'Tier')).toBeUndefined();
    expect(recognized('Organization Name', 'Field', 'Values')).toBeUndefined();
    expect(recognized('Organization ID', 'Field', 'Region')).toBeUndefined();
    expect(recognized()).toBeUndefined();
  });

  it('proposes another kind only when the file cannot be of the chosen one', () => {
    const details = kindsOfHeaders(['Organization ID', 'Field', 'Operation', 'Values']);
    expect(suggestKind(details, 'profiles')).toBe('details');
    expect(suggestKind(details, 'details')).toBeUndefined();
    // Organization names alone make a fine profiles file too.
    const names = kindsOfHeaders(['Organization Name', 'Operation']);
    expect(suggestKind(names, 'profiles')).toBeUndefined();
    expect(suggestKind(names, 'organizations')).toBeUndefined();
    expect(suggestKind(names, 'details')).toBe('profiles');
    expect(suggestKind(kindsOfHeaders(['Organization Name', 'Region']), 'organizations')).toBe('profiles');
    expect(suggestKind(kindsOfHeaders(['Region']), 'organizations')).toBeUndefined();
  });

  it('reads the kind of a JSON file from its body key and its items', () => {
    const profile = { operationType: 'UPSERT', payload: { name: 'Acme', details: [] } };
    const organization = { operationType: 'CREATE', payload: { name: 'Acme' } };
    const detail = {
      id: '1',
      operations: [{ operationType: 'UPDATE', payload: { name: 'Region', values: ['EMEA'] } }],
    };
    expect(recognizeKind(kindsOfJson([detail]))).toBe('details');
    expect(recognizeKind(kindsOfJson({ organizations: [detail] }))).toBe('details');
    expect(recognizeKind(kindsOfJson([organization, organization]))).toBe('profiles');
    expect(recognizeKind(kindsOfJson([organization, profile]))).toBe('profiles');
    expect(recognizeKind(kindsOfJson({ organizationProfiles: [organization] }))).toBe('profiles');
    expect(kindsOfJson({ organizations: [organization] })).toEqual(['organizations']);
    expect(kindsOfJson([detail, profile])).toEqual([]);
    expect(kindsOfJson([])).toEqual([]);
    expect(kindsOfJson({ items: [profile] })).toEqual([]);
    expect(kindsOfJson(['Acme'])).toEqual([]);
  });

  it('reads a whole file: the header row of a CSV (BOM, blank lines, semicolons), or the JSON', () => {
    expect(recognizeKind(kindsOfFile('\uFEFFOrganization ID;Field;Values\n1;Region;EMEA\n'))).toBe('details');
    expect(recognizeKind(kindsOfFile('\n\n,,\nOrganization Name,Region,,\nAcme,EMEA\n'))).toBe('profiles');
    expect(recognizeKind(kindsOfFile('"Organization Name",Operation\r\nAcme,CREATE\r\n'))).toBe('profiles');
    expect(recognizeKind(kindsOfFile('[{"id":"1","operations":[]}]'))).toBe('details');
    expect(kindsOfFile('[{"id":')).toEqual([]);
    expect(kindsOfFile('')).toEqual([]);
  });

  it('readImport says which kind to switch to when the file is not of the chosen kind', () => {
    const text = csv('Organization ID,Field,Operation,Values', '1,Region,UPDATE,EMEA');
    expect(readImport({ text, kind: 'profiles' }, SITE).suggestedKind).toBe('details');
    expect(readImport({ text, kind: 'details' }, SITE)).not.toHaveProperty('suggestedKind');
    const json = JSON.stringify({ organizations: [{ id: '1', operations: [] }] });
    expect(readImport({ text: json, kind: 'profiles' }, SITE).suggestedKind).toBe('details');
    const names = csv('Organization Name', 'Acme');
    expect(readImport({ text: names, kind: 'profiles' }, SITE)).not.toHaveProperty('suggestedKind');
  });
});
