import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so two bodies that differ only in key order compare equal. */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

/** Appends to one list rather than joining strings at every level: every bulk request goes through here. */
function write(value: unknown, parts: string[]): void {
  if (Array.isArray(value)) {
    parts.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push(',');
      write(value[i], parts);
    }
    parts.push(']');
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    parts.push('{');
    for (let i = 0; i < keys.length; i++) {
      parts.push(i > 0 ? ',' : '', JSON.stringify(keys[i]), ':');
      write(record[keys[i]], parts);
    }
    parts.push('}');
  } else {
    parts.push(JSON.stringify(value) ?? 'null');
  }
}

export function requestHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
