import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyFile } from '../../local/cli/bulkApply';
import { bulk, summaryOf, writes, tempDir } from './bulkProcess';
import { startEmulator, type CsmEmulator } from '../../local/emulator';
import { startHarness } from '../engine/harness';

describe('bulk apply: the kind from the headers, unknown columns, the rows read', () => {
  let emulator: CsmEmulator;
  let dir: string;
  const file = (name: string, ...lines: string[]) => {
    const at = path.join(dir, name);
    writeFileSync(at, lines.join('\n'));
    return at;
  };
  beforeEach(async () => {
    emulator = await startEmulator({ taskMs: 50 });
    dir = tempDir('bulk-columns-');
  });
  afterEach(async () => emulator.close());

  it('without --kind runs the kind the headers say, and says so; with headers of no kind it asks for --kind', async () => {
    emulator.setState({
      ...emulator.state(),
      organizations: [{ id: '7', name: 'Acme', details: {}, customerIds: [], productIds: [] }],
    });
    const details = file('details.csv', 'Organization ID,Field,Operation,Values', '7,Region,UPDATE,EMEA');
    const applied = await bulk(['apply', details, '--csm-url', emulator.url, '--json']);
    expect(applied.code).toBe(0);
    expect(applied.stderr).toMatch(/Recognised from the headers of details\.csv: detail values .*--kind details/);
    expect(summaryOf(applied.stdout)).toMatchObject({ kind: 'details', status: 'SUCCEEDED', succeeded: 1 });
    expect(emulator.state().organizations[0].details).toEqual({ Region: ['EMEA'] });

    const unclear = await bulk(['apply', file('unclear.csv', 'Region,Tier', 'EMEA,Gold'), '--csm-url', emulator.url]);
    expect(unclear.code).toBe(2);
    expect(unclear.stderr).toMatch(/The headers of unclear\.csv do not say which kind of file it is\. Pass --kind/);
  });

  it('refuses a --kind the headers clearly contradict, naming the kind they say; nothing is sent', async () => {
    const details = file('details.csv', 'Organization ID,Field,Operation,Values', '7,Region,UPDATE,EMEA');
    const result = await bulk(['apply', details, '--kind', 'profiles', '--csm-url', emulator.url, '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/are those of detail values .*not profiles: pass --kind details/);
    expect(writes(emulator)).toBe(0);
    // Organization names alone make a profiles file too: --kind profiles is not contradicted.
    const names = file('names.csv', 'Organization Name,Operation', 'Acme,CREATE');
    expect((await bulk(['apply', names, '--kind', 'profiles', '--csm-url', emulator.url])).code).toBe(0);
  });

  it('a column the kind has no use for stops the job; --ignore-unknown-columns leaves it out and says which', async () => {
    const notes = file('notes.csv', 'Organization Name,Region,Notes', 'Acme,EMEA,call back', 'Initech,APAC,');
    const refused = await bulk(['apply', notes, '--csm-url', emulator.url, '--skip-invalid', '--json']);
    expect(refused.code).toBe(2);
    expect(summaryOf(refused.stdout)).toMatchObject({
      status: 'INVALID',
      rows: 2,
      errors: [{ row: 1, column: 'Notes' }],
    });
    expect(refused.stderr).toMatch(/The column "Notes" matches nothing .* pass --ignore-unknown-columns/);
    expect(writes(emulator)).toBe(0);

    const applied = await bulk(['apply', notes, '--csm-url', emulator.url, '--ignore-unknown-columns', '--json']);
    expect(applied.code).toBe(0);
    expect(applied.stderr).toContain('Ignoring a column the kind has no use for: "Notes".');
    expect(summaryOf(applied.stdout)).toMatchObject({ status: 'SUCCEEDED', rows: 2, succeeded: 2, errors: [] });
    expect(emulator.state().organizations.map((org) => [org.name, org.details])).toEqual([
      ['Acme', { Region: ['EMEA'] }],
      ['Initech', { Region: ['APAC'] }],
    ]);
  });

  it('the --json summary of an invalid 4-row file counts the 4 rows read', async () => {
    const invalid = file(
      'invalid.csv',
      'Organization Name,Region,Notes',
      'Acme,Europe,x',
      ',APAC,',
      'Globex,EMEA,',
      'Acme,AMER,',
    );
    for (const flags of [[], ['--skip-invalid'], ['--dry-run'], ['--ignore-unknown-columns']]) {
      const result = await bulk(['apply', invalid, '--csm-url', emulator.url, '--json', ...flags]);
      expect(result.code).toBe(2);
      expect(summaryOf(result.stdout)).toMatchObject({ status: 'INVALID', rows: 4 });
    }
    expect(writes(emulator)).toBe(0);
  });

  it('the summary of a file refused for overlapping an unfinished job counts its rows too', async () => {
    const harness = await startHarness({ taskMs: 10_000 });
    try {
      const first = await harness.call('startJob', { kind: 'profiles', text: 'Organization Name\nAcme\nGlobex' });
      const text = ['Organization Name,Region', 'Acme,EMEA', 'Initech,APAC', 'Hooli,AMER', 'Umbrella,LATAM'].join('\n');
      const summary = await applyFile(harness.runtime, { text, kind: 'profiles' });
      expect(summary).toMatchObject({ status: 'INVALID', rows: 4, errors: [{ row: null }] });
      expect(summary.errors[0].message).toMatch(/pass --allow-overlap/);
      await harness.call('cancelJob', { jobId: first.id });
    } finally {
      await harness.close();
    }
  });
});
