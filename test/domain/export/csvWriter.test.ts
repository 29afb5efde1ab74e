import Papa from 'papaparse';
import { csvCell, rowsToCsv, writeNativeCsv } from '../../../src/domain/export/csvWriter';
import { readImport } from '../../../src/domain/import';
import type { ObservedOrganization } from '../../../src/domain/outcomes';
import { DETAIL_FIELDS, SITE } from '../fixtures';

describe('CSV writer', () => {
  it('quotes cells with commas, quotes, line breaks and edge spaces (RFC 4180, CRLF)', () => {
    expect(
      rowsToCsv(
        ['a', 'b'],
        [
          ['plain', 'with, comma'],
          ['say "hi"', 'two\nlines'],
          [' padded', null],
          [42, undefined],
        ],
      ),
    ).toBe('a,b\r\nplain,"with, comma"\r\n"say ""hi""","two\nlines"\r\n" padded",\r\n42,\r\n');
  });

  it('quotes every cell a spreadsheet could split, on comma, semicolon or tab: no part of one becomes a formula', () => {
    const names = ["x;=cmd|' /C calc'!A0;", 'a\t=1+1', 'b,@SUM(1)', 'c;-2;+3', 'plain'];
    const csv = rowsToCsv(
      ['Organization Name'],
      names.map((name) => [name]),
    );
    for (const delimiter of [',', ';', '\t']) {
      const cells = Papa.parse<string[]>(csv, { delimiter }).data.flat();
      expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
    }
    expect(
      Papa.parse<string[]>(csv, { delimiter: ',' })
        .data.slice(1, 6)
        .map((row) => row[0]),
    ).toEqual(names);
  });

  it('quotes a cell holding a control character or a direction mark', () => {
    expect(csvCell('bell\u0007')).toBe('"bell\u0007"');
    expect(csvCell('\u202eevil')).toBe('"\u202eevil"');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(['=SUM(A1)', '+61 2', '-5', '@cmd', '\tx', '\rx', 'safe=1'].map(csvCell)).toEqual([
      "'=SUM(A1)",
      "'+61 2",
      "'-5",
      "'@cmd",
      '"\'\tx"',
      '"\'\rx"',
      'safe=1',
    ]);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });

  it('writes the native format: name, ID, one column per detail field, multi-values joined with |', () => {
    const organizations: ObservedOrganization[] = [
      {
        id: '1',
        name: 'Acme, Inc.',
        details: { Region: ['EMEA'], Tier: ['Gold', 'Silver'], 'Phone Number': ['+61 2 9999 0000'] },
      },
      { id: '2', name: '=cmd', details: {} },
    ];
    const fields = DETAIL_FIELDS.slice(0, 3);
    expect(writeNativeCsv(organizations, fields)).toBe(
      'Organization Name,Organization ID,Region,Phone Number,Tier\r\n' +
        '"Acme, Inc.",1,EMEA,\'+61 2 9999 0000,Gold|Silver\r\n' +
        "'=cmd,2,,,\r\n",
    );
  });

  it('round-trips through the importer: an exported file imports as the same profiles', () => {
    const organizations: ObservedOrganization[] = [
      {
        id: '1',
        name: 'Acme, Inc.',
        details: {
          Region: ['EMEA'],
          Tier: ['Gold', 'Silver'],
          'Phone Number': ['+61 2 9999 0000'],
          Notes: ['line one\nline "two"'],
        },
      },
      { id: '2', name: '-Minus Corp', details: { Seats: ['-5'] } },
    ];
    const result = readImport({ text: writeNativeCsv(organizations, DETAIL_FIELDS) }, SITE);
    expect(result.problems).toEqual([]);
    expect(result.operations.map((op) => op.kind === 'profiles' && op.item.payload)).toEqual([
      {
        id: '1',
        name: 'Acme, Inc.',
        details: [
          { name: 'Region', values: ['EMEA'] },
          { name: 'Phone Number', values: ['+61 2 9999 0000'] },
          { name: 'Tier', values: ['Gold', 'Silver'] },
          { name: 'Notes', values: ['line one\nline "two"'] },
        ],
      },
      { id: '2', name: '-Minus Corp', details: [{ name: 'Seats', values: ['-5'] }] },
    ]);
  });
});
