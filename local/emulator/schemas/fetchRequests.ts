import { z } from 'zod';

export const ORGANIZATIONS_PER_FETCH = 50;
export const PROFILES_PER_FETCH = 25;

/**
 * One schema per limit, built once: a zod schema is costly to build (and compiles its fast path on first use), and
 * every organization or profile fetch is checked against one.
 */
const schemas = new Map<number, ReturnType<typeof buildFetchRequestSchema>>();

export function fetchRequestSchema(max: number) {
  let schema = schemas.get(max);
  if (!schema) schemas.set(max, (schema = buildFetchRequestSchema(max)));
  return schema;
}

function buildFetchRequestSchema(max: number) {
  return z
    .strictObject({
      organizationIds: z.array(z.string().min(1)).optional(),
      organizationNames: z.array(z.string().min(1)).optional(),
    })
    .superRefine((body, ctx) => {
      const count = (body.organizationIds?.length ?? 0) + (body.organizationNames?.length ?? 0);
      if (count > max) {
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: `organizationIds and organizationNames together allow at most ${max} entries, got ${count}: fetch in smaller batches`,
        });
      }
    });
}

export type FetchRequest = z.infer<ReturnType<typeof buildFetchRequestSchema>>;
