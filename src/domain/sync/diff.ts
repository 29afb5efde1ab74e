import { idKey, nameKey, type ProfileRowOperation, type RowOperation } from '../operations';
import { fnv1a64Hex } from '../plan/hash';
import type { Snapshot } from './snapshot';
import type { SyncMatch } from './types';

/** One source row the run will send, with what the snapshot records once it succeeds. */
export interface SyncChange {
  operation: RowOperation;
  key: string;
  fingerprint: string;
}

export interface SyncDiff {
  compared: number;
  changes: SyncChange[];
  /** Snapshot keys no source row has, by id or by name: organizations removed from the source since a run applied them. */
  removed: string[];
  /**
   * Snapshot keys no source row has as its key (the removed ones, and those of rows now matched the other way): the
   * snapshot forgets them, so that a row keyed so again is compared, not hidden by what an earlier run applied.
   */
  dropped: string[];
}

export function syncKey(operation: ProfileRowOperation, matchBy: SyncMatch): string {
  const { id, name } = operation.item.payload;
  if (matchBy === 'id' && id !== undefined) return idKey(id);
  return name !== undefined ? nameKey(name) : idKey(id ?? '');
}

/** Key order and detail order do not change what a row asks for; value order within a field is kept. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(
      entries.map(([k, v]) => [k, k === 'details' && Array.isArray(v) ? sortedDetails(v) : canonical(v)]),
    );
  }
  return value;
}

function sortedDetails(details: unknown[]): unknown[] {
  return (details.map(canonical) as { name: string }[]).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}

export function rowFingerprint(operation: ProfileRowOperation): string {
  return fnv1a64Hex(JSON.stringify(canonical(operation.item)));
}

/**
 * Source rows against what the last runs applied: only rows that are new or differ are sent.
 * `resend` holds keys found drifted by a verify run: they are sent even when unchanged.
 */
export function diffAgainstSnapshot(
  operations: RowOperation[],
  snapshot: Snapshot,
  matchBy: SyncMatch,
  resend: ReadonlySet<string> = new Set(),
): SyncDiff {
  const changes: SyncChange[] = [];
  const keys = new Set<string>();
  const named = new Set<string>();
  for (const operation of operations) {
    if (operation.kind !== 'profiles') continue;
    const key = syncKey(operation, matchBy);
    keys.add(key);
    const { id, name } = operation.item.payload;
    if (id !== undefined) named.add(idKey(id));
    if (name !== undefined) named.add(nameKey(name));
    const fingerprint = rowFingerprint(operation);
    if (snapshot.get(key) !== fingerprint || resend.has(key)) changes.push({ operation, key, fingerprint });
  }
  const dropped = [...snapshot.keys()].filter((key) => !keys.has(key));
  return { compared: operations.length, changes, removed: dropped.filter((key) => !named.has(key)), dropped };
}
