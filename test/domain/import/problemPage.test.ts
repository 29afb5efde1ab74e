import { problemPage, PROBLEMS_PER_ANSWER, readImport } from '../../../src/domain/import';

const SITE = { detailFields: [{ name: 'Region', type: 'SELECT', options: ['EMEA'] }] };

describe('a page of problems, as resolvers answer them', () => {
  const rows = Array.from({ length: 2_000 }, (_, i) => `Org ${i},${i % 3 === 0 ? 'Mars' : 'EMEA'},x`);
  const { problems } = readImport({ text: ['Organization Name,Region,Colour', ...rows].join('\n') }, SITE);

  it('carries the first problems and the totals by severity', () => {
    const page = problemPage(problems);
    expect(page.problems).toHaveLength(PROBLEMS_PER_ANSWER);
    expect(page.problemTotals).toEqual({
      all: problems.length,
      errors: problems.filter((p) => p.severity === 'error').length,
      warnings: problems.filter((p) => p.severity === 'warning').length,
    });
    expect(page.problemsOffset).toBe(0);
  });

  it('pages from an offset, and cuts a message that quotes a huge cell', () => {
    const page = problemPage(problems, 350, 10);
    expect(page.problems).toEqual(problems.slice(350, 360));
    const long = problemPage([{ row: 2, severity: 'error', code: 'x', message: `Row 2: ${'y'.repeat(5_000)}` }]);
    expect(long.problems[0].message.length).toBe(600);
    expect(long.problems[0].message.endsWith('…')).toBe(true);
  });
});
