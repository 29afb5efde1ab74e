/**
 * What the last successful runs applied: organization key → fingerprint of the row sent.
 * Stored as text, one `fingerprint JSON-key` line per organization, split into parts because a
 * storage value holds at most 240 KiB (parts of 60,000 characters stay under it even at 3 bytes a character).
 */
export type Snapshot = Map<string, string>;

export const SNAPSHOT_PART_CHARS = 60_000;
const FINGERPRINT_CHARS = 16;

export function encodeSnapshot(snapshot: Snapshot): string[] {
  return encodeEntries(snapshot);
}

/** Entries in order (a running job's rows, by operation index). */
export function encodeEntries(entries: Iterable<[string, string]>): string[] {
  const lines = [...entries].map(([key, fingerprint]) => `${fingerprint}${JSON.stringify(key)}`);
  const parts: string[] = [];
  let part = '';
  for (const line of lines) {
    if (part.length > 0 && part.length + line.length + 1 > SNAPSHOT_PART_CHARS) {
      parts.push(part);
      part = '';
    }
    part = part.length > 0 ? `${part}\n${line}` : line;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

export function decodeSnapshot(parts: string[]): Snapshot {
  return new Map(decodeEntries(parts));
}

export function decodeEntries(parts: string[]): [string, string][] {
  const entries: [string, string][] = [];
  for (const part of parts) {
    for (const line of part.split('\n')) {
      if (line.length <= FINGERPRINT_CHARS) continue;
      entries.push([JSON.parse(line.slice(FINGERPRINT_CHARS)) as string, line.slice(0, FINGERPRINT_CHARS)]);
    }
  }
  return entries;
}
