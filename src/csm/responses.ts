import { z } from 'zod';

/**
 * The read answers the client relies on, parsed rather than cast: an answer of another shape is an `unexpected`
 * error naming the endpoint, not a crash later. Unknown fields are kept out of the way (looseObject).
 */
const Id = z.union([z.string(), z.number()]).transform(String);

export const OrganizationRefSchema = z.looseObject({ id: Id, name: z.string() });

export const ProfileSchema = z.looseObject({
  id: Id,
  name: z.string(),
  details: z
    .array(
      z.looseObject({
        name: z.string(),
        values: z.array(z.union([z.string(), z.number(), z.boolean()]).transform(String)).nullish(),
      }),
    )
    .nullish(),
  customerIds: z.array(Id).nullish(),
  productIds: z.array(Id).nullish(),
});

export const ProfileFetchResponseSchema = z.looseObject({ results: z.array(ProfileSchema).nullish() });
export const OrganizationFetchResponseSchema = z.looseObject({ results: z.array(OrganizationRefSchema).nullish() });

/** GET /rest/servicedeskapi/organization: `{ start, limit, size, isLastPage, values: [{ id, name }] }`. */
export const OrganizationPageSchema = z.looseObject({
  values: z.array(OrganizationRefSchema).nullish(),
  isLastPage: z.boolean().nullish(),
});

/** GET /rest/api/3/mypermissions?permissions=ADMINISTER */
export const MyPermissionsSchema = z.looseObject({
  permissions: z.looseObject({ ADMINISTER: z.looseObject({ havePermission: z.boolean() }).optional() }),
});

export type RawProfile = z.infer<typeof ProfileSchema>;
