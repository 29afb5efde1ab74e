import { jsonStringBytes, TEXT_PART_MAX_BYTES } from '../text/parts';

/**
 * What the last successful runs applied: organization key → fingerprint of the row sent.
 * Stored as text, one `fingerprint JSON-key` line per organization, split into parts of at most
 * TEXT_PART_MAX_BYTES bytes of JSON each, because a storage value holds at most 240 KiB.
 */
export type Snapshot = Map<string, string>;

const FINGERPRINT_CHARS = 16;

export function encodeSnapshot(snapshot: Snapshot): string[] {
  return encodeEntries(snapshot);
}

/** Entries in order (a running job's rows, by operation index). */
export function encodeEntries(entries: Iterable<[string, string]>): string[] {
  const lines = [...entries].map(([key, fingerprint]) => `${fingerprint}${JSON.stringify(key)}`);
  const parts: string[] = [];
  let part: string[] = [];
  let bytes = 2;
  for (const line of lines) {
    // The line, and the line break before it (\n: two bytes once in JSON).
    const size = jsonStringBytes(line) - 2 + 2;
    if (part.length > 0 && bytes + size > TEXT_PART_MAX_BYTES) {
      parts.push(part.join('\n'));
      part = [];
      bytes = 2;
    }
    part.push(line);
    bytes += size;
  }
  if (part.length > 0) parts.push(part.join('\n'));
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
