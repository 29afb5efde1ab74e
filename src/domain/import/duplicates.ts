import type { Locator, Place, ProblemLog } from './problems';

/**
 * Remembers which row first named each organization (or organization + field), so a later row naming it again is refused:
 * CSM runs tasks out of order, so two rows for one organization would leave it in an undefined state.
 */
export class DuplicateGuard {
  private readonly firstRowByKey = new Map<string, number>();

  constructor(
    private readonly log: ProblemLog,
    private readonly locator: Locator,
  ) {}

  /** Returns false (and reports it) when `key` was already claimed by an earlier row. */
  claim(key: string, place: Place, what: string): boolean {
    const earlier = this.firstRowByKey.get(key);
    if (earlier === undefined) {
      this.firstRowByKey.set(key, place.row);
      return true;
    }
    const unit = this.locator.unit;
    const where = earlier === place.row ? `appears twice in this ${unit}` : `is already in ${unit} ${earlier}`;
    this.log.error(
      place,
      'duplicate-organization',
      `${what} ${where}. Tasks run out of order, so the result would be undefined; merge the ${unit}s into one.`,
    );
    return false;
  }
}
