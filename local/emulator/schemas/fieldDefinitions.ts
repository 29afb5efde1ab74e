import { z } from 'zod';

/**
 * `POST /jsm/csm/api/v1/organization/details/definitions/bulk`. Sources: [V] CSM REST reference, "Create organization
 * detail field" (`{ name, type: { name, options } }`; "You can create up to 50 detail fields"); [T] csm-api.md "More CSM
 * bulk endpoints" (≤ 50 definitions, the types, refused whole when a name exists) and a copy of the customer twin's
 * description (names unique "case-insensitive, trimmed" within the request and against existing fields, "a single
 * async task"). [G] The body's top-level key (`detailFields`) and the name and option lengths: no source says.
 */
export const FIELD_DEFINITIONS_PER_REQUEST = 50;
/** [V] "You can create up to 50 detail fields". */
export const DETAIL_FIELDS_PER_SITE = 50;
/** [V] csm-api.md: select fields have at most 50 options; [T] 2,000 for this endpoint. The stricter. */
export const OPTIONS_PER_SELECT_FIELD = 50;
/** [G] */
export const MAX_FIELD_NAME_LENGTH = 255;

export const FIELD_TYPES = [
  'TEXT',
  'SELECT',
  'MULTISELECT',
  'DATE',
  'EMAIL',
  'URL',
  'NUMBER',
  'PHONE',
  'BOOLEAN',
] as const;

/** [T] names compare ignoring case, trimmed. */
export function fieldKey(name: string): string {
  return name.trim().toLowerCase();
}

const name = z
  .string()
  .refine((s) => s.trim().length > 0, { message: 'must not be blank' })
  .refine((s) => s.trim().length <= MAX_FIELD_NAME_LENGTH, {
    message: `must be at most ${MAX_FIELD_NAME_LENGTH} characters`,
  });

export const fieldDefinitionSchema = z
  .strictObject({
    name,
    type: z.strictObject({
      // [G] type names as the reference writes them, upper case; another spelling is refused (the stricter).
      name: z.enum(FIELD_TYPES),
      options: z.array(name).max(OPTIONS_PER_SELECT_FIELD).optional(),
    }),
  })
  .superRefine((field, ctx) => {
    const { name: type, options } = field.type;
    const selectable = type === 'SELECT' || type === 'MULTISELECT';
    // [G] the stricter: a select field without options, or options on another type, are refused.
    if (selectable && !options?.length)
      ctx.addIssue({ code: 'custom', path: ['type', 'options'], message: `a ${type} field needs at least one option` });
    if (!selectable && options?.length)
      ctx.addIssue({ code: 'custom', path: ['type', 'options'], message: `a ${type} field takes no options` });
    const seen = new Set<string>();
    options?.forEach((option, i) => {
      if (seen.has(fieldKey(option)))
        ctx.addIssue({
          code: 'custom',
          path: ['type', 'options', i],
          message: `'${option}' is listed twice (options are unique, ignoring case)`,
        });
      seen.add(fieldKey(option));
    });
  });

export const fieldDefinitionsRequestSchema = z
  .strictObject({
    detailFields: z.array(fieldDefinitionSchema).min(1).max(FIELD_DEFINITIONS_PER_REQUEST),
  })
  .superRefine((body, ctx) => {
    const seen = new Map<string, number>();
    body.detailFields.forEach((field, i) => {
      const earlier = seen.get(fieldKey(field.name));
      if (earlier !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['detailFields', i, 'name'],
          message: `'${field.name}' is also detailFields[${earlier}]: names in a request must be unique (case-insensitive, trimmed)`,
        });
      else seen.set(fieldKey(field.name), i);
    });
  });

export type FieldDefinitionItem = z.infer<typeof fieldDefinitionSchema>;
export type FieldDefinitionsRequest = z.infer<typeof fieldDefinitionsRequestSchema>;
