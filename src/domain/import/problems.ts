import type { ImportProblem } from './types';

/** Where a problem is: `Row 7, column "Region"` in a CSV file, `Item 3, payload.name` in a JSON file. */
export interface Place {
  row: number;
  column?: string;
}

export interface Locator {
  /** The word the user sees for a row: "row" in CSV, "item" in JSON. */
  readonly unit: 'row' | 'item';
  describe(place: Place): string;
}

export const csvLocator: Locator = {
  unit: 'row',
  describe: ({ row, column }) => (column === undefined ? `Row ${row}` : `Row ${row}, column "${column}"`),
};

export const jsonLocator: Locator = {
  unit: 'item',
  describe: ({ row, column }) => (column === undefined ? `Item ${row}` : `Item ${row}, ${column}`),
};

/** The code of a column the file's kind has no use for (see ProblemLog.unknownColumn). */
export const UNKNOWN_COLUMN = 'unknown-column';

/** Collects problems; messages start with where the problem is, then say what is wrong and how to fix it. */
export class ProblemLog {
  readonly problems: ImportProblem[] = [];
  private readonly rowsWithErrors = new Set<number>();
  private fileBroken = false;
  /** The spreadsheet row of the header: 1 unless blank lines come before it. */
  headerRow = 1;
  /** The row being read and the organization it names, so each of its problems says which organization it is about. */
  private labelled = { row: 0, organization: '' };

  /** Set: columns the kind has no use for are left out without a word (see ImportOptions.ignoreUnknownColumns). */
  ignoreUnknownColumns = false;

  constructor(readonly locator: Locator) {}

  /** A problem with the whole file: nothing in it can be sent. */
  fileError(code: string, message: string): void {
    this.fileBroken = true;
    this.problems.push({ row: null, severity: 'error', code, message });
  }

  /** Something about the whole file the admin should know; the rows are still read and sent. */
  fileWarning(code: string, message: string): void {
    this.problems.push({ row: null, severity: 'warning', code, message });
  }

  /** A problem with the header row: nothing in the file can be sent, but rows are still checked. */
  headerError(column: string | undefined, code: string, detail: string): void {
    this.fileBroken = true;
    this.push({ row: this.headerRow, column }, 'error', code, detail);
  }

  /**
   * A column the file's kind has no use for: the file cannot be sent until the column is renamed or ignored, but its
   * rows are still read, checked and counted ready (the column's values are never read).
   */
  unknownColumn(column: string, detail: string): void {
    if (this.ignoreUnknownColumns) return;
    this.push({ row: this.headerRow, column }, 'error', UNKNOWN_COLUMN, detail);
  }

  headerWarning(column: string | undefined, code: string, detail: string): void {
    this.push({ row: this.headerRow, column }, 'warning', code, detail);
  }

  /** Names the organization of the row being read (its name, or "Organization 17"); blank when the row names none. */
  labelRow(row: number, organization: string): void {
    this.labelled = { row, organization };
  }

  error(place: Place, code: string, detail: string): void {
    this.rowsWithErrors.add(place.row);
    this.push(place, 'error', code, detail);
  }

  warning(place: Place, code: string, detail: string): void {
    this.push(place, 'warning', code, detail);
  }

  /** Where the log stands, so that what follows can be dropped (see discardSince). */
  mark(): number {
    return this.problems.length;
  }

  /**
   * Drops what was logged since `mark`: when a file turns out unreadable part-way (an unterminated quote, too many
   * rows), the problems of the rows read before it say nothing useful and would be counted against no rows.
   */
  discardSince(mark: number): void {
    this.problems.length = mark;
    this.rowsWithErrors.clear();
    for (const problem of this.problems) {
      if (problem.severity === 'error' && problem.row !== null && problem.row !== this.headerRow)
        this.rowsWithErrors.add(problem.row);
    }
  }

  hasErrorOn(row: number): boolean {
    return this.rowsWithErrors.has(row);
  }

  get errorRowCount(): number {
    return this.rowsWithErrors.size;
  }

  /** True when the file as a whole cannot be sent (file-level or header errors). */
  get blocksWholeFile(): boolean {
    return this.fileBroken;
  }

  private push(place: Place, severity: ImportProblem['severity'], code: string, detail: string): void {
    const problem: ImportProblem = {
      row: place.row,
      severity,
      code,
      message: `${this.locator.describe(place)}: ${detail}`,
    };
    if (place.column !== undefined) problem.column = place.column;
    if (this.labelled.row === place.row && this.labelled.organization !== '')
      problem.organization = this.labelled.organization;
    this.problems.push(problem);
  }
}
