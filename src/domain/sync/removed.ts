import { fnv1a64Hex } from '../plan/hash';
import type { SomeText } from '../text/pieces';
import type { Snapshot } from './snapshot';
import {
  MAX_REMOVED_SHOWN,
  type RemovedFromSource,
  type RemovedRows,
  type SettledSource,
  type SyncPlan,
} from './types';

/** A snapshot key as an admin reads it: names are matched in lower case, so that is how the snapshot knows them. */
function shownKey(key: string): string {
  if (key.startsWith('id:')) return `ID ${key.slice(3)}`;
  return key.startsWith('name:') ? key.slice(5) : key;
}

/** The organizations removed from the source, counted, the first MAX_REMOVED_SHOWN named. */
export function removedRows(keys: readonly string[]): RemovedRows {
  return { count: keys.length, shown: keys.slice(0, MAX_REMOVED_SHOWN).map(shownKey) };
}

/**
 * The snapshot without the keys no source row has (SyncDiff.dropped): a row that comes back is then compared (and
 * sent if CSM no longer holds it) instead of being hidden by what an earlier run applied.
 */
export function withoutDropped(snapshot: Snapshot, dropped: readonly string[]): Snapshot {
  const kept = new Map(snapshot);
  for (const key of dropped) kept.delete(key);
  return kept;
}

/** What a plan does with organizations removed from its source, in words (the plan's card, `bulk sync`). */
export function describeRemovedFromSource(action: RemovedFromSource): string {
  switch (action) {
    case 'leave':
      return 'Organizations removed from the source are left as they are in CSM';
    case 'delete':
      return 'Organizations removed from the source are offered for deletion after a run: you review them and confirm';
  }
}

/** What a run found removed from the source and did with them, in words; undefined when it found none. */
export function describeRemovedRun(
  removed: (RemovedRows & { action: RemovedFromSource }) | undefined,
): string | undefined {
  if (!removed || removed.count === 0) return undefined;
  const one = removed.count === 1;
  const what = one
    ? '1 organization is no longer in the source'
    : `${removed.count} organizations are no longer in the source`;
  const done: Record<RemovedFromSource, string> = {
    leave: one ? 'left as it is in CSM' : 'left as they are in CSM',
    delete: one ? 'kept in CSM until you review and delete it' : 'kept in CSM until you review and delete them',
  };
  const more = removed.count > removed.shown.length ? `, and ${removed.count - removed.shown.length} more` : '';
  return `${what}, ${done[removed.action]}: ${removed.shown.join(', ')}${more}.`;
}

/**
 * A source as a run reads it: its text, how its rows are matched, and the mapping read with it (another matching or
 * another mapping is another source). A plan without a mapping hashes as before mappings existed. A text in pieces
 * hashes as their join, without joining them (a whole string is joined to the prefix, as it always was).
 */
export function sourceHash(text: SomeText, plan: Pick<SyncPlan, 'kind' | 'matchBy'>, mapping?: object): string {
  const mapped = mapping === undefined ? '' : `${JSON.stringify(mapping)}\n`;
  const prefix = `${plan.kind}\n${plan.matchBy}\n${mapped}`;
  return typeof text === 'string' ? fnv1a64Hex(`${prefix}${text}`) : fnv1a64Hex([prefix, ...text]);
}

/**
 * Whether a run may answer "nothing changed" without reading CSM (not even its detail fields): the snapshot holds
 * every row of this same source as CSM held it, and no drifted row waits to be sent again. Drift in CSM since is
 * what Verify finds; a run never read CSM to find it.
 */
export function alreadySettled(settled: SettledSource | undefined, hash: string, resend: number): boolean {
  return settled !== undefined && settled.hash === hash && resend === 0;
}

/**
 * The organizations a delete job of those removed from the source deletes: each key found on the site, by id
 * (`id:17`) or by its name (`name:acme`, names compared ignoring case, as the snapshot keeps them), once each.
 * Keys found nowhere are already gone: nothing to delete.
 */
export function removedOnSite(
  keys: readonly string[],
  found: readonly { id: string; name: string }[],
): { organizations: { id: string; name: string }[]; gone: number } {
  const byId = new Map(found.map((org) => [org.id, org]));
  const byName = new Map(found.map((org) => [org.name.toLowerCase(), org]));
  const organizations = new Map<string, { id: string; name: string }>();
  let gone = 0;
  for (const key of keys) {
    const org = key.startsWith('id:') ? byId.get(key.slice(3)) : byName.get(key.slice(5));
    if (org) organizations.set(org.id, org);
    else gone += 1;
  }
  return { organizations: [...organizations.values()], gone };
}

/** The ids and the names a site lookup of removed keys asks for. */
export function removedLookup(keys: readonly string[]): { ids: string[]; names: string[] } {
  const ids: string[] = [];
  const names: string[] = [];
  for (const key of keys) {
    if (key.startsWith('id:')) ids.push(key.slice(3));
    else if (key.startsWith('name:')) names.push(key.slice(5));
  }
  return { ids, names };
}
