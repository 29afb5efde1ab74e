import Papa from 'papaparse';
import { FAILURE_REASON_COLUMN, failedRowsCsv } from '../../../src/domain/export/failedRows';
import { readImport } from '../../../src/domain/import';
import { kindsOfFile, recognizeKind } from '../../../src/domain/import/recognizeKind';
import type { ImportKind } from '../../../src/domain/operations';
import { SITE } from '../fixtures';

/** The file's operations, as a job would hold them, and each failing with a reason. */
function failAll(kind: ImportKind, text: string) {
  const imported = readImport({ text, kind }, SITE);
  expect(imported.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return imported.operations.map((operation, i) => ({ operation, reason: `refused, row ${operation.row} (#${i})` }));
}

const payloads = (kind: ImportKind, text: string) =>
  readImport({ text, kind }, SITE).operations.map((op) => ({ ...op, index: 0, row: 0 }));

describe('the failed-rows file', () => {
  it.each<[ImportKind, string]>([
    [
      'profiles',
      [
        'Organization Name,Organization ID,Operation,Region,Tier,Phone Number,Notes,Customers,Products',
        'Acme,,CREATE,EMEA,Gold|Silver,+1 555 0100,"says ""hi"", then; =SUM(A1)",c1|c2,',
        ',17,UPDATE,APAC,,,,,p1',
        'Globex,,UPSERT,,,,@home,,',
      ].join('\n'),
    ],
    ['organizations', ['Organization Name,Organization ID,Operation', 'Initech,,CREATE', 'Hooli,42,UPDATE'].join('\n')],
    [
      'details',
      [
        'Organization ID,Field,Operation,Values',
        '17,Region,UPDATE,EMEA',
        '17,Tier,PATCH,Gold|Bronze',
        '18,Notes,DELETE,',
        '19,Phone Number,UPDATE,-1 (555) 0100',
      ].join('\n'),
    ],
  ])('of a %s job imports again as the same operations, its reason column skipped', (kind, text) => {
    const file = failedRowsCsv(kind, failAll(kind, text));
    const table = Papa.parse<string[]>(file.trim()).data;
    expect(table[0].at(-1)).toBe(FAILURE_REASON_COLUMN);
    expect(table.slice(1).map((row) => row.at(-1))).toEqual(failAll(kind, text).map((row) => row.reason));
    const again = readImport({ text: file, kind }, SITE);
    expect(again.problems).toEqual([]);
    expect(again.operations.map((op) => ({ ...op, index: 0, row: 0 }))).toEqual(payloads(kind, text));
  });

  it('keeps the operation of organizations created, so the file read as profiles (as names alone are) creates again', () => {
    const file = failedRowsCsv('organizations', failAll('organizations', 'Organization Name\nInitech\nHooli'));
    expect(file.split('\r\n')[0]).toBe(`Organization Name,Operation,${FAILURE_REASON_COLUMN}`);
    const kind = recognizeKind(kindsOfFile(file));
    expect(kind).toBe('profiles');
    const again = readImport({ text: file, kind }, SITE);
    expect(again.operations.map((op) => (op.kind === 'profiles' ? op.item.operationType : op.kind))).toEqual([
      'CREATE',
      'CREATE',
    ]);
  });

  it('neutralises cells a spreadsheet would run, and the importer undoes it', () => {
    const file = failedRowsCsv('profiles', failAll('profiles', 'Organization Name,Notes\nAcme,=HYPERLINK("x")'));
    expect(file).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('writes only the header when nothing failed', () => {
    expect(failedRowsCsv('details', [])).toBe(`Organization ID,Field,Operation,Values,${FAILURE_REASON_COLUMN}\r\n`);
  });
});
