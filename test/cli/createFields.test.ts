import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bulk, summaryOf, tempDir } from './bulkProcess';
import { startEmulator, type CsmEmulator } from '../../local/emulator';

const DEFINITIONS = 'POST /jsm/csm/api/v1/organization/details/definitions/bulk';

describe('bulk apply --create-fields', () => {
  let emulator: CsmEmulator;
  let file: string;
  beforeEach(async () => {
    emulator = await startEmulator({ taskMs: 50 });
    file = path.join(tempDir('bulk-fields-'), 'segments.csv');
    writeFileSync(
      file,
      [
        'Organization Name,Region,Segment',
        'Alpha,EMEA,Enterprise',
        'Beta,APAC,SMB',
        'Gamma,EMEA,Enterprise',
        'Delta,AMER,SMB',
      ].join('\n'),
    );
  });
  afterEach(async () => emulator.close());

  const segments = () => emulator.state().organizations.map((org) => [org.name, org.details.Segment]);

  it('creates the field Segment with the inferred type, says so, and sets every row’s value', async () => {
    const applied = await bulk(['apply', file, '--create-fields', '--csm-url', emulator.url, '--json']);
    expect(applied.stderr).toContain('Created the detail field "Segment" (SELECT: Enterprise, SMB).');
    expect(applied.code).toBe(0);
    expect(summaryOf(applied.stdout)).toMatchObject({
      status: 'SUCCEEDED',
      rows: 4,
      succeeded: 4,
      createdFields: ['Segment'],
    });
    expect(emulator.state().detailFields.at(-1)).toEqual({
      name: 'Segment',
      type: 'SELECT',
      options: ['Enterprise', 'SMB'],
    });
    expect(segments()).toEqual([
      ['Alpha', ['Enterprise']],
      ['Beta', ['SMB']],
      ['Gamma', ['Enterprise']],
      ['Delta', ['SMB']],
    ]);
    expect(emulator.stats().requests[DEFINITIONS]).toBe(1);
  });

  it('without the flag sends nothing; with --dry-run it only says which fields it would create', async () => {
    const refused = await bulk(['apply', file, '--csm-url', emulator.url, '--json']);
    expect(refused.code).toBe(2);
    expect(summaryOf(refused.stdout).errors).toEqual([
      expect.objectContaining({ column: 'Segment', message: expect.stringMatching(/no detail field is called/) }),
    ]);

    const dry = await bulk(['apply', file, '--create-fields', '--dry-run', '--csm-url', emulator.url, '--json']);
    expect(dry.stderr).toContain('--dry-run: would create the detail field "Segment" (SELECT: Enterprise, SMB)');
    expect(dry.code).toBe(0);
    expect(summaryOf(dry.stdout)).toMatchObject({ status: 'DRY_RUN', operations: 4, errors: [] });
    expect(emulator.state().detailFields.map((field) => field.name)).toEqual(['Region', 'Phone Number']);
    expect(emulator.stats().requests[DEFINITIONS]).toBeUndefined();
    expect(emulator.state().organizations).toEqual([]);
  });
});
