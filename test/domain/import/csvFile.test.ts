import { readImport } from '../../../src/domain/import';
import { csv, SITE } from '../fixtures';

const read = (text: string, maxRows?: number) => readImport({ text, kind: 'profiles' }, SITE, { maxRows });
const errors = (text: string) => read(text).problems.filter((problem) => problem.severity === 'error');
const names = (text: string) =>
  read(text).operations.map((op) => (op.kind === 'profiles' ? op.item.payload.name : undefined));

describe('reading a CSV file', () => {
  it('strips a UTF-8 byte order mark so the first header is still recognised', () => {
    const result = read('\uFEFFOrganization Name,Region\nAcme,EMEA\n');
    expect(result.problems).toEqual([]);
    expect(result.headers).toEqual(['Organization Name', 'Region']);
    expect(names('\uFEFFOrganization Name\nAcme\n')).toEqual(['Acme']);
  });

  it('reads CRLF and LF line ends alike', () => {
    expect(read(csv('Organization Name,Region', 'Acme,EMEA', 'Globex,APAC')).operations).toEqual(
      read('Organization Name,Region\nAcme,EMEA\nGlobex,APAC').operations,
    );
    expect(read('Organization Name\r\nAcme\r\nGlobex').rowCount).toBe(2);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted cells', () => {
    const result = read(
      csv('Organization Name,Notes', '"Acme, Inc.","He said ""hi"""', '"Globex","line one', 'line two"'),
    );
    expect(result.problems).toEqual([]);
    expect(result.operations.map((op) => op.kind === 'profiles' && op.item.payload)).toEqual([
      { name: 'Acme, Inc.', details: [{ name: 'Notes', values: ['He said "hi"'] }] },
      { name: 'Globex', details: [{ name: 'Notes', values: ['line one\r\nline two'] }] },
    ]);
  });

  it('numbers rows as a spreadsheet does: header 1, a multi-line cell is one row, blank lines count but are skipped', () => {
    const text = csv('Organization Name,Notes', 'Acme,"one', 'two', 'three"', '', 'Globex,x', ',', 'Initech,y');
    const result = read(text);
    expect(result.rowCount).toBe(3);
    expect(result.operations.map((op) => [op.row, op.index])).toEqual([
      [2, 0],
      [4, 1],
      [6, 2],
    ]);
  });

  it('trims only the ends of names and cells', () => {
    const result = read(csv('  Organization Name  , Notes ', '  Acme  Corp  ,  two  words  '));
    expect(result.headers).toEqual(['Organization Name', 'Notes']);
    expect(result.operations[0]).toMatchObject({
      item: { payload: { name: 'Acme  Corp', details: [{ name: 'Notes', values: ['two  words'] }] } },
    });
  });

  it('keeps cells starting with = + - @ as data, and undoes the quote our export puts before them', () => {
    const result = read(
      csv('Organization Name,Notes,Phone Number', '=Acme,@home,+61 2 9999 0000', "Globex,'-5,'+1 555"),
    );
    expect(result.problems).toEqual([]);
    expect(result.operations.map((op) => op.kind === 'profiles' && op.item.payload)).toEqual([
      {
        name: '=Acme',
        details: [
          { name: 'Notes', values: ['@home'] },
          { name: 'Phone Number', values: ['+61 2 9999 0000'] },
        ],
      },
      {
        name: 'Globex',
        details: [
          { name: 'Notes', values: ['-5'] },
          { name: 'Phone Number', values: ['+1 555'] },
        ],
      },
    ]);
  });

  it('reads semicolon-separated files that some spreadsheets write', () => {
    expect(names('Organization Name;Region\nAcme;EMEA\n')).toEqual(['Acme']);
  });

  it('refuses an empty file, a header without rows and a file with only blank lines', () => {
    expect(errors('')).toEqual([expect.objectContaining({ row: null, code: 'empty-file' })]);
    expect(errors('\r\n\r\n  \r\n')).toEqual([expect.objectContaining({ row: null, code: 'empty-file' })]);
    const headerOnly = errors('Organization Name,Region\r\n\r\n');
    expect(headerOnly).toEqual([expect.objectContaining({ row: null, code: 'no-rows' })]);
    expect(headerOnly[0].message).toMatch(/header row but no organizations/);
  });

  it('refuses an unterminated quote as a file-level error naming the row where it opens', () => {
    const result = read(csv('Organization Name,Notes', 'Acme,ok', 'Globex,"never closed', 'Initech,x'));
    expect(result.operations).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ row: null, code: 'unterminated-quote' })]);
    expect(result.problems[0].message).toMatch(/^Row 3: a quoted cell is never closed/);
  });

  it('refuses a row with more cells than headers, and ignores empty trailing cells', () => {
    const result = read(csv('Organization Name,Notes', 'Acme, Inc.,note', 'Globex,note,,', 'Initech'));
    expect(result.problems).toEqual([expect.objectContaining({ row: 2, code: 'too-many-cells', severity: 'error' })]);
    expect(result.problems[0].message).toBe(
      'Row 2: the row has 3 cells but the header has 2 columns. A cell probably contains a comma: put that cell in double quotes, or remove the extra cells.',
    );
    expect(names(csv('Organization Name,Notes', 'Globex,note,,', 'Initech'))).toEqual(['Globex', 'Initech']);
    expect(result.rowsWithErrors).toBe(1);
  });

  it('refuses a repeated header, even in another letter case, and sends nothing', () => {
    const result = read(csv('Organization Name,Region,region', 'Acme,EMEA,APAC'));
    expect(result.operations).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({ row: 1, column: 'region', code: 'duplicate-column', severity: 'error' }),
    ]);
    expect(result.problems[0].message).toMatch(/appears twice \(columns 2 and 3\)/);
  });

  it('refuses an unnamed column in the middle but drops empty trailing header cells', () => {
    expect(errors(csv('Organization Name,,Region', 'Acme,x,EMEA'))).toEqual([
      expect.objectContaining({
        row: 1,
        code: 'unnamed-column',
        message: 'Row 1: column 2 has no name. Give it a name, or delete the column.',
      }),
    ]);
    expect(read(csv('Organization Name,Region,,', 'Acme,EMEA,,')).problems).toEqual([]);
  });

  it('reports header problems on the header row even when blank lines come first', () => {
    const result = read('\r\n\r\nOrganization Name,Regoin\r\nAcme,EMEA\r\n');
    expect(result.problems).toEqual([expect.objectContaining({ row: 3, column: 'Regoin', code: 'unknown-column' })]);
  });

  it('refuses more rows than allowed without reading the rest', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `Org ${i}`);
    const result = read(csv('Organization Name', ...rows), 10);
    expect(result.operations).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ row: null, code: 'too-many-rows' })]);
    expect(result.problems[0].message).toMatch(/more than 10 organization rows/);
    expect(read(csv('Organization Name', ...rows.slice(0, 10)), 10).operations).toHaveLength(10);
  });

  it('refuses a merges file of more than 250 merges whole, and reads one of 250', () => {
    const merges = (count: number) =>
      readImport(
        {
          text: csv(
            'Keep Organization ID,Merge Organization ID',
            ...Array.from({ length: count }, (_, i) => `${1000 + i},${2000 + i}`),
          ),
          kind: 'merges',
        },
        SITE,
      );
    expect(merges(250).operations).toHaveLength(250);
    expect(merges(251).operations).toEqual([]);
    expect(merges(251).problems).toEqual([expect.objectContaining({ row: null, code: 'too-many-merges' })]);
  });

  it('detects the format from the first non-blank character', () => {
    expect(readImport({ text: '  \n[{"operationType":"CREATE","payload":{"name":"A"}}]' }, SITE).format).toBe('json');
    expect(readImport({ text: '\uFEFF{"organizationProfiles":[]}' }, SITE).format).toBe('json');
    expect(readImport({ text: 'Organization Name\nA' }, SITE).format).toBe('csv');
    expect(readImport({ text: '[not json', format: 'csv' }, SITE).format).toBe('csv');
  });
});

