import { readImport } from '../../../src/domain/import';

const SITE = { detailFields: [{ name: 'Region', type: 'SELECT' as const, options: ['EMEA'] }] };

describe('a file that turns out unreadable part-way', () => {
  it('reports the file problem only, not the problems of the rows read before it', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `Org ${i},Mars`).join('\n');
    const tooMany = readImport({ text: `Organization Name,Region\n${rows}`, kind: 'profiles' }, SITE, { maxRows: 10 });
    expect(tooMany.problems.map((problem) => problem.code)).toEqual(['too-many-rows']);
    expect({ rowsWithErrors: tooMany.rowsWithErrors, operations: tooMany.operations.length }).toEqual({
      rowsWithErrors: 0,
      operations: 0,
    });

    const unterminated = readImport(
      { text: 'Organization Name,Region\nA,Mars\n"B,EMEA\nC,EMEA', kind: 'profiles' },
      SITE,
    );
    expect(unterminated.problems.map((problem) => problem.code)).toEqual(['unterminated-quote']);
    expect(unterminated.rowsWithErrors).toBe(0);
  });
});

describe('a file not saved as UTF-8 text', () => {
  it('names the line with characters that could not be read, and sends nothing', () => {
    const result = readImport(
      { text: 'Organization Name,Region\nAcme,EMEA\nSoci\uFFFDt\uFFFD G\uFFFDn\uFFFDrale,EMEA' },
      SITE,
    );
    expect(result.problems).toEqual([
      expect.objectContaining({ row: null, code: 'not-utf8', message: expect.stringMatching(/^Line 3 .*CSV UTF-8/) }),
    ]);
    expect(result.operations).toEqual([]);
  });

  it('refuses NUL bytes (UTF-16, or a spreadsheet rather than a CSV)', () => {
    const result = readImport({ text: 'O\u0000r\u0000g\u0000', kind: 'organizations' }, SITE);
    expect(result.problems.map((problem) => problem.code)).toEqual(['binary-file']);
  });
});

describe('a CSV row with a stray quote', () => {
  it('names the row and how to write a quote inside a cell', () => {
    // A closing quote followed by more text, then another quote that closes the cell.
    const result = readImport({ text: 'Organization Name,Region\n"Acme"Inc",EMEA\nGlobex,EMEA' }, SITE);
    expect(result.problems).toEqual([expect.objectContaining({ row: 2, code: 'malformed-quote' })]);
    expect(result.operations.map((op) => op.row)).toEqual([3]);
  });
});
