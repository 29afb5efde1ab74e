import { fileSource } from '../../local/cli/bulkApply';
import { readImport } from '../../src/domain/import';
import { hiddenCharacter } from '../../src/domain/text/hidden';
import type { ImportKind } from '../../src/domain/operations';
import { startHarness, writeRequests, type EngineHarness } from '../engine/harness';

const FIELDS = [
  { name: 'Region', type: 'SELECT' as const, options: ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'] },
  { name: 'Phone Number', type: 'PHONE' as const },
];

/** A small deterministic generator so a failure can be replayed from its seed. */
function generator(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

function randomBytesText(seed: number, length: number): string {
  const g = generator(seed);
  let text = '';
  for (let i = 0; i < length; i += 1) text += String.fromCharCode(g.int(0x3000));
  return text;
}

const HOSTILE_CELLS = [
  '',
  ' ',
  '"',
  '""',
  ',',
  '|',
  '\u0000',
  '\u202e',
  '=1+1',
  '@x',
  '-3',
  '\r',
  '\n',
  '日本',
  '😀',
  'x'.repeat(300),
  // Issue 22: characters that do not show, one name in two Unicode forms, ids that are no ids.
  'Ac\u200bme',
  'Soft\u00adHyphen',
  'In\ufeffner',
  'Line\u2028End',
  'Cafe\u0301',
  'Caf\u00e9',
  'abc',
  '../../x',
  '0x10',
  '\u0661\u0662',
  '1'.repeat(23),
];
const GOOD_CELLS: Record<string, string[]> = {
  name: ['Acme', 'Globex Corporation', 'Société Générale', '株式会社さくら'],
  id: ['1', '42', '10007'],
  Region: ['EMEA', 'APAC', 'AMER|APAC', ''],
  'Phone Number': ['+1 555 0100', '0422 333 111', ''],
  Operation: ['CREATE', 'UPDATE', 'UPSERT', 'PATCH', 'DELETE', ''],
  Field: ['Region', 'Phone Number'],
  Values: ['EMEA', 'APAC|EMEA', '+61 2 9001 1037', ''],
  email: ['ana@example.com', 'Lee.Smith@example.org', ''],
  account: ['qm:1a2b', '557058:f00d', ''],
  'Service Project': ['SUP', 'ONB', '2', ''],
};
const HEADERS: Record<ImportKind, string[]> = {
  profiles: ['Organization Name', 'Organization ID', 'Operation', 'Region', 'Phone Number'],
  organizations: ['Organization Name', 'Organization ID', 'Operation'],
  details: ['Organization ID', 'Field', 'Operation', 'Values'],
  deletions: ['Organization ID', 'Organization Name'],
  'service-projects': ['Organization Name', 'Organization ID', 'Service Project', 'Operation'],
  merges: ['Keep Organization ID', 'Keep Organization Name', 'Merge Organization ID', 'Merge Organization Name'],
  memberships: [
    'Organization Name',
    'Organization ID',
    'Customer Email',
    'Customer Account ID',
    'Operation',
    'From Organization Name',
  ],
};
const CELL_KIND: Record<string, string> = {
  'Organization Name': 'name',
  'Organization ID': 'id',
  'From Organization Name': 'name',
  'Customer Email': 'email',
  'Customer Account ID': 'account',
};

/** A CSV with the kind's header and 20 to 60 rows, each cell a good value most of the time and a hostile one otherwise. */
function randomShapedFile(seed: number, kind: ImportKind): { text: string; rows: number } {
  const g = generator(seed * 7919 + kind.length);
  const header = HEADERS[kind];
  const quote = (cell: string) => (/[",\r\n]/.test(cell) || g.int(4) === 0 ? `"${cell.replace(/"/g, '""')}"` : cell);
  const rows = 20 + g.int(41);
  const lines = [header.join(',')];
  for (let row = 0; row < rows; row += 1) {
    const cells = header.map((column) => {
      const good = GOOD_CELLS[CELL_KIND[column] ?? column];
      const cell = g.int(5) === 0 ? HOSTILE_CELLS[g.int(HOSTILE_CELLS.length)] : good[g.int(good.length)];
      // Names and ids of a file are distinct (the same organization twice is an error of its own).
      const distinct =
        good.includes(cell) && (column === 'Organization Name' || column === 'Organization ID') && cell !== '';
      return quote(distinct ? `${cell}${column === 'Organization ID' ? '' : ' '}${row}` : cell);
    });
    lines.push(cells.join(','));
  }
  return { text: lines.join('\n'), rows };
}

const nastyInputs: [string, string][] = [
  ['huge cell', `Organization Name,Region\n"${'x'.repeat(2_000_000)}",EMEA`],
  [
    '10,000 columns',
    `${['Organization Name', ...Array.from({ length: 10_000 }, (_, i) => `Col ${i}`)].join(',')}\nAcme,${'v,'.repeat(9_999)}v`,
  ],
  ['deep JSON', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
  ['deep JSON object', `[${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}]`],
  [
    'Latin-1 bytes read as UTF-8',
    Buffer.from('Organization Name,Region\nSoci\xe9t\xe9 G\xe9n\xe9rale,EMEA\n', 'latin1').toString('utf8'),
  ],
  ['UTF-16 text', Buffer.from('\ufeffOrganization Name,Region\nAcme,EMEA\n', 'utf16le').toString('utf8')],
  [
    'formula-like cells',
    'Organization Name,Region,Phone Number\n=HYPERLINK("http://x"),EMEA,+1 555\n@SUM(A1),APAC,-1\n',
  ],
  ['unterminated quote', 'Organization Name,Region\n"Acme,EMEA\nGlobex,APAC'],
  ['only a header', 'Organization Name,Region\n'],
  ['NUL bytes', 'Organization Name,Region\nAc\u0000me,EMEA\n'],
  ['JSON of the wrong shape', '{"organizationProfiles": "not a list"}'],
  [
    'a 288 KB Customers cell',
    `Organization Name,Customers\nAcme,${Array.from({ length: 32_000 }, (_, i) => `c${1_000_000 + i}`).join('|')}`,
  ],
  ['only invisible names', 'Organization Name\nAc\u200bme\nSoft\u00adHyphen\nIn\ufeffner\nLine\u2028End'],
  ['only ids that are no ids', 'Organization Name,Organization ID\nA,abc\nB,../../x\nC,-1\nD,0x10\nE,\u0661\u0662'],
  [
    'JSON with 10,000 bad items',
    JSON.stringify(Array.from({ length: 10_000 }, (_, i) => ({ operationType: 'EXPLODE', payload: i }))),
  ],
];

/**
 * What each hostile file gives read as the profiles file it is written as: how many operations, how many problems of
 * each code (all errors), and where the first one points. The file's own kind is where the problem must be the right
 * one; read as another kind, the wrong columns come first.
 */
const EXPECTED_AS_PROFILES: Record<
  string,
  { operations: number; codes: Record<string, number>; first?: { row: number | null; column?: string; says: RegExp } }
> = {
  'huge cell': {
    operations: 0,
    codes: { 'name-too-long': 1 },
    first: { row: 2, column: 'Organization Name', says: /2000000 characters long; at most 200/ },
  },
  '10,000 columns': {
    operations: 1,
    codes: { 'unknown-column': 10_000 },
    first: { row: 1, column: 'Col 0', says: /no detail field is called "Col 0"/ },
  },
  'deep JSON': {
    operations: 0,
    codes: { 'schema-invalid_type': 1 },
    first: { row: 1, column: '(item)', says: /must be an object/ },
  },
  'deep JSON object': {
    operations: 0,
    codes: { 'schema-invalid_value': 1, 'schema-invalid_type': 1, 'unknown-key': 1 },
    first: { row: 1, column: 'operationType', says: /missing/ },
  },
  'Latin-1 bytes read as UTF-8': { operations: 0, codes: { 'not-utf8': 1 }, first: { row: null, says: /^Line 2 / } },
  'UTF-16 text': { operations: 0, codes: { 'not-utf8': 1 }, first: { row: null, says: /^Line 1 / } },
  'formula-like cells': { operations: 2, codes: {} },
  'unterminated quote': {
    operations: 0,
    codes: { 'unterminated-quote': 1 },
    first: { row: null, says: /^Row 2: a quoted cell is never closed/ },
  },
  'only a header': { operations: 0, codes: { 'no-rows': 1 }, first: { row: null, says: /no organizations below it/ } },
  'NUL bytes': { operations: 0, codes: { 'binary-file': 1 }, first: { row: null, says: /NUL bytes/ } },
  'JSON of the wrong shape': {
    operations: 0,
    codes: { 'not-a-list': 1 },
    first: { row: null, says: /"organizationProfiles" must be a list/ },
  },
  'a 288 KB Customers cell': {
    operations: 0,
    codes: { 'row-too-large': 1 },
    first: { row: 2, column: 'Customers', says: /more than the 199 KB one request to CSM can carry/ },
  },
  'only invisible names': {
    operations: 0,
    codes: { 'name-hidden-character': 4 },
    first: { row: 2, column: 'Organization Name', says: /zero-width space \(U\+200B\) at character 3/ },
  },
  'only ids that are no ids': {
    operations: 0,
    codes: { 'invalid-id': 5 },
    first: { row: 2, column: 'Organization ID', says: /"abc" is not an organization ID/ },
  },
  'JSON with 10,000 bad items': {
    operations: 0,
    codes: { 'schema-invalid_value': 10_000, 'schema-invalid_type': 10_000 },
    first: { row: 1, column: 'operationType', says: /"EXPLODE" is not allowed here/ },
  },
};

describe('fuzzed and hostile input', () => {
  const kinds: ImportKind[] = ['profiles', 'organizations', 'details'];

  it.each(nastyInputs)('%s: a clear problem, never a crash', (what, text) => {
    const expected = EXPECTED_AS_PROFILES[what];
    const asProfiles = readImport({ text, kind: 'profiles' }, { detailFields: FIELDS });
    const codes: Record<string, number> = {};
    for (const problem of asProfiles.problems) codes[problem.code] = (codes[problem.code] ?? 0) + 1;
    const [first] = asProfiles.problems;
    expect({
      operations: asProfiles.operations.length,
      codes,
      notErrors: asProfiles.problems.filter((problem) => problem.severity !== 'error').length,
      first: expected.first && { row: first?.row, column: first?.column },
    }).toEqual({
      operations: expected.operations,
      codes: expected.codes,
      notErrors: 0,
      first: expected.first && { row: expected.first.row, column: expected.first.column },
    });
    expect(expected.first ? first.message : '').toMatch(expected.first?.says ?? /^$/);
    for (const kind of kinds) {
      const result = readImport({ text, kind }, { detailFields: FIELDS });
      // One check over all problems (there are 40,000 in one file): each message says something, none runs on.
      const badMessages = result.problems.filter(
        (problem) => problem.message.length <= 10 || problem.message.length >= 2_000,
      );
      expect(badMessages).toEqual([]);
      // Either the rows are usable as they are (formula-like cells are data), or there is an error saying why not.
      const errors = result.problems.filter((problem) => problem.severity === 'error').length;
      expect({ kind, silent: result.operations.length === 0 && errors === 0 }).toEqual({ kind, silent: false });
    }
  });

  it('200 random byte files in each kind and format: no crash, a problem for every file that gives no rows', () => {
    const silent: string[] = [];
    for (let seed = 1; seed <= 200; seed += 1) {
      const text = randomBytesText(seed, 50 + (seed % 7) * 300);
      for (const kind of kinds) {
        for (const format of ['csv', 'json'] as const) {
          const result = readImport({ text, kind, format }, { detailFields: FIELDS });
          if (result.operations.length === 0 && !result.problems.some((p) => p.severity === 'error'))
            silent.push(`seed ${seed} as ${kind} ${format}`);
        }
      }
    }
    expect(silent).toEqual([]);
  });

  it('600 random files of the right shape with hostile cells: every operation names its organization and comes from a row without errors', () => {
    let operations = 0;
    let rowsWithErrors = 0;
    const wrong: string[] = [];
    for (let seed = 1; seed <= 200; seed += 1) {
      for (const kind of kinds) {
        const { text, rows } = randomShapedFile(seed, kind);
        const result = readImport({ text, kind, format: 'csv' }, { detailFields: FIELDS });
        const errorRows = new Set(
          result.problems.filter((p) => p.severity === 'error' && p.row !== null).map((p) => p.row),
        );
        const names = new Set<string>();
        for (const op of result.operations) {
          const where = `seed ${seed} ${kind} row ${op.row}`;
          const target =
            op.kind === 'details'
              ? { id: op.organizationId }
              : op.kind === 'memberships' || op.kind === 'service-projects'
                ? op.organization
                : op.kind === 'deletions'
                  ? // A row by name is given its id on the site, after the file is read.
                    { id: op.organizationId || undefined, name: op.name }
                  : op.item.payload;
          const named = target.name ?? target.id ?? '';
          if (named.trim() === '') wrong.push(`${where}: names no organization`);
          // Nothing sent names an organization by an id CSM cannot have, or by a name with a character that does not
          // show; and no two operations name one organization in two Unicode forms.
          const { id } = target;
          if (id !== undefined && !/^[0-9]{1,19}$/.test(id)) wrong.push(`${where}: id ${JSON.stringify(id)}`);
          const name = 'name' in target ? target.name : undefined;
          if (name !== undefined && hiddenCharacter(name) !== undefined) wrong.push(`${where}: hidden character`);
          const key = name?.normalize('NFC').toLowerCase();
          if (key !== undefined && names.has(key)) wrong.push(`${where}: ${JSON.stringify(name)} twice`);
          if (key !== undefined) names.add(key);
          if (errorRows.has(op.row)) wrong.push(`${where}: sent though the row has an error`);
          if (op.row < 2 || op.row > rows + 1) wrong.push(`${where}: no such row`);
        }
        if (result.operations.length + result.rowsWithErrors > rows)
          wrong.push(`seed ${seed} ${kind}: more than its rows`);
        operations += result.operations.length;
        rowsWithErrors += result.rowsWithErrors;
      }
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    // The generator must exercise both sides, or the checks above would prove nothing.
    expect(operations).toBeGreaterThan(500);
    expect(rowsWithErrors).toBeGreaterThan(500);
  });

  describe('through the startJob resolver', () => {
    let harness: EngineHarness;
    beforeAll(async () => {
      harness = await startHarness();
    });
    afterAll(async () => harness.close());

    it('a 6 MB name: the preview answers a few KB, not 6 MB (Forge answers at most 5 MB)', async () => {
      const text = `Organization Name,Region\n${'N'.repeat(6_000_000)},EMEA`;
      const result = await harness.raw('previewImport', {
        kind: 'profiles',
        ...(await fileSource(harness.runtime, text)),
      });
      expect(result).toMatchObject({ ok: true, data: { rowsWithErrors: 1, operations: 0 } });
      expect(JSON.stringify(result).length).toBeLessThan(10_000);
    });

    it('an upload of more parts than the cap is refused at its first part, and the message says the cap', async () => {
      const result = await harness.raw('uploadPart', {
        uploadId: 'too-many-parts',
        part: 0,
        parts: 1_200,
        fileHash: '0123456789abcdef',
        text: 'Organization Name\n',
      });
      expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: expect.stringContaining('50 MB') });
    });

    it('listJobs with a cursor it never handed out is refused as input, not an internal error', async () => {
      const result = await harness.raw('listJobs', { cursor: 'not-a-cursor-of-ours' });
      expect(result).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        message: expect.stringContaining('List the jobs again from the start'),
      });
    });

    it.each(nastyInputs.filter(([what]) => what !== 'formula-like cells'))(
      '%s: refused with INVALID_INPUT and no request sent',
      async (_what, text) => {
        // As the page sends it: inline when it fits one part, else uploaded in parts.
        const result = await harness.raw('startJob', {
          kind: 'profiles',
          ...(await fileSource(harness.runtime, text)),
        });
        expect(result).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
        expect(writeRequests(harness.emulator.stats())).toBe(0);
      },
    );
  });
});
