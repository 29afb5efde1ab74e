import type { ZodError } from 'zod';
import { closestName } from '../../suggest';
import type { ProblemLog } from '../problems';

type Issue = ZodError['issues'][number];

/** Every key the request bodies use, to suggest the one a misspelt key meant. */
const BODY_KEY_NAMES = [
  'operationType',
  'payload',
  'id',
  'name',
  'details',
  'values',
  'associateCustomers',
  'customerIds',
  'associateProducts',
  'productIds',
  'operations',
];

/** Reports the schema's complaints about one item in words an admin can act on, each at its JSON path. */
export function reportSchemaIssues(issues: readonly Issue[], item: unknown, row: number, log: ProblemLog): void {
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const suggestion = closestName(key, BODY_KEY_NAMES);
        // A key spelt right but in the wrong place: suggesting the name typed would say nothing.
        const fix =
          suggestion === key
            ? 'It is a key of the request body, but not at this place: move it where the template has it, or remove it.'
            : suggestion === undefined
              ? 'Remove it.'
              : `Did you mean "${suggestion}"? Rename it.`;
        log.error(
          { row, column: jsonPath([...issue.path, key]) },
          'unknown-key',
          suggestion === key
            ? `"${key}" does not belong here. ${fix}`
            : `"${key}" is not part of CSM's request body. ${fix}`,
        );
      }
      continue;
    }
    log.error(
      { row, column: jsonPath(issue.path) || '(item)' },
      `schema-${issue.code}`,
      describeIssue(issue, valueAt(item, issue.path)),
    );
  }
}

/** `['payload', 'details', 0, 'values']` → `payload.details[0].values`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

function describeIssue(issue: Issue, actual: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return actual === undefined
        ? `this is missing. Add ${withArticle(issue.expected)} here.`
        : `this must be ${withArticle(issue.expected)}, not ${describeValue(actual)}.`;
    case 'invalid_value': {
      const allowed = issue.values.map(String).join(', ');
      return actual === undefined
        ? `this is missing. Add one of: ${allowed}.`
        : `${describeValue(actual)} is not allowed here. Use one of: ${allowed}.`;
    }
    case 'too_small':
      if (issue.origin === 'array')
        return `the list is empty or too short; it needs at least ${String(issue.minimum)} entries.`;
      if (issue.origin === 'string') return 'this is empty. Fill it in.';
      return `${describeValue(actual)} is too small.`;
    case 'too_big':
      if (issue.origin === 'array')
        return `the list has too many entries; at most ${String(issue.maximum)} are allowed. Split it.`;
      return `${describeValue(actual)} is too big.`;
    default:
      return `${issue.message}.`;
  }
}

function withArticle(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text in double quotes';
    case 'array':
      return 'a list ([ … ])';
    case 'object':
      return 'an object ({ … })';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return expected;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function valueAt(item: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = item;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
