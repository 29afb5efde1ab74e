import type { ImportProblem } from '../../src/domain/import';
import { startHarness, writeRequests, type EngineHarness } from './harness';

const FETCH = 'POST /jsm/csm/api/v1/organization/fetch';

/**
 * Issue 21, finding 8: one organization by ID in one row and by name in another passed every check, and the last
 * task CSM ran won. The name is looked up on the site before the job starts; the row by name is refused as a row
 * repeating another row's organization is.
 */
describe('one organization by ID in one row and by name in another', () => {
  let harness: EngineHarness;
  let acmeId: string;
  beforeEach(async () => {
    harness = await startHarness({ taskMs: 20 });
    const seed = ['Organization Name,Region', 'Acme,EMEA', 'Globex,AMER'].join('\n');
    await harness.waitForJob((await harness.call('startJob', { kind: 'profiles', text: seed })).id);
    acmeId = harness.emulator.state().organizations.find((org) => org.name === 'Acme')!.id;
  });
  afterEach(async () => harness.close());

  const regionOf = (name: string) =>
    harness.emulator.state().organizations.find((org) => org.name === name)?.details.Region;

  const file = () =>
    [
      'Organization Name,Organization ID,Operation,Region',
      `,${acmeId},UPDATE,APAC`,
      'acme,,UPSERT,LATAM',
      'Initech,,UPSERT,Asia',
    ].join('\n');

  const expectedProblem = () =>
    expect.objectContaining({
      row: 3,
      column: 'Organization Name',
      severity: 'error',
      code: 'duplicate-organization',
      message:
        `Row 3, column "Organization Name": the organization "acme" is the one with ID ${acmeId} on the site, already in row 2 (column "Organization ID"). ` +
        'Tasks run out of order, so the result would be undefined; merge the rows into one.',
    });

  it('a start is refused, naming both rows, and nothing is sent', async () => {
    const writesBefore = writeRequests(harness.emulator.stats());
    const result = await harness.raw('startJob', { kind: 'profiles', text: file() });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    if (result.ok) return;
    expect(result.message).toMatch(/1 of 3 rows have errors/);
    expect(result.problems as ImportProblem[]).toEqual([expectedProblem()]);
    expect(writeRequests(harness.emulator.stats())).toBe(writesBefore);
    expect(regionOf('Acme')).toEqual(['EMEA']);
  });

  it('with skipInvalid the row by name is skipped: only the row by ID changes the organization', async () => {
    const started = await harness.call('startJob', { kind: 'profiles', text: file(), skipInvalid: true });
    expect(started).toMatchObject({ rows: 3, skippedRows: 1 });
    expect((await harness.waitForJob(started.id)).status).toBe('SUCCEEDED');
    expect(regionOf('Acme')).toEqual(['APAC']);
    expect(regionOf('Initech')).toEqual(['Asia']);
  });

  it('the preview shows the problem on the row, with one read of the site for the names', async () => {
    const fetchesBefore = harness.emulator.stats().requests[FETCH] ?? 0;
    const preview = await harness.call('previewImport', { kind: 'profiles', text: file() });
    expect(preview).toMatchObject({ rowCount: 3, rowsWithErrors: 1, operations: 2 });
    expect(preview.problems).toEqual([expectedProblem()]);
    expect(preview.sameOrganizations).toEqual([{ row: 3, name: 'acme', id: acmeId, idRow: 2 }]);
    expect(preview.rows.map((row) => row.row)).toEqual([2, 4]);
    expect((harness.emulator.stats().requests[FETCH] ?? 0) - fetchesBefore).toBe(1);
  });

  it('an organizations file: a CREATE by the name that another row renames away by ID is refused', async () => {
    const globexId = harness.emulator.state().organizations.find((org) => org.name === 'Globex')!.id;
    // Two IDs and one name: the name is what is looked up this time (the shorter list).
    const text = [
      'Organization Name,Organization ID,Operation',
      `Acme Inc,${acmeId},UPDATE`,
      `Globex Corp,${globexId},UPDATE`,
      'Acme,,CREATE',
    ].join('\n');
    const fetchesBefore = harness.emulator.stats().requests[FETCH] ?? 0;
    const result = await harness.raw('startJob', { kind: 'organizations', text });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    if (result.ok) return;
    expect(result.problems as ImportProblem[]).toEqual([
      expect.objectContaining({
        row: 4,
        column: 'Organization Name',
        code: 'duplicate-organization',
        message: expect.stringContaining(`"Acme" is the one with ID ${acmeId} on the site, already in row 2`),
      }),
    ]);
    expect((harness.emulator.stats().requests[FETCH] ?? 0) - fetchesBefore).toBe(1);
  });

  it('a file naming its organizations one way only reads nothing more from the site', async () => {
    const fetchesBefore = harness.emulator.stats().requests[FETCH] ?? 0;
    const byName = ['Organization Name,Region', 'Acme,APAC', 'Globex,EMEA'].join('\n');
    const started = await harness.call('startJob', { kind: 'profiles', text: byName });
    expect((await harness.waitForJob(started.id)).status).toBe('SUCCEEDED');
    const byId = ['Organization ID,Field,Values', `${acmeId},Region,Asia`].join('\n');
    expect((await harness.call('previewImport', { kind: 'details', text: byId })).problems).toEqual([]);
    expect((harness.emulator.stats().requests[FETCH] ?? 0) - fetchesBefore).toBe(0);
  });
});
