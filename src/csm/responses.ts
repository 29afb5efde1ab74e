import { z } from 'zod';

/**
 * The read answers the client relies on, parsed rather than cast: an answer of another shape is an `unexpected`
 * error naming the endpoint, not a crash later. Unknown fields are kept out of the way (looseObject).
 */
const Id = z.union([z.string(), z.number()]).transform(String);

/** `scimManaged`: the organization is managed by an identity provider (csm-api.md: the classic object carries it). */
export const OrganizationRefSchema = z.looseObject({ id: Id, name: z.string(), scimManaged: z.boolean().nullish() });

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

/** A customer as the member list and the user search give it (an email only where the site shows it). */
export const UserSchema = z.looseObject({
  accountId: z.string(),
  emailAddress: z.string().nullish(),
  displayName: z.string().nullish(),
  accountType: z.string().nullish(),
});

/** GET /rest/servicedeskapi/organization/{id}/user: paged like the organization list. */
export const MemberPageSchema = z.looseObject({
  values: z.array(UserSchema).nullish(),
  isLastPage: z.boolean().nullish(),
});

/** GET /rest/api/3/user/search?query=: a plain array of users. */
export const UserSearchSchema = z.array(UserSchema);

/** GET /rest/api/3/mypermissions?permissions=ADMINISTER */
export const MyPermissionsSchema = z.looseObject({
  permissions: z.looseObject({ ADMINISTER: z.looseObject({ havePermission: z.boolean() }).optional() }),
});

export type RawProfile = z.infer<typeof ProfileSchema>;
export type RawUser = z.infer<typeof UserSchema>;
