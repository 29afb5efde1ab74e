import type { ImportKind } from '../operations';
import { FAILURE_REASON_COLUMN } from '../export/failedRows';
import { readCsvHeaders } from './csvTable';
import { detectFormat, stripByteOrderMark } from './detectFormat';
import { KNOWN_COLUMNS as DETAILS_COLUMNS } from './detailsCsv';
import { KNOWN_COLUMNS as ORGANIZATIONS_COLUMNS } from './organizationsCsv';
import { KNOWN_COLUMNS as PROFILES_COLUMNS } from './profilesCsv';
import { KNOWN_COLUMNS as MEMBERSHIPS_COLUMNS } from './membershipsCsv';
import { KNOWN_COLUMNS as DELETIONS_COLUMNS } from './deletionsCsv';
import { KNOWN_COLUMNS as SERVICE_PROJECTS_COLUMNS } from './serviceProjectsCsv';
import type { ImportFormat } from './types';

/**
 * Which kinds of file a header row or a JSON file can be, in the order they are proposed: detail values, then profiles,
 * then organizations. A file of only organization names fits profiles and organizations alike and is read as profiles,
 * CSM's own import format, whose default UPSERT leaves existing organizations in place where the organizations kind
 * would try to create them again. A file that fits none (no column naming the organizations, or columns of two kinds
 * mixed) gives none, and the admin has to say which kind it is.
 */
// Deletions last: a file is never taken for deletions unless the admin says so (a file of names fits it too).
const PREFERENCE: readonly ImportKind[] = [
  'memberships',
  'service-projects',
  'details',
  'profiles',
  'organizations',
  'deletions',
];

const lower = (names: readonly string[]) => new Set(names.map((name) => name.toLowerCase()));
const DETAILS = lower(DETAILS_COLUMNS);
const MEMBERSHIPS = lower(MEMBERSHIPS_COLUMNS);
const DELETIONS = lower(DELETIONS_COLUMNS);
const SERVICE_PROJECTS = lower(SERVICE_PROJECTS_COLUMNS);
const SERVICE_PROJECT = 'service project';
const ORGANIZATIONS = lower(ORGANIZATIONS_COLUMNS);
const PROFILE_COLUMNS = lower(PROFILES_COLUMNS);
/** Columns only a detail-values file has: a profiles file would read them as detail fields, which is never meant. */
const DETAILS_ONLY = new Set([...DETAILS].filter((name) => !PROFILE_COLUMNS.has(name)));
const NAME = 'organization name';
const ID = 'organization id';
const FIELD = 'field';
const CUSTOMER_EMAIL = 'customer email';
const CUSTOMER_ID = 'customer account id';
const VALUES = 'values';
const SKIPPED = FAILURE_REASON_COLUMN.toLowerCase();

/** The kinds a CSV header row fits (letter case ignored; blank and "Failure Reason" columns left out). */
export function kindsOfHeaders(headers: readonly string[]): ImportKind[] {
  const names = new Set(headers.map((header) => header.trim().toLowerCase()).filter((name) => name !== ''));
  names.delete(SKIPPED);
  const all = [...names];
  const fits: Record<ImportKind, boolean> = {
    // Its own columns tell a detail-values file, even with a column added (a note beside a failed row): the importer
    // then names that column, and it can be ignored.
    details: names.has(FIELD) && names.has(ID) && (names.has(VALUES) || all.every((name) => DETAILS.has(name))),
    organizations: names.has(NAME) && all.every((name) => ORGANIZATIONS.has(name)),
    profiles: (names.has(NAME) || names.has(ID)) && !all.some((name) => DETAILS_ONLY.has(name)),
    // A customer column tells a memberships file (a profiles file names customers in "Customers").
    memberships: (names.has(CUSTOMER_EMAIL) || names.has(CUSTOMER_ID)) && all.every((name) => MEMBERSHIPS.has(name)),
    deletions: (names.has(NAME) || names.has(ID)) && all.every((name) => DELETIONS.has(name)),
    'service-projects': names.has(SERVICE_PROJECT) && all.every((name) => SERVICE_PROJECTS.has(name)),
    // Never taken from the headers either: a merge deletes.
    merges: false,
  };
  return PREFERENCE.filter((kind) => fits[kind]);
}

const ORGANIZATION_PAYLOAD_KEYS = new Set(['id', 'name']);
const ORGANIZATION_OPERATIONS = new Set(['CREATE', 'UPDATE']);
/** Enough items to tell the kind; a 100,000-item file is not walked through for it. */
const ITEMS_LOOKED_AT = 1000;

/** The kinds a parsed JSON file fits: by its body key (`organizationProfiles`, `organizations`) and its items' shape. */
export function kindsOfJson(value: unknown): ImportKind[] {
  let items: unknown;
  let byKey: readonly ImportKind[] = PREFERENCE;
  if (Array.isArray(value)) items = value;
  else if (isObject(value) && 'organizationProfiles' in value) {
    items = value.organizationProfiles;
    byKey = ['profiles'];
  } else if (isObject(value) && 'organizations' in value) {
    items = value.organizations;
    byKey = ['details', 'organizations'];
  }
  if (!Array.isArray(items) || items.length === 0) return [];
  const fits = new Set(byKey);
  fits.delete('memberships');
  fits.delete('deletions');
  fits.delete('service-projects');
  for (const item of items.slice(0, ITEMS_LOOKED_AT)) {
    for (const kind of PREFERENCE) if (!itemFits(item, kind)) fits.delete(kind);
  }
  return PREFERENCE.filter((kind) => fits.has(kind));
}

function itemFits(item: unknown, kind: ImportKind): boolean {
  if (!isObject(item)) return false;
  if (kind === 'details') return 'operations' in item && !('payload' in item);
  const { payload, operationType } = item;
  if (!isObject(payload) || 'operations' in item) return false;
  if (kind === 'profiles') return true;
  return (
    Object.keys(payload).every((key) => ORGANIZATION_PAYLOAD_KEYS.has(key)) &&
    (operationType === undefined || ORGANIZATION_OPERATIONS.has(String(operationType)))
  );
}

/** The kinds a file fits, from its header row (CSV) or its shape (JSON); none when it cannot be read. */
export function kindsOfFile(text: string, format?: ImportFormat): ImportKind[] {
  const content = stripByteOrderMark(text);
  if ((format ?? detectFormat(content)) === 'csv') return kindsOfHeaders(readCsvHeaders(content) ?? []);
  try {
    return kindsOfJson(JSON.parse(content));
  } catch {
    return [];
  }
}

/** The kind the file most likely holds, or undefined when its headers (or shape) fit no kind. */
export function recognizeKind(kinds: readonly ImportKind[]): ImportKind | undefined {
  return kinds[0];
}

/**
 * The kind to propose instead of the one chosen: only when the file cannot be of the chosen kind and clearly is of
 * another. (A file of organization names chosen as profiles is fine as it is: nothing is proposed.)
 */
export function suggestKind(kinds: readonly ImportKind[], chosen: ImportKind): ImportKind | undefined {
  return kinds.includes(chosen) ? undefined : kinds[0];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
