import { nameKey } from '../import/organizationIdentity';

/**
 * The organizations whose name is none of the source's names, compared as an import compares names (Unicode NFC,
 * letter case ignored: `nameKey`), in the order given. An organization the source names by id is not absent either.
 */
export function absentFromSource<T extends { id: string; name: string }>(
  orgs: readonly T[],
  sourceNames: readonly string[],
  sourceIds: readonly string[] = [],
): T[] {
  const named = new Set(sourceNames.map(nameKey));
  const ids = new Set(sourceIds);
  return orgs.filter((org) => !named.has(nameKey(org.name)) && !ids.has(org.id));
}
