import { skippedRowsCsv } from '../../src/domain/export/skippedRows';
import { readImport } from '../../src/domain/import';
import { MAX_SKIPPED_ROW_CHARS, skippedRowsOf } from '../../src/domain/import/skippedRows';

const SITE = { detailFields: [{ name: 'Region', type: 'SELECT' as const, options: ['EMEA', 'APAC'] }] };

function skipped(text: string, format: 'csv' | 'json' = 'csv') {
  const imported = readImport({ text, kind: 'profiles', format }, SITE);
  return skippedRowsOf({ text, kind: 'profiles', format }, imported.problems);
}

describe('the rows a job skips for errors in the file', () => {
  it('keeps a CSV row’s cells under the file’s headers, with its problem, as a file that fills a Failure Reason column', () => {
    const text = ['Organization Name,Region,Failure Reason', 'Acme,EMEA,old', 'Globex,Mars,old'].join('\n');
    const rows = skipped(text);
    expect(rows.headers).toEqual(['Organization Name', 'Region', 'Failure Reason']);
    expect(rows.rows).toEqual([{ row: 3, cells: ['Globex', 'Mars', 'old'], reason: expect.stringMatching(/Mars/) }]);
    const file = skippedRowsCsv(rows.headers, rows.rows).split('\r\n');
    expect(file[0]).toBe('Organization Name,Region,Failure Reason');
    expect(file[1]).toMatch(/^Globex,Mars,".*Mars.*"$/);
  });

  it('bounds a row too large to store with its job', () => {
    const rows = skipped(['Organization Name,Region', `${'x'.repeat(300_000)},EMEA`].join('\n'));
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0].cells.join('').length).toBeLessThanOrEqual(MAX_SKIPPED_ROW_CHARS);
  });

  it('keeps a JSON file’s skipped items as JSON', () => {
    const items = [
      { operationType: 'CREATE', payload: { name: 'Acme' } },
      { operationType: 'CREATE', payload: { name: 'Globex', details: [{ name: 'Region', values: ['Mars'] }] } },
    ];
    const rows = skipped(JSON.stringify(items), 'json');
    expect(rows.headers).toEqual(['Item (JSON)']);
    expect(rows.rows.map((row) => [row.row, JSON.parse(row.cells[0])])).toEqual([[2, items[1]]]);
  });
});
