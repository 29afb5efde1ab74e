import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bulk, tempDir, writes } from './bulkProcess';
import { startEmulator, type CsmEmulator } from '../../local/emulator';

const lastLine = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!);

/**
 * Issue 21, finding 8, through the CLI: a row by ID and a row by the same organization's name passed every check,
 * and whichever task CSM ran last won.
 */
describe('npm run bulk -- apply: one organization by ID in one row and by name in another', () => {
  let emulator: CsmEmulator;
  let file: string;
  beforeEach(async () => {
    emulator = await startEmulator({ taskMs: 50 });
    const acme = { id: '101', name: 'Acme', details: { Region: ['EMEA'] }, customerIds: [], productIds: [] };
    emulator.setState({ ...emulator.state(), organizations: [acme] });
    file = path.join(tempDir('csm-bulk-same-'), 'mixed.csv');
    writeFileSync(
      file,
      ['Organization Name,Organization ID,Operation,Region', ',101,UPDATE,APAC', 'ACME,,UPSERT,LATAM'].join('\n'),
    );
  });
  afterEach(async () => emulator.close());

  const refusal = {
    row: 3,
    column: 'Organization Name',
    message:
      'Row 3, column "Organization Name": the organization "ACME" is the one with ID 101 on the site, already in row 2 (column "Organization ID"). ' +
      'Tasks run out of order, so the result would be undefined; merge the rows into one.',
  };

  it('exits 2 naming the row by name, its column and the row by ID, and sends nothing; so does --dry-run', async () => {
    for (const extra of [[], ['--dry-run']]) {
      const result = await bulk(['apply', file, '--csm-url', emulator.url, '--json', ...extra]);
      expect(result.code).toBe(2);
      expect(lastLine(result.stdout)).toMatchObject({ status: 'INVALID', errors: [refusal] });
    }
    expect(writes(emulator)).toBe(0);
    expect(emulator.state().organizations[0].details.Region).toEqual(['EMEA']);
  });

  it('--skip-invalid sends the row by ID only', async () => {
    const result = await bulk(['apply', file, '--csm-url', emulator.url, '--json', '--skip-invalid']);
    expect(result.code).toBe(0);
    expect(lastLine(result.stdout)).toMatchObject({ status: 'SUCCEEDED', rows: 2, succeeded: 1, failed: 0 });
    expect(emulator.state().organizations.map((org) => [org.name, org.details.Region])).toEqual([['Acme', ['APAC']]]);
  });
});
