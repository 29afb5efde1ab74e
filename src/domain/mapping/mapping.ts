import { z } from 'zod';
import type { ImportKind } from '../operations';
import type { DetailFieldDefinition } from '../schemas';
import { closestName } from '../suggest';
import { KNOWN_COLUMNS as DELETIONS_COLUMNS } from '../import/deletionsCsv';
import { KNOWN_COLUMNS as DETAILS_COLUMNS } from '../import/detailsCsv';
import { listForMessage } from '../import/fieldCatalog';
import { KNOWN_COLUMNS as MEMBERSHIPS_COLUMNS } from '../import/membershipsCsv';
import { KNOWN_COLUMNS as MERGES_COLUMNS } from '../import/mergesCsv';
import { KNOWN_COLUMNS as ORGANIZATIONS_COLUMNS } from '../import/organizationsCsv';
import { KNOWN_COLUMNS as PROFILES_COLUMNS } from '../import/profilesCsv';
import { KNOWN_COLUMNS as SERVICE_PROJECTS_COLUMNS } from '../import/serviceProjectsCsv';
import { fieldType } from '../import/values';

/** Bounds of a mapping: data an admin writes or saves, read on every preview, start and sync run. */
export const MAPPING_LIMITS = {
  columns: 200,
  valuesPerTarget: 1_000,
  nameLength: 100,
  textLength: 255,
  /** The mapping as JSON: well under a resolver's payload and one storage value (240 KiB). */
  bytes: 64 * 1024,
  /** Saved mappings a site keeps. */
  saved: 50,
} as const;

const Text = z.string().max(MAPPING_LIMITS.textLength);

/**
 * A mapping: which target each file column goes to (`null`: left out), and per target which site value each file value
 * stands for. Data only, never code: no expressions, no patterns. Columns the mapping does not name are read by their
 * own names, so a file already in the import format (a failed-rows file) goes through the same mapping.
 * `key`: a detail field whose value identifies an organization across renames (an external id, e.g. "CRM Id").
 */
export const MappingSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(MAPPING_LIMITS.nameLength).optional(),
    columns: z.record(Text, Text.nullable()),
    values: z.record(Text, z.record(Text, Text)).optional(),
    key: Text.optional(),
  })
  .check((context) => {
    const { columns, values } = context.value;
    if (Object.keys(columns).length > MAPPING_LIMITS.columns)
      context.issues.push({
        code: 'custom',
        input: columns,
        message: `a mapping names at most ${MAPPING_LIMITS.columns} columns`,
      });
    for (const [target, table] of Object.entries(values ?? {})) {
      if (Object.keys(table).length > MAPPING_LIMITS.valuesPerTarget)
        context.issues.push({
          code: 'custom',
          input: table,
          message: `a mapping translates at most ${MAPPING_LIMITS.valuesPerTarget} values of "${target}"`,
        });
    }
    if (JSON.stringify(context.value).length > MAPPING_LIMITS.bytes)
      context.issues.push({ code: 'custom', input: columns, message: 'a mapping is at most 64 KB as JSON' });
  });
export type Mapping = z.infer<typeof MappingSchema>;

/** Reads a mapping document (a CLI file, a saved mapping): the mapping, or why it is not one, in words. */
export function parseMapping(value: unknown): { ok: true; mapping: Mapping } | { ok: false; problems: string[] } {
  const parsed = MappingSchema.safeParse(value);
  if (parsed.success) return { ok: true, mapping: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const where = issue.path.length === 0 ? 'the mapping' : `"${issue.path.join('.')}"`;
      return `${where}: ${issue.message}. A mapping is {"columns": {"File header": "Target" or null}, "values": {"Target": {"file value": "site value"}}, "key": "Field"}.`;
    }),
  };
}

/** A function, not a table made at load: the readers import what imports this module. */
const columnsOf = (): Record<ImportKind, readonly string[]> => ({
  profiles: PROFILES_COLUMNS,
  organizations: ORGANIZATIONS_COLUMNS,
  details: DETAILS_COLUMNS,
  memberships: MEMBERSHIPS_COLUMNS,
  deletions: DELETIONS_COLUMNS,
  'service-projects': SERVICE_PROJECTS_COLUMNS,
  merges: MERGES_COLUMNS,
});

