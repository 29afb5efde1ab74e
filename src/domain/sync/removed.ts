import { fnv1a64Hex } from '../plan/hash';
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
  const done: Record<RemovedFromSource, string> = { leave: one ? 'left as it is in CSM' : 'left as they are in CSM' };
  const more = removed.count > removed.shown.length ? `, and ${removed.count - removed.shown.length} more` : '';
  return `${what}, ${done[removed.action]}: ${removed.shown.join(', ')}${more}.`;
}

/** A source as a run reads it: its text, and how its rows are matched (another matching is another source). */
export function sourceHash(text: string, plan: Pick<SyncPlan, 'kind' | 'matchBy'>): string {
  return fnv1a64Hex(`${plan.kind}\n${plan.matchBy}\n${text}`);
}

/**
 * Whether a run may answer "nothing changed" without reading CSM (not even its detail fields): the snapshot holds
 * every row of this same source as CSM held it, and no drifted row waits to be sent again. Drift in CSM since is
 * what Verify finds; a run never read CSM to find it.
 */
export function alreadySettled(settled: SettledSource | undefined, hash: string, resend: number): boolean {
  return settled !== undefined && settled.hash === hash && resend === 0;
}
