import type { Mapping } from './mapping';

/** The header of a failed-rows (or export) column in the file's own words: a target goes back to the column mapped to it. */
export function headerBack(mapping: Mapping | undefined): (target: string) => string {
  if (!mapping) return (target) => target;
  const back = new Map<string, string>();
  for (const [header, target] of Object.entries(mapping.columns)) {
    if (target !== null && !back.has(target.toLowerCase())) back.set(target.toLowerCase(), header);
  }
  return (target) => back.get(target.toLowerCase()) ?? target;
}
