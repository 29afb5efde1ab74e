import type { Locator, ProblemLog } from './problems';

/** What a key names: an organization by ID or by name, or one detail field of one organization. */
export type ClaimScope = 'id' | 'name' | 'detail';

/**
 * Remembers which row first named each organization (or organization + field), so a later row naming it again is refused:
 * CSM runs tasks out of order, so two rows for one organization would leave it in an undefined state.
 */
export class DuplicateGuard {
  /** One map per scope: keys need no prefix, so a row costs no extra string. */
  private readonly firstRows: Record<ClaimScope, Map<string, number>> = {
    id: new Map(),
    name: new Map(),
    detail: new Map(),
  };

  constructor(
    private readonly log: ProblemLog,
    private readonly locator: Locator,
  ) {}

  /** Returns the earlier row that claimed `key`, or undefined (and claims it for `row`). */
  claim(scope: ClaimScope, key: string, row: number): number | undefined {
    const firstRows = this.firstRows[scope];
    const earlier = firstRows.get(key);
    if (earlier === undefined) firstRows.set(key, row);
    return earlier;
  }

  /** Reports that `what` (e.g. `the organization "Acme"`) was already claimed by row `earlier`. */
  reportDuplicate(row: number, column: string, what: string, earlier: number): void {
    const unit = this.locator.unit;
    const where = earlier === row ? `appears twice in this ${unit}` : `is already in ${unit} ${earlier}`;
    this.log.error(
      { row, column },
      'duplicate-organization',
      `${what} ${where}. Tasks run out of order, so the result would be undefined; merge the ${unit}s into one.`,
    );
  }
}
