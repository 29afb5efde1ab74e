import { startHarness, writeRequests, type EngineHarness } from './harness';

/** A profiles file with a column the site has no field for ("Notes"), and one row whose Region is not an option. */
const WITH_NOTES = ['Organization Name,Region,Notes', 'Acme,EMEA,call back', 'Globex,Europe,', 'Initech,APAC,VIP'].join(
  '\n',
);
const CLEAN = ['Organization Name,Region,Notes', 'Acme,EMEA,call back', 'Initech,APAC,VIP'].join('\n');

describe('columns in a file the kind has no use for, and the kind its headers say', () => {
  let harness: EngineHarness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => harness.close());

  it('a preview names the unknown column and still checks every row', async () => {
    const preview = await harness.call('previewImport', { kind: 'profiles', text: WITH_NOTES });
    expect(preview.unknownColumns).toEqual(['Notes']);
    expect(preview).not.toHaveProperty('suggestedKind');
    expect(preview).toMatchObject({ rowCount: 3, rowsWithErrors: 1, operations: 2, rowsClassified: 2 });
    expect(preview.problems).toEqual([
      expect.objectContaining({ row: 1, column: 'Notes', code: 'unknown-column' }),
      expect.objectContaining({ row: 3, column: 'Region' }),
    ]);
    expect(preview.problems[0].message).toMatch(/no detail field is called "Notes"/);
  });

  it('a start is refused while the column is not ignored, even when rows with errors may be skipped', async () => {
    for (const skipInvalid of [false, true]) {
      const result = await harness.raw('startJob', { kind: 'profiles', text: CLEAN, skipInvalid });
      expect(result).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/the column "Notes" matches nothing .* ignore it/),
      });
    }
    expect(writeRequests(harness.emulator.stats())).toBe(0);
  });

  it('with ignoreColumns the column is left out: no problem, and the job sends the rows without it', async () => {
    const preview = await harness.call('previewImport', { kind: 'profiles', text: CLEAN, ignoreColumns: ['notes'] });
    expect(preview).toMatchObject({ problems: [], unknownColumns: [], operations: 2 });
    const started = await harness.call('startJob', { kind: 'profiles', text: CLEAN, ignoreColumns: ['Notes'] });
    expect((await harness.waitForJob(started.id)).status).toBe('SUCCEEDED');
    const organizations = harness.emulator.state().organizations;
    expect(organizations.map((org) => [org.name, org.details])).toEqual([
      ['Acme', { Region: ['EMEA'] }],
      ['Initech', { Region: ['APAC'] }],
    ]);
  });

  it('bounds ignoreColumns', async () => {
    const many = Array.from({ length: 201 }, (_, i) => `Column ${i}`);
    const result = await harness.raw('previewImport', { kind: 'profiles', text: CLEAN, ignoreColumns: many });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    const blank = await harness.raw('startJob', { kind: 'profiles', text: CLEAN, ignoreColumns: [' '] });
    expect(blank).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
  });

  it('a preview suggests the kind the headers say when they cannot be of the kind chosen', async () => {
    const details = ['Organization ID,Field,Operation,Values', '1,Region,UPDATE,EMEA'].join('\n');
    const asProfiles = await harness.call('previewImport', { kind: 'profiles', text: details });
    expect(asProfiles.suggestedKind).toBe('details');
    const asDetails = await harness.call('previewImport', { kind: 'details', text: details });
    expect(asDetails).not.toHaveProperty('suggestedKind');
  });
});
