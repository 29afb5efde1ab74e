import { z } from 'zod';

// Request bodies: exactly as CSM's "Organization bulk operations" document shapes them.
// Strict objects, so a typo in a key ("detail" for "details") is reported instead of silently dropped.

export const OrganizationDetailValueSchema = z.strictObject({
  name: z.string().min(1),
  values: z.array(z.string()),
});

export const ProfileOperationTypeSchema = z.enum(['CREATE', 'UPDATE', 'UPSERT']);

export const ProfilePayloadSchema = z.strictObject({
  id: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  details: z.array(OrganizationDetailValueSchema).optional(),
  associateCustomers: z.strictObject({ customerIds: z.array(z.string().min(1)) }).optional(),
  associateProducts: z.strictObject({ productIds: z.array(z.string().min(1)) }).optional(),
});

export const ProfileOperationSchema = z.strictObject({
  operationType: ProfileOperationTypeSchema,
  payload: ProfilePayloadSchema,
});

export const BulkProfilesRequestSchema = z.strictObject({
  organizationProfiles: z.array(ProfileOperationSchema).min(1).max(100),
});

export const OrganizationOperationTypeSchema = z.enum(['CREATE', 'UPDATE']);

export const OrganizationOperationSchema = z.strictObject({
  operationType: OrganizationOperationTypeSchema,
  payload: z.strictObject({
    id: z.string().min(1).optional(),
    name: z.string().min(1),
  }),
});

export const BulkOrganizationsRequestSchema = z.strictObject({
  organizations: z.array(OrganizationOperationSchema).min(1).max(50),
});

export const DetailOperationTypeSchema = z.enum(['UPDATE', 'PATCH', 'DELETE']);

export const DetailOperationSchema = z.strictObject({
  operationType: DetailOperationTypeSchema,
  payload: z.strictObject({
    name: z.string().min(1),
    values: z.array(z.string()).optional(),
  }),
});

export const OrganizationDetailOperationsSchema = z.strictObject({
  id: z.string().min(1),
  operations: z.array(DetailOperationSchema).min(1),
});

const MAX_DETAIL_OPERATIONS_PER_REQUEST = 1000;

export const BulkDetailsRequestSchema = z
  .strictObject({
    organizations: z.array(OrganizationDetailOperationsSchema).min(1),
  })
  .refine(
    (body) =>
      body.organizations.reduce((count, organization) => count + organization.operations.length, 0) <=
      MAX_DETAIL_OPERATIONS_PER_REQUEST,
    {
      message: `At most ${MAX_DETAIL_OPERATIONS_PER_REQUEST} detail operations per request, counted across organizations`,
    },
  );

// Responses: lenient, since CSM may add fields.

export const TaskSubmitResponseSchema = z.looseObject({
  id: z.string().min(1).max(200),
  statusUrl: z.string().optional(),
});

export const TaskStatusValueSchema = z.enum(['NOT_STARTED', 'IN_PROGRESS', 'FINISHED', 'FAILED']);

export const TaskFailureSchema = z.looseObject({
  entity: z.string().nullish(),
  entityId: z.string().nullish(),
  operation: z.string().nullish(),
  operatedOn: z.string().nullish(),
  operatedOnIds: z.array(z.string()).nullish(),
  error: z.string().nullish(),
});

export const TaskStatusSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().nullish(),
  status: TaskStatusValueSchema,
  failures: z
    .array(TaskFailureSchema)
    .nullish()
    .transform((failures) => failures ?? []),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
});

// Detail field definitions. Unknown type strings are kept and validated like TEXT.

export const DetailFieldDefinitionSchema = z.object({
  name: z.string().min(1),
  type: z.string().min(1),
  options: z.array(z.string()).optional(),
});

const ApiFieldOptionSchema = z.union([
  z.string(),
  z.looseObject({ value: z.string() }).transform((option) => option.value),
  z.looseObject({ name: z.string() }).transform((option) => option.name),
]);

const ApiFieldTypeSchema = z.union([
  z.string().transform((name) => ({ name, options: undefined as string[] | undefined })),
  z.looseObject({
    name: z.string(),
    options: z
      .array(ApiFieldOptionSchema)
      .nullish()
      .transform((options) => options ?? undefined),
  }),
]);

export const DetailFieldsResponseSchema = z.looseObject({
  results: z.array(z.looseObject({ name: z.string().min(1), type: ApiFieldTypeSchema })),
});

/** Reads `GET /jsm/csm/api/v1/organization/details` (`{ results: [{ name, type: { name, options } }] }`). */
export function parseDetailFieldDefinitions(apiBody: unknown): DetailFieldDefinition[] {
  const parsed = DetailFieldsResponseSchema.parse(apiBody);
  return parsed.results.map((field) => {
    const definition: DetailFieldDefinition = { name: field.name, type: field.type.name.toUpperCase() };
    if (field.type.options) definition.options = field.type.options;
    return definition;
  });
}

export type OrganizationDetailValue = z.infer<typeof OrganizationDetailValueSchema>;
export type ProfileOperationType = z.infer<typeof ProfileOperationTypeSchema>;
export type ProfileOperation = z.infer<typeof ProfileOperationSchema>;
export type BulkProfilesRequest = z.infer<typeof BulkProfilesRequestSchema>;
export type OrganizationOperationType = z.infer<typeof OrganizationOperationTypeSchema>;
export type OrganizationOperation = z.infer<typeof OrganizationOperationSchema>;
export type BulkOrganizationsRequest = z.infer<typeof BulkOrganizationsRequestSchema>;
export type DetailOperationType = z.infer<typeof DetailOperationTypeSchema>;
export type DetailOperation = z.infer<typeof DetailOperationSchema>;
export type OrganizationDetailOperations = z.infer<typeof OrganizationDetailOperationsSchema>;
export type BulkDetailsRequest = z.infer<typeof BulkDetailsRequestSchema>;
export type TaskFailure = z.infer<typeof TaskFailureSchema>;
export type TaskStatus = z.infer<typeof TaskStatusSchema>;
export type DetailFieldDefinition = z.infer<typeof DetailFieldDefinitionSchema>;
