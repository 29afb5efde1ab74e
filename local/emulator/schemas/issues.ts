import type { z } from 'zod';
import type { FieldError } from '../http/reply';

/** `organizationProfiles[3].payload.name`: the same path a reader would write by hand. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string | undefined {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || undefined;
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap(toFieldErrors);
}

function toFieldErrors(issue: z.core.$ZodIssue): FieldError[] {
  const field = fieldPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type': {
      const message =
        input === undefined
          ? `is required (${article(issue.expected)})`
          : `must be ${article(issue.expected)}, got ${kindOf(input)}`;
      return [field ? { field, message } : { message: `the request body ${message}` }];
    }
    case 'too_small':
      if (issue.origin === 'array')
        return [{ field, message: `needs at least ${issue.minimum} item(s), got ${lengthOf(input)}` }];
      if (issue.origin === 'string') return [{ field, message: 'must not be empty' }];
      return [{ field, message: issue.message }];
    case 'too_big':
      if (issue.origin === 'array') {
        return [
          {
            field,
            message: `allows at most ${issue.maximum} items per request, got ${lengthOf(input)}: split it into several requests`,
          },
        ];
      }
      return [{ field, message: issue.message }];
    case 'invalid_value':
      return [{ field, message: `must be one of ${issue.values.join(', ')}, got ${JSON.stringify(input)}` }];
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        field: fieldPath([...issue.path, key]),
        message: 'is not a known field: remove it or check its spelling',
      }));
    default:
      return [{ field, message: issue.message }];
  }
}

function article(expected: string): string {
  if (expected === 'array') return 'an array';
  if (expected === 'object') return 'an object';
  return `a ${expected}`;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`.slice(0, 80);
}

function lengthOf(value: unknown): string {
  return Array.isArray(value) ? String(value.length) : 'none';
}
