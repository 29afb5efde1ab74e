import { KvsError } from './limits';

/** The `{ property, condition, values }` clauses @forge/kvs sends for entity filters, ranges and transaction conditions. */
export interface Clause {
  property?: string;
  condition: string;
  values: unknown[];
}

export type ClauseGroup = { and?: Clause[]; or?: Clause[] };

type Scalar = string | number | boolean;

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether `actual` (a property's value; undefined when absent) meets one clause. */
export function meets(actual: unknown, clause: Clause): boolean {
  const [first, second] = clause.values as Scalar[];
  const present = actual !== undefined && actual !== null;
  switch (clause.condition) {
    case 'EXISTS':
      return present;
    case 'NOT_EXISTS':
      return !present;
    case 'EQUAL_TO':
      return present && actual === first;
    case 'NOT_EQUAL_TO':
      return actual !== first;
    case 'BEGINS_WITH':
      return present && String(actual).startsWith(String(first));
    case 'CONTAINS':
      return present && (Array.isArray(actual) ? actual.includes(first) : String(actual).includes(String(first)));
    case 'NOT_CONTAINS':
      return !present || (Array.isArray(actual) ? !actual.includes(first) : !String(actual).includes(String(first)));
    case 'GREATER_THAN':
      return present && compare(actual, first) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return present && compare(actual, first) >= 0;
    case 'LESS_THAN':
      return present && compare(actual, first) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return present && compare(actual, first) <= 0;
    case 'BETWEEN':
      return present && compare(actual, first) >= 0 && compare(actual, second) <= 0;
    default:
      throw new KvsError(
        400,
        'INVALID_FILTER_CONDITION',
        `The condition '${clause.condition}' is not supported for filters.`,
      );
  }
}

export function meetsGroup(record: Record<string, unknown> | undefined, group: ClauseGroup | undefined): boolean {
  if (!group) return true;
  const valueOf = (clause: Clause) => (clause.property === undefined ? undefined : record?.[clause.property]);
  if (group.and) return group.and.every((clause) => meets(valueOf(clause), clause));
  if (group.or) return group.or.some((clause) => meets(valueOf(clause), clause));
  return true;
}
