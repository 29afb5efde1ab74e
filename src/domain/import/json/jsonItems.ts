import type { BulkKind } from '../../operations';
import type { ProblemLog } from '../problems';

/** The key under which each endpoint's request body carries its items. */
export const BODY_KEYS: Record<BulkKind, string> = {
  profiles: 'organizationProfiles',
  organizations: 'organizations',
  details: 'organizations',
};

/** The items of a JSON file: an array of request-body items, or a whole request body. */
export function jsonItems(value: unknown, kind: BulkKind, maxRows: number, log: ProblemLog): unknown[] | undefined {
  const bodyKey = BODY_KEYS[kind];
  let items: unknown;
  if (Array.isArray(value)) {
    items = value;
  } else if (isObject(value) && bodyKey in value) {
    items = value[bodyKey];
  } else {
    const hint =
      isObject(value) && 'organizationProfiles' in value
        ? ' This looks like a profiles file: choose the kind "profiles".'
        : '';
    log.fileError(
      'not-a-list',
      `The JSON file must be a list of ${kind} items ([ … ]) or a request body ({ "${bodyKey}": [ … ] }) as in CSM's API.${hint}`,
    );
    return undefined;
  }
  if (!Array.isArray(items)) {
    log.fileError('not-a-list', `"${bodyKey}" must be a list ([ … ]) of ${kind} items.`);
    return undefined;
  }
  if (items.length === 0) {
    log.fileError(
      'no-rows',
      `The JSON file has no items. Add one item per ${kind === 'details' ? 'organization' : 'organization profile'}.`,
    );
    return undefined;
  }
  if (items.length > maxRows) {
    log.fileError(
      'too-many-rows',
      `The file has ${items.length.toLocaleString('en-US')} items; at most ${maxRows.toLocaleString('en-US')} fit in one job. Split it into smaller files.`,
    );
    return undefined;
  }
  if (kind !== 'details' && isObject(items[0]) && 'operations' in items[0]) {
    log.fileError(
      'wrong-kind',
      'These items carry "operations", which is the shape of detail-field changes: choose the kind "details".',
    );
    return undefined;
  }
  return items;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The organization an item names, read before its shape is checked, so even an item refused for its shape keeps its
 * organization in the preview: its name, else "Organization 17", else nothing.
 */
export function itemLabel(raw: unknown): string {
  if (!isObject(raw)) return '';
  const payload = isObject(raw.payload) ? raw.payload : {};
  const name = typeof payload.name === 'string' ? payload.name.trim() : '';
  if (name !== '') return name;
  const id = payload.id ?? raw.id;
  return typeof id === 'string' || typeof id === 'number' ? `Organization ${String(id).trim()}` : '';
}
