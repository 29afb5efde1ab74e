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
