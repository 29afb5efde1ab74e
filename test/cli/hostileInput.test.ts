import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, type CsmEmulator } from '../../local/emulator';
import { bulk, summaryOf, tempDir, writes } from './bulkProcess';

const DEFINITIONS = 'POST /jsm/csm/api/v1/organization/details/definitions/bulk';

/** Issue 22, findings 1-7: `bulk apply` of each hostile file exits 2 with nothing sent, every error placed and explained. */
describe('bulk apply of hostile files', () => {
  let emulator: CsmEmulator;
  let dir: string;
  const file = (name: string, text: string) => {
    const at = path.join(dir, name);
    writeFileSync(at, text);
    return at;
  };
  const apply = (at: string, ...flags: string[]) =>
    bulk(['apply', at, '--csm-url', emulator.url, '--json', ...flags], undefined, { timeoutMs: 120_000 });
  /** Exit 2, the JSON summary INVALID, no write and no field created. */
  const refused = async (at: string, ...flags: string[]) => {
    const run = await apply(at, ...flags);
    expect({ code: run.code, stderr: run.stderr.includes('    at ') ? run.stderr : '' }).toEqual({
      code: 2,
      stderr: '',
    });
    expect(writes(emulator)).toBe(0);
    expect(emulator.stats().requests[DEFINITIONS]).toBeUndefined();
    expect(emulator.state().organizations).toEqual([]);
    return run;
  };

  beforeEach(async () => {
    emulator = await startEmulator({ taskMs: 20 });
    dir = tempDir('bulk-hostile-');
  });
  afterEach(async () => emulator.close());

  it('1: a 288 KB Customers cell is a row error on Customers, not a crash', async () => {
    const customers = Array.from({ length: 36_000 }, (_, i) => `c${1_000_000 + i}`).join('|');
    const run = await refused(file('customers.csv', `Organization Name,Customers\nAcme,${customers}\nGlobex,\n`));
    expect(summaryOf(run.stdout)).toMatchObject({
      status: 'INVALID',
      errors: [
        {
          row: 2,
          column: 'Customers',
          message: expect.stringMatching(
            /^Row 2, column "Customers": the row takes \d+ KB once sent, more than the 199 KB one request to CSM can carry\. Split its values/,
          ),
        },
      ],
    });
  });

  it('2: a 6 MB name is refused with a short error; the answer stays bounded', async () => {
    const run = await refused(file('huge-name.csv', `Organization Name,Region\n${'N'.repeat(6_000_000)},EMEA\n`));
    const summary = summaryOf(run.stdout);
    expect(summary.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'Organization Name', message: expect.stringContaining('Shorten it') }),
    ]);
    expect(run.stdout.length).toBeLessThan(5_000);
  });

  it('3: a file over the upload cap is refused, and the message says the cap', async () => {
    const row = `${'x'.repeat(90)},EMEA\n`;
    const big = file('big.csv', `Organization Name,Region\n${row.repeat(Math.ceil(51_000_000 / row.length))}`);
    const run = await refused(big);
    expect(summaryOf(run.stdout).errors).toEqual([
      {
        row: null,
        message: expect.stringMatching(/larger than the 50 MB a file may be\. Split it .* Nothing was sent\.$/),
      },
    ]);
  });

  it('4: invisible characters in names, and one name in two Unicode forms, are row errors', async () => {
    const names = [
      'Zero\u200bWidth',
      'Non\u200cJoiner',
      'Word\u2060Joiner',
      'Soft\u00adHyphen',
      'Inner\ufeffBom',
      'Line\u2028Separator',
      'Caf\u00e9',
      'Cafe\u0301',
    ];
    const run = await refused(file('invisible.csv', `Organization Name\n${names.join('\n')}\n`));
    const { errors } = summaryOf(run.stdout);
    expect(errors.map((error: { row: number; column: string }) => [error.row, error.column])).toEqual(
      names
        .slice(0, 6)
        .map((_, i) => [i + 2, 'Organization Name'])
        .concat([[9, 'Organization Name']]),
    );
    expect(errors[0].message).toBe(
      'Row 2, column "Organization Name": the name holds a zero-width space (U+200B) at character 5. It would not show, or would turn the text around, wherever the name appears: remove it.',
    );
    expect(errors[6].message).toContain('is already in row 8');
    // A lone surrogate cannot be written in UTF-8: it arrives as a JSON escape.
    const lone = await refused(
      file('lone.json', String.raw`[{"operationType": "UPSERT", "payload": {"name": "Lone\ud800Surrogate"}}]`),
    );
    expect(summaryOf(lone.stdout).errors).toEqual([
      expect.objectContaining({ row: 1, column: 'payload.name', message: expect.stringContaining('lone surrogate') }),
    ]);
  });

  it('5: --create-fields refuses field names with a direction override, a zero-width character or a formula', async () => {
    const at = file('fields.csv', 'Organization Name,Seg\u202ement,Zero\u200bWidth,=cmd|calc\nAcme,a,b,c\n');
    const run = await refused(at, '--create-fields');
    expect(run.stderr).toContain('No field can be created for "=cmd|calc": its name starts with = + - or @');
    expect(run.stderr).toContain('No field can be created for "Seg\u202ement"');
    expect(summaryOf(run.stdout).errors.map((error: { column: string }) => error.column)).toEqual([
      'Seg\u202ement',
      'Zero\u200bWidth',
      '=cmd|calc',
    ]);
    expect(emulator.state().detailFields.map((field) => field.name)).toEqual(['Region', 'Phone Number']);
  });

  it('5: --create-fields creates nothing when the rest of the file is refused', async () => {
    const at = file('segments.csv', 'Organization Name,Region,Segment\nAlpha,EMEA,Enterprise\nBeta,Mars,SMB\n');
    const run = await refused(at, '--create-fields');
    expect(summaryOf(run.stdout).errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'Region',
        message: expect.stringContaining('"Mars" is not an option'),
      }),
    ]);
    expect(run.stderr).toContain('No field was created');
    expect(emulator.state().detailFields.map((field) => field.name)).toEqual(['Region', 'Phone Number']);
  });

  it('6: export then apply renames nothing, whatever the names start with', async () => {
    const names = ["'=x", "'-y", "'+z", "'@w", "''=v"];
    emulator.setState({
      ...emulator.state(),
      organizations: names.map((name, i) => ({
        id: String(i + 1),
        name,
        details: {},
        customerIds: [],
        productIds: [],
      })),
    });
    const out = path.join(dir, 'export.csv');
    expect((await bulk(['export', '--csm-url', emulator.url, '--out', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain("'''=v");
    const run = await apply(out);
    expect(run.code).toBe(0);
    expect(summaryOf(run.stdout)).toMatchObject({ status: 'SUCCEEDED', unchanged: names.length, succeeded: 0 });
    expect(writes(emulator)).toBe(0);
    expect(emulator.state().organizations.map((org) => org.name)).toEqual(names);
  });

  it('7: ids that are no CSM ids, and a 5,000-digit phone number, are row errors', async () => {
    const ids = ['abc', '../../x', '-1', '0x10', '\u0661\u0662\u0663', '1'.repeat(23)];
    const rows = ids.map((id, i) => `Org ${i},${id},`);
    rows.push(`Phone,,${'1'.repeat(5_000)}`);
    const run = await refused(file('ids.csv', `Organization Name,Organization ID,Phone Number\n${rows.join('\n')}\n`));
    const { errors } = summaryOf(run.stdout);
    expect(errors.map((error: { row: number; column: string }) => [error.row, error.column])).toEqual([
      ...ids.map((_, i) => [i + 2, 'Organization ID']),
      [8, 'Phone Number'],
    ]);
    expect(errors[1].message).toBe(
      'Row 3, column "Organization ID": "../../x" is not an organization ID: CSM ids are made of the digits 0-9 only. Copy the ID from CSM (or an export of this app), or leave the cell empty to go by name.',
    );
    expect(errors[6].message).toContain('the value is 5,000 characters long; the field Phone Number holds at most 255');
    expect(Object.keys(emulator.stats().requests).filter((key) => /abc|\.\.|0x10/.test(key))).toEqual([]);
  });

  it('7: --ignore-unknown-columns leaves out 300 unknown columns', async () => {
    const headers = ['Organization Name', 'Region', ...Array.from({ length: 300 }, (_, i) => `Extra ${i}`)];
    const at = file('wide.csv', `${headers.join(',')}\nAcme,EMEA,${Array(300).fill('v').join(',')}\n`);
    const run = await apply(at, '--ignore-unknown-columns');
    expect(run.code).toBe(0);
    expect(summaryOf(run.stdout)).toMatchObject({ status: 'SUCCEEDED', succeeded: 1 });
    expect(emulator.state().organizations.map((org) => [org.name, org.details])).toEqual([
      ['Acme', { Region: ['EMEA'] }],
    ]);
  });

  it('7: a malformed JSON file is said to be malformed JSON; a .json file holding null is read as JSON', async () => {
    const malformed = await apply(file('broken.json', '[{"operationType": "UPSERT", "payload": {"name": "Acme"}'));
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^broken\.json is not valid JSON \(.*\)\. Fix the JSON there/m);
    expect(malformed.stderr).not.toContain('headers');

    const nothing = await apply(file('null.json', 'null'));
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/^The items of null\.json do not say which kind of file it is/m);
    const asProfiles = await apply(file('null2.json', 'null\n'), '--kind', 'profiles');
    expect(asProfiles.code).toBe(2);
    const { errors } = summaryOf(asProfiles.stdout);
    expect(errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(errors)).not.toMatch(/header|column/i);
    expect(writes(emulator)).toBe(0);
  });
});
