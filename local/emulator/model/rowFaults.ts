import type { RowFault } from '../types';
import { nameKey } from './organizationDirectory';

export const DEFAULT_ROW_FAULT_ERROR = 'Timed out while updating the organization. Try again later.';

/** The rows told to fail for a passing reason (see RowFault): each strikes its number of times, then is gone. */
export class RowFaults {
  private readonly faults: Required<RowFault>[];

  constructor(faults: readonly RowFault[] = []) {
    this.faults = faults.map((fault) => ({
      organization: fault.organization,
      error: fault.error ?? DEFAULT_ROW_FAULT_ERROR,
      times: fault.times ?? 1,
    }));
  }

  /** The error for a row about an organization known by any of `names` (ids or names), if one is due; counts it. */
  take(names: readonly (string | undefined)[]): string | undefined {
    const keys = new Set(names.flatMap((name) => (name === undefined ? [] : [nameKey(name)])));
    const index = this.faults.findIndex((fault) => fault.times > 0 && keys.has(nameKey(fault.organization)));
    if (index === -1) return undefined;
    const fault = this.faults[index];
    fault.times -= 1;
    if (fault.times === 0) this.faults.splice(index, 1);
    return fault.error;
  }

  toState(): RowFault[] | undefined {
    return this.faults.length === 0 ? undefined : this.faults.map((fault) => ({ ...fault }));
  }
}
