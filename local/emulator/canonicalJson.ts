import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so two bodies that differ only in key order compare equal. For a parsed
 * JSON body (every bulk request goes through here): JSON.stringify itself, given a copy with sorted keys of each object
 * whose keys are out of order, about twice as fast as writing the text piece by piece.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortedKeys) ?? 'null';
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] < keys[i]) continue;
    // No prototype, so that a key "__proto__" is a key like any other.
    const sorted: Record<string, unknown> = Object.create(null);
    for (const key of keys.sort()) sorted[key] = (value as Record<string, unknown>)[key];
    return sorted;
  }
  return value;
}

export function requestHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
