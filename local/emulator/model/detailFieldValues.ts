import type { DetailFieldDefinition } from '../types';

const MAX_TEXT_LENGTH = 255;

/** Why `values` cannot be stored in `field`, or undefined when they can. */
export function invalidValuesReason(field: DetailFieldDefinition, values: string[]): string | undefined {
  if (field.type !== 'MULTISELECT' && values.length > 1) {
    return `${field.type} field '${field.name}' takes at most one value, got ${values.length}`;
  }
  for (const value of values) {
    const reason = invalidValueReason(field, value);
    if (reason) return reason;
  }
  return undefined;
}

function invalidValueReason(field: DetailFieldDefinition, value: string): string | undefined {
  const bad = (expected: string) =>
    `'${value}' is not a valid value for ${field.type} field '${field.name}': ${expected}`;
  switch (field.type) {
    case 'TEXT':
      return value.length > MAX_TEXT_LENGTH
        ? bad(`at most ${MAX_TEXT_LENGTH} characters, got ${value.length}`)
        : undefined;
    case 'SELECT':
    case 'MULTISELECT':
      return field.options?.includes(value) ? undefined : bad(`use one of ${(field.options ?? []).join(', ')}`);
    case 'DATE':
      return isRealDate(value) ? undefined : bad('use a real date written YYYY-MM-DD');
    case 'EMAIL':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? undefined : bad('use an email address like name@example.com');
    case 'URL':
      return isHttpUrl(value) ? undefined : bad('use an http:// or https:// address');
    case 'NUMBER':
      return /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(value.trim())
        ? undefined
        : bad('use a number like 42 or 3.5');
    case 'PHONE':
      return /^[\d +\-()]+$/.test(value) && /\d/.test(value) ? undefined : bad('use digits, spaces and + - ( ) only');
    case 'BOOLEAN':
      // [G] no value format is documented for BOOLEAN: the stricter, exactly true or false.
      return value === 'true' || value === 'false' ? undefined : bad('use true or false');
  }
}

function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}
