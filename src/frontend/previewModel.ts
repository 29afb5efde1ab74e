import type { ImportProblem } from '../domain/import';
import type { RowChange, RowPreview } from '../domain/preview';

/**
 * What the table says a row does. 'file-error': the file's own check found an error, so the row is skipped (or blocks
 * the start); 'will-fail': the site says CSM would refuse it; 'not-checked': beyond the rows the server looked up.
 */
export type LineChange = Exclude<RowChange, 'error'> | 'will-fail' | 'file-error' | 'not-checked';

export interface PreviewLine {
  row: number;
  organization: string;
  change: LineChange;
  /**
   * What the row does beyond its lozenge: for an update the site was asked about, before → after, one entry per
   * thing it changes; for a membership, the customer (and where a MOVE takes it from).
   */
  changes: string[];
  notes: string[];
}

/** Table lines cap: the page must stay responsive with a 50,000-row file full of errors. */
export const MAX_PREVIEW_LINES = 1000;

/**
 * One line per row: the server's create/update/unchanged guess for the rows it looked up, and
 * every row with problems (an error makes the row an error whatever the server guessed).
 */
export function previewLines(rows: readonly RowPreview[], problems: readonly ImportProblem[]): PreviewLine[] {
  const byRow = new Map<number, PreviewLine>();
  for (const preview of rows) {
    const fails = preview.change === 'error';
    // A failing row's note says why (a problem); another row's says what it does (a membership's customer).
    const note = preview.note ? [preview.note] : [];
    byRow.set(preview.row, {
      row: preview.row,
      organization: preview.organization,
      change: preview.change === 'error' ? 'will-fail' : preview.change,
      changes: fails ? (preview.changes ?? []) : [...note, ...(preview.changes ?? [])],
      notes: fails ? note : [],
    });
  }
  for (const problem of problems) {
    if (problem.row === null || isFileProblem(problem)) continue;
    let line = byRow.get(problem.row);
    if (!line) {
      line = {
        row: problem.row,
        organization: problem.organization ?? '',
        change: 'not-checked',
        changes: [],
        notes: [],
      };
      byRow.set(problem.row, line);
    }
    // A row's first problems can come before the row names its organization (a cell the CSV cannot split).
    if (!line.organization && problem.organization) line.organization = problem.organization;
    if (problem.severity === 'error') line.change = 'file-error';
    line.notes.push(describeProblem(problem));
  }
  return [...byRow.values()].sort((a, b) => a.row - b.row).slice(0, MAX_PREVIEW_LINES);
}

/** A row the admin should look at before starting: an error in the file, a predicted refusal, or a warning. */
export function hasProblem(line: PreviewLine): boolean {
  return line.change === 'file-error' || line.change === 'will-fail' || line.notes.length > 0;
}

export function describeProblem(problem: ImportProblem): string {
  // The domain's messages already say where (row and column).
  return problem.severity === 'warning' ? `Warning: ${problem.message}` : problem.message;
}

/** The domain reports these on the header row: they concern the whole file, not one row. */
const HEADER_CODES: ReadonlySet<string> = new Set([
  'missing-column',
  'unknown-column',
  'unnamed-column',
  'duplicate-column',
]);

export function isFileProblem(problem: ImportProblem): boolean {
  return problem.row === null || HEADER_CODES.has(problem.code);
}

/** Problems about the file as a whole (missing, unknown or repeated columns, an unreadable file). */
export function fileProblems(problems: readonly ImportProblem[]): ImportProblem[] {
  return problems.filter(isFileProblem);
}
