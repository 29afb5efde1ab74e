import { z } from 'zod';

export const ORGANIZATION_PROFILES_PER_REQUEST = 100;
export const ORGANIZATIONS_PER_REQUEST = 50;
export const DETAIL_OPERATIONS_PER_REQUEST = 1000;

const nonBlank = z.string().refine((s) => s.trim().length > 0, { message: 'must not be blank' });
const identifier = z.string().min(1);
const detailValues = z.array(z.string());

export const organizationProfileOperationSchema = z
  .strictObject({
    operationType: z.enum(['CREATE', 'UPDATE', 'UPSERT']),
    payload: z.strictObject({
      id: identifier.optional(),
      name: nonBlank.optional(),
      details: z.array(z.strictObject({ name: nonBlank, values: detailValues })).optional(),
      associateCustomers: z.strictObject({ customerIds: z.array(identifier) }).optional(),
      associateProducts: z.strictObject({ productIds: z.array(identifier) }).optional(),
    }),
  })
  .superRefine((op, ctx) => {
    if (op.payload.id === undefined && op.payload.name === undefined) {
      ctx.addIssue({ code: 'custom', path: ['payload'], message: 'provide id or name' });
    } else if (op.operationType === 'CREATE' && op.payload.name === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['payload', 'name'],
        message: 'CREATE needs a name (a given id is ignored)',
      });
    }
  });

export const organizationOperationSchema = z
  .strictObject({
    operationType: z.enum(['CREATE', 'UPDATE']),
    payload: z.strictObject({ id: identifier.optional(), name: nonBlank }),
  })
  .superRefine((op, ctx) => {
    if (op.operationType === 'UPDATE' && op.payload.id === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['payload', 'id'],
        message: 'UPDATE renames the organization with this id: provide it',
      });
    }
  });

export const detailOperationSchema = z
  .strictObject({
    operationType: z.enum(['UPDATE', 'PATCH', 'DELETE']),
    payload: z.strictObject({ name: nonBlank, values: detailValues.optional() }),
  })
  .superRefine((op, ctx) => {
    if (op.operationType !== 'DELETE' && op.payload.values === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['payload', 'values'],
        message: `${op.operationType} needs values (an array of strings)`,
      });
    }
  });

export const organizationDetailsSchema = z.strictObject({
  id: identifier,
  operations: z.array(detailOperationSchema).min(1),
});

export type OrganizationProfileOperation = z.infer<typeof organizationProfileOperationSchema>;
export type OrganizationOperation = z.infer<typeof organizationOperationSchema>;
export type DetailOperation = z.infer<typeof detailOperationSchema>;
export type OrganizationDetails = z.infer<typeof organizationDetailsSchema>;

export const organizationProfilesRequestSchema = z.strictObject({
  organizationProfiles: z.array(organizationProfileOperationSchema).min(1).max(ORGANIZATION_PROFILES_PER_REQUEST),
});

export const organizationsRequestSchema = z.strictObject({
  organizations: z.array(organizationOperationSchema).min(1).max(ORGANIZATIONS_PER_REQUEST),
});

export const organizationDetailsRequestSchema = z
  .strictObject({ organizations: z.array(organizationDetailsSchema).min(1) })
  .superRefine((body, ctx) => {
    const count = body.organizations.reduce((sum, org) => sum + org.operations.length, 0);
    if (count > DETAIL_OPERATIONS_PER_REQUEST) {
      ctx.addIssue({
        code: 'custom',
        path: ['organizations'],
        message: `allows at most ${DETAIL_OPERATIONS_PER_REQUEST} detail operations per request counted across all organizations, got ${count}: split it into several requests`,
      });
    }
  });
