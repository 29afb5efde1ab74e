import { idKey, nameKey, type ProfileRowOperation } from '../operations';
import type { ObservedOrganization } from '../outcomes';

export interface DriftedRow {
  row: number;
  key: string;
  name?: string;
  id?: string;
  /** What differs, e.g. `Region: expected EMEA, found APAC` or `the organization does not exist`. */
  differences: string[];
}

/**
 * Rows an earlier run applied that the live organization no longer matches: its name (a row matched by id) and the
 * detail fields the row names; the source says nothing about the others.
 */
export function findDrift(
  applied: { operation: ProfileRowOperation; key: string }[],
  observed: ObservedOrganization[],
): DriftedRow[] {
  const byKey = new Map<string, ObservedOrganization>();
  for (const org of observed) {
    byKey.set(idKey(org.id), org);
    byKey.set(nameKey(org.name), org);
  }
  const drifted: DriftedRow[] = [];
  for (const { operation, key } of applied) {
    const { id, name, details = [] } = operation.item.payload;
    const live = byKey.get(key);
    const differences: string[] = [];
    if (!live) differences.push('the organization does not exist');
    else {
      // A row matched by its id names the organization: renamed in CSM is drift too (matched by name, it cannot be).
      if (id !== undefined && key === idKey(id) && name !== undefined && live.name !== name)
        differences.push(`Name: expected ${name}, found ${live.name}`);
      for (const detail of details) {
        const actual = live.details[detail.name] ?? [];
        if (!sameValues(detail.values, actual)) {
          differences.push(`${detail.name}: expected ${shown(detail.values)}, found ${shown(actual)}`);
        }
      }
    }
    if (differences.length > 0)
      drifted.push({ row: operation.row, key, ...(name ? { name } : {}), ...(id ? { id } : {}), differences });
  }
  return drifted;
}

function sameValues(expected: string[], actual: string[]): boolean {
  if (expected.length !== actual.length) return false;
  const sorted = [...actual].sort();
  return [...expected].sort().every((value, index) => value === sorted[index]);
}

const shown = (values: string[]) => (values.length === 0 ? '(empty)' : values.join(' | '));