/** What a column of a file of this kind can go to: the kind's own columns, and for profiles the site's detail fields. */
export function mappingTargets(kind: ImportKind, fields: readonly DetailFieldDefinition[]): string[] {
  const own = [...columnsOf()[kind]];
  return kind === 'profiles' ? [...own, ...fields.map((field) => field.name)] : own;
}

const lower = (text: string) => text.trim().toLowerCase();

/** The target a file header goes to: its entry in the mapping (letter case ignored), else the header itself. */
export function targetOf(mapping: Mapping, header: string): string | null {
  if (Object.hasOwn(mapping.columns, header)) return mapping.columns[header];
  const wanted = lower(header);
  for (const [name, target] of Object.entries(mapping.columns)) if (lower(name) === wanted) return target;
  return header;
}

/**
 * Checks a mapping against the file's kind, the site's fields and (when given) the file's headers, before any row is
 * read: unknown targets, two columns sent to one target, a column colliding with a target, translations into options a
 * select field does not have, a key that is no field. Each problem says what to change.
 */
export function checkMapping(
  mapping: Mapping,
  kind: ImportKind,
  fields: readonly DetailFieldDefinition[],
  headers?: readonly string[],
): string[] {
  const problems: string[] = [];
  const targets = mappingTargets(kind, fields);
  const targetByLower = new Map(targets.map((target) => [lower(target), target]));
  const sources = new Map<string, string>();
  const used = headers ?? Object.keys(mapping.columns);
  for (const header of used) {
    const target = targetOf(mapping, header);
    if (target === null) continue;
    const mapped = header !== target || Object.hasOwn(mapping.columns, header);
    if (mapped && !targetByLower.has(lower(target))) {
      const close = closestName(target, targets);
      problems.push(
        `The mapping sends the column "${header}" to "${target}", which ${kindWords(kind)} file does not have` +
          (close === undefined
            ? `. Use one of: ${listForMessage(targets)}, or null to leave the column out.`
            : `. Did you mean "${close}"?`),
      );
      continue;
    }
    const earlier = sources.get(lower(target));
    if (earlier !== undefined) {
      problems.push(
        `The columns "${earlier}" and "${header}" both go to "${target}". Send one of them elsewhere, or leave one out (null).`,
      );
    } else sources.set(lower(target), header);
  }
  for (const [target, table] of Object.entries(mapping.values ?? {})) {
    problems.push(...checkValues(target, table, fields, targetByLower));
  }
  if (mapping.key !== undefined) problems.push(...checkKey(mapping.key, kind, fields));
  return problems;
}

function checkValues(
  target: string,
  table: Record<string, string>,
  fields: readonly DetailFieldDefinition[],
  targets: Map<string, string>,
): string[] {
  if (!targets.has(lower(target)))
    return [
      `The mapping translates values of "${target}", which is no column of this file's kind nor a field of this site.`,
    ];
  const field = fields.find((candidate) => lower(candidate.name) === lower(target));
  const type = field === undefined ? '' : fieldType(field);
  if (!field || (type !== 'SELECT' && type !== 'MULTISELECT') || !field.options?.length) return [];
  const options = new Set(field.options.map(lower));
  return Object.entries(table)
    .filter(([, option]) => !options.has(lower(option)))
    .map(
      ([value, option]) =>
        `The mapping turns "${value}" into "${option}", which is not an option of the field ${field.name}. Use one of: ${listForMessage(field.options ?? [])}.`,
    );
}

function checkKey(key: string, kind: ImportKind, fields: readonly DetailFieldDefinition[]): string[] {
  if (kind !== 'profiles')
    return [`A key field ("${key}") matches organizations only in an organization profiles file.`];
  if (fields.some((field) => lower(field.name) === lower(key))) return [];
  const close = closestName(
    key,
    fields.map((field) => field.name),
  );
  return [
    `The key "${key}" is not a detail field of this site` +
      (close === undefined ? ': create the field first, or choose another key.' : `. Did you mean "${close}"?`),
  ];
}

function kindWords(kind: ImportKind): string {
  return kind === 'profiles' ? 'an organization profiles' : `a ${kind.replace('-', ' ')}`;
}