describe('line ends', () => {
  it('reads a file that mixes CRLF and LF row by row, and keeps a line break inside a quoted cell', () => {
    const result = readImport(
      { text: 'Organization Name,Region\r\nAcme,EMEA\nGlobex,APAC\r\n"Initech\r\nWest",EMEA\n' },
      { detailFields: [{ name: 'Region', type: 'SELECT', options: ['EMEA', 'APAC'] }] },
    );
    // The quoted line break stays inside its cell (and a name may not hold one).
    expect(result.problems.map((problem) => [problem.row, problem.code])).toEqual([[4, 'name-hidden-character']]);
    expect(result.operations.map((op) => (op.kind === 'profiles' ? op.item.payload.name : ''))).toEqual([
      'Acme',
      'Globex',
    ]);
  });

  it('reads a file of lone carriage returns, and says so', () => {
    const result = readImport(
      { text: 'Organization Name,Region\rAcme,EMEA\rGlobex,APAC' },
      { detailFields: [{ name: 'Region', type: 'SELECT', options: ['EMEA', 'APAC'] }] },
    );
    expect(result.operations).toHaveLength(2);
    expect(result.problems).toEqual([
      expect.objectContaining({ row: null, severity: 'warning', code: 'cr-line-ends' }),
    ]);
  });
});
