import type { TaskFailure } from '../types';

/** What applying one task's items did: the failures it reports, and how many units of work there were and failed. */
export interface ApplyOutcome {
  failures: TaskFailure[];
  units: number;
  failedUnits: number;
}

export function failure(
  entityId: string | null,
  operation: string,
  operatedOn: string,
  operatedOnIds: string[],
  error: string,
): TaskFailure {
  return { entity: 'ORGANIZATION', entityId, operation, operatedOn, operatedOnIds, error };
}

export function distinct(values: string[]): string[] {
  return [...new Set(values)];
}
