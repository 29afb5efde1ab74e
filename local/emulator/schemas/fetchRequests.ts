import { z } from 'zod';

export const ORGANIZATIONS_PER_FETCH = 50;
export const PROFILES_PER_FETCH = 25;

export function fetchRequestSchema(max: number) {
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

export type FetchRequest = z.infer<ReturnType<typeof fetchRequestSchema>>;
