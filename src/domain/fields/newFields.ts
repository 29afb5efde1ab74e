import { z } from 'zod';
import type { DetailFieldDefinition } from '../schemas';
import { hiddenCharacter } from '../text/hidden';

/**
 * Detail fields the app may create through `POST /organization/details/definitions/bulk`, and CSM's rules for them.
 * Sources: [V] CSM REST reference, "Create organization detail field" (body `{ name, type: { name, options } }`, "You
 * can create up to 50 detail fields", Jira admin only); [T] csm-api.md "More CSM bulk endpoints" (≤ 50 definitions a
 * request, types, the whole request refused when a name exists) and a copy of the customer twin's description (names
 * unique "case-insensitive, trimmed", within the request and against existing fields); [G] the rest, marked.
 */
export const NEW_FIELD_TYPES = [
  'TEXT',
  'SELECT',
  'MULTISELECT',
  'NUMBER',
  'DATE',
  'EMAIL',
  'URL',
  'PHONE',
  'BOOLEAN',
] as const;
export const NewFieldTypeSchema = z.enum(NEW_FIELD_TYPES);
export type NewFieldType = z.infer<typeof NewFieldTypeSchema>;

/** [T] at most 50 definitions a request. */
export const FIELD_DEFINITIONS_PER_REQUEST = 50;
/** [V] "You can create up to 50 detail fields": a site holds at most 50. */
export const DETAIL_FIELDS_PER_SITE = 50;
/** [V] csm-api.md: select fields hold at most 50 options; [T] 2,000 for this endpoint. The stricter: 50. */
export const OPTIONS_PER_FIELD = 50;
/** [G] no length is documented for a field name or an option; 255, as for a text value. */
export const MAX_FIELD_NAME_LENGTH = 255;
export const MAX_OPTION_LENGTH = 255;

const CONTROL_CHARACTERS = /\p{Cc}/u;
/** What a spreadsheet runs as a formula (see csvWriter). */
const FORMULA_START = /^[=+\-@]/;

const Name = z
  .string()
  .trim()
  .min(1, 'is empty')
  .max(MAX_FIELD_NAME_LENGTH, `is longer than ${MAX_FIELD_NAME_LENGTH} characters`)
  .refine((name) => !CONTROL_CHARACTERS.test(name), 'holds a control character (a line break or a tab)')
  // A field is site-wide and permanent: its name is checked as an organization's is, and more (a header of exports).
  .superRefine((name, ctx) => {
    const hidden = hiddenCharacter(name);
    if (hidden && !CONTROL_CHARACTERS.test(name))
      ctx.addIssue({
        code: 'custom',
        message: `holds ${hidden.what} (${hidden.code}) at character ${hidden.position}, which would not show or would turn the text around wherever the field appears: remove it`,
      });
  })
  .refine(
    (name) => !FORMULA_START.test(name),
    'starts with = + - or @, so a spreadsheet would run it as a formula when it opens an export: rename it without that first character',
  );
const Option = z
  .string()
  .trim()
  .min(1, 'is empty')
  .max(MAX_OPTION_LENGTH, `is longer than ${MAX_OPTION_LENGTH} characters`);

export const NewFieldSchema = z
  .strictObject({
    name: Name,
    type: NewFieldTypeSchema,
    options: z.array(Option).max(OPTIONS_PER_FIELD, `has more than ${OPTIONS_PER_FIELD} options`).optional(),
  })
  .superRefine((field, ctx) => {
    const selectable = field.type === 'SELECT' || field.type === 'MULTISELECT';
    // [G] a select field without options could hold nothing; options on another type mean a mistake: both refused.
    if (selectable && !field.options?.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${field.type} field needs at least one option` });
    if (!selectable && field.options?.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${field.type} field takes no options` });
    const seen = new Set<string>();
    for (const option of field.options ?? []) {
      const key = fieldNameKey(option);
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['options'], message: `lists the option "${option}" twice` });
      seen.add(key);
    }
  });
export type NewField = z.infer<typeof NewFieldSchema>;

/** [T] names compare "case-insensitive, trimmed". */
export function fieldNameKey(name: string): string {
  return name.trim().toLowerCase();
}

export interface NewFieldsPlan {
  /** The fields to ask CSM for. */
  create: NewField[];
  /** Asked for, but the site already has a field of that name and type: nothing to do. */
  existing: string[];
  /** Why the fields cannot be created as asked: one sentence each; nothing is sent while there is one. */
  problems: string[];
}

/**
 * What creating `fields` on a site with `siteFields` takes. CSM refuses the whole request when one name exists
 * ([T]), so a name the site already has is never sent: with the same type it is counted as there, with another
 * type it is a problem.
 */
export function planNewFields(
  fields: readonly NewField[],
  siteFields: readonly DetailFieldDefinition[],
): NewFieldsPlan {
  const plan: NewFieldsPlan = { create: [], existing: [], problems: [] };
  const onSite = new Map(siteFields.map((field) => [fieldNameKey(field.name), field]));
  const asked = new Set<string>();
  for (const field of fields) {
    const key = fieldNameKey(field.name);
    if (asked.has(key)) {
      plan.problems.push(`The field "${field.name}" is asked for twice (names are compared ignoring case).`);
      continue;
    }
    asked.add(key);
    const there = onSite.get(key);
    if (there === undefined) plan.create.push(field);
    else if (there.type.toUpperCase() === field.type) plan.existing.push(there.name);
    else
      plan.problems.push(
        `The site already has a field "${there.name}" of type ${there.type.toUpperCase()}: use it (rename the column to "${there.name}"), or choose another name.`,
      );
  }
  const room = DETAIL_FIELDS_PER_SITE - siteFields.length;
  if (plan.create.length > room)
    plan.problems.push(
      `The site has ${siteFields.length} detail fields and CSM allows ${DETAIL_FIELDS_PER_SITE}: ${room <= 0 ? 'no more fields' : `only ${room} more`} can be created, not ${plan.create.length}. Ignore some columns, or delete fields the site no longer uses.`,
    );
  if (plan.create.length > FIELD_DEFINITIONS_PER_REQUEST)
    plan.problems.push(`At most ${FIELD_DEFINITIONS_PER_REQUEST} fields can be created at once.`);
  return plan;
}

/**
 * The body of `POST /jsm/csm/api/v1/organization/details/definitions/bulk`. [G] Its top-level key is not documented
 * where the team could read it: `detailFields`, each item shaped as the single create's body ([V]).
 */
export function fieldDefinitionsRequest(fields: readonly NewField[]) {
  return {
    detailFields: fields.map((field) => ({
      name: field.name,
      type: field.options?.length ? { name: field.type, options: [...field.options] } : { name: field.type },
    })),
  };
}

/** The field as the importer checks values against it, once created. */
export function asDefinition(field: NewField): DetailFieldDefinition {
  return field.options?.length
    ? { name: field.name, type: field.type, options: [...field.options] }
    : { name: field.name, type: field.type };
}
