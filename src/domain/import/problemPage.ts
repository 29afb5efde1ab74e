import type { ImportProblem } from './types';

/**
 * A resolver answers at most 5 MB (Forge invocation limits): a file of 50,000 rows with problems would be 9 MB of
 * them. Answers carry the first problems and the totals; the rest are asked for page by page.
 */
export const PROBLEMS_PER_ANSWER = 500;
/** A problem's message is cut to this length in answers: a message may quote a cell, and a cell may be 2 MB. */
export const MAX_PROBLEM_MESSAGE_CHARS = 600;

export interface ProblemPage {
  problems: ImportProblem[];
  /** Where this page starts among all the problems. */
  problemsOffset: number;
  problemTotals: { all: number; errors: number; warnings: number };
}

export function problemPage(problems: readonly ImportProblem[], offset = 0, limit = PROBLEMS_PER_ANSWER): ProblemPage {
  let errors = 0;
  for (const problem of problems) if (problem.severity === 'error') errors += 1;
  return {
    problems: problems.slice(offset, offset + limit).map(clipped),
    problemsOffset: offset,
    problemTotals: { all: problems.length, errors, warnings: problems.length - errors },
  };
}

/**
 * A problem's organization (the row's name) and column (a header) are cut too: they quote the file, and one cell or
 * header of 6 MB would make the answer 6 MB by itself, whatever its message.
 */
export const MAX_PROBLEM_LABEL_CHARS = 120;

function clipped(problem: ImportProblem): ImportProblem {
  const { message, organization, column } = problem;
  if (
    message.length <= MAX_PROBLEM_MESSAGE_CHARS &&
    (organization === undefined || organization.length <= MAX_PROBLEM_LABEL_CHARS) &&
    (column === undefined || column.length <= MAX_PROBLEM_LABEL_CHARS)
  )
    return problem;
  const copy = { ...problem, message: cut(message, MAX_PROBLEM_MESSAGE_CHARS) };
  if (organization !== undefined) copy.organization = cut(organization, MAX_PROBLEM_LABEL_CHARS);
  if (column !== undefined) copy.column = cut(column, MAX_PROBLEM_LABEL_CHARS);
  return copy;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
