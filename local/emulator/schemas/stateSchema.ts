import { z } from 'zod';
import type { BulkKind, CustomerState, DetailFieldDefinition, EmulatorState } from '../types';
import type { FieldError } from '../http/reply';
import { fieldErrors } from './issues';
import { invalidValuesReason } from '../model/detailFieldValues';
import { nameKey } from '../model/organizationDirectory';
import { customerFromState, emailKey, isMemberEligible, notEligibleMessage, type Customer } from '../model/customers';
import {
  organizationDetailsSchema,
  organizationOperationSchema,
  organizationProfileOperationSchema,
} from './bulkRequests';
import { serviceDeskErrors, serviceDeskStateSchema } from './serviceDesks';
import { DETAIL_FIELDS_PER_SITE, fieldDefinitionSchema, OPTIONS_PER_SELECT_FIELD } from './fieldDefinitions';

export { DETAIL_FIELDS_PER_SITE, OPTIONS_PER_SELECT_FIELD };

const nonBlank = z.string().refine((s) => s.trim().length > 0, { message: 'must not be blank' });
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO date-time' });

const detailFieldSchema = z
  .strictObject({
    name: nonBlank,
    type: z.enum(['TEXT', 'SELECT', 'MULTISELECT', 'DATE', 'EMAIL', 'URL', 'NUMBER', 'PHONE', 'BOOLEAN']),
    options: z.array(nonBlank).max(OPTIONS_PER_SELECT_FIELD).optional(),
  })
  .superRefine((field, ctx) => {
    const selectable = field.type === 'SELECT' || field.type === 'MULTISELECT';
    if (selectable && !field.options?.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${field.type} field needs at least one option` });
    if (!selectable && field.options?.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${field.type} field takes no options` });
  });

const detailFieldsSchema = z
  .array(detailFieldSchema)
  .max(DETAIL_FIELDS_PER_SITE)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((f, i) => {
      if (seen.has(f.name))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `detail field '${f.name}' is defined twice` });
      seen.add(f.name);
    });
  });

const organizationSchema = z.strictObject({
  id: z.string().regex(/^[1-9]\d{0,15}$/, { message: 'must be a numeric id like "1"' }),
  name: nonBlank,
  details: z.record(z.string(), z.array(z.string())).default({}),
  customerIds: z.array(z.string()).default([]),
  productIds: z.array(z.string()).default([]),
  scimManaged: z.boolean().optional(),
});

/** A plain string is a customer with that account id and no email. */
const customerSchema = z.union([
  z.string().min(1),
  z.strictObject({
    accountId: z.string().min(1),
    email: z
      .string()
      .regex(/^[^\s@]+@[^\s@]+$/, { message: 'must be an email address like name@example.com' })
      .optional(),
    displayName: z.string().optional(),
    accountType: z.enum(['customer', 'agent', 'admin']).optional(),
  }),
]);

const failureSchema = z.strictObject({
  entity: z.enum(['ORGANIZATION', 'DETAIL_FIELD']),
  entityId: z.string().nullable(),
  operation: z.string(),
  operatedOn: z.string(),
  operatedOnIds: z.array(z.string()),
  error: z.string(),
});

const itemSchemas: Record<BulkKind, z.ZodType> = {
  profiles: z.array(organizationProfileOperationSchema),
  organizations: z.array(organizationOperationSchema),
  details: z.array(organizationDetailsSchema),
  fields: z.array(fieldDefinitionSchema),
};

const taskSchema = z
  .strictObject({
    id: z.string().min(1),
    status: z.enum(['NOT_STARTED', 'IN_PROGRESS', 'FINISHED', 'FAILED']),
    kind: z.enum(['profiles', 'organizations', 'details', 'fields']),
    items: z.array(z.unknown()).default([]),
    failures: z.array(failureSchema).default([]),
    type: z.string().optional(),
    createdAt: isoTime.optional(),
    updatedAt: isoTime.optional(),
    dueAt: isoTime.optional(),
    seenEndedAt: isoTime.optional(),
    idempotencyKey: z.string().min(1).optional(),
    requestHash: z.string().optional(),
    failedEmpty: z.boolean().optional(),
  })
  .superRefine((task, ctx) => {
    const parsed = itemSchemas[task.kind].safeParse(task.items);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', path: ['items', ...issue.path], message: issue.message });
    }
  });

/** A state body may leave parts out: each missing part keeps its start-state value. */
const stateSchema = z.strictObject({
  organizations: z.array(organizationSchema).optional(),
  detailFields: detailFieldsSchema.optional(),
  customers: z.array(customerSchema).optional(),
  products: z.array(z.string().min(1)).optional(),
  nonAdminAccountIds: z.array(z.string().min(1)).optional(),
  tasks: z.array(taskSchema).optional(),
  rowFaults: z
    .array(
      z.strictObject({
        organization: nonBlank,
        error: nonBlank.optional(),
        times: z.number().int().min(1).optional(),
      }),
    )
    .optional(),
  silentlyDroppedMembers: z.array(z.string().min(1)).optional(),
  serviceDesks: z.array(serviceDeskStateSchema).optional(),
});

export type StateParse = { ok: true; state: EmulatorState } | { ok: false; errors: FieldError[] };

export function parseState(body: unknown, startState: EmulatorState): StateParse {
  const parsed = stateSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const state: EmulatorState = {
    organizations: parsed.data.organizations ?? startState.organizations,
    detailFields: parsed.data.detailFields ?? startState.detailFields,
    customers: parsed.data.customers ?? startState.customers,
    products: parsed.data.products ?? startState.products,
    nonAdminAccountIds: parsed.data.nonAdminAccountIds ?? startState.nonAdminAccountIds,
    tasks: (parsed.data.tasks ?? startState.tasks) as EmulatorState['tasks'],
    rowFaults: parsed.data.rowFaults ?? startState.rowFaults,
    silentlyDroppedMembers: parsed.data.silentlyDroppedMembers ?? startState.silentlyDroppedMembers,
    serviceDesks: parsed.data.serviceDesks ?? startState.serviceDesks,
  };
  const errors = [
    ...consistencyErrors(state),
    ...serviceDeskErrors(state.serviceDesks ?? [], new Set(state.organizations.map((o) => o.id))),
  ];
  return errors.length ? { ok: false, errors } : { ok: true, state };
}

/** For options and CLI flags: a bad definition is a programming or typing error, so it throws. */
export function parseDetailFields(fields: unknown, label: string): DetailFieldDefinition[] {
  const parsed = detailFieldsSchema.safeParse(fields, { reportInput: true });
  if (!parsed.success) {
    const problems = fieldErrors(parsed.error).map((e) =>
      e.field ? `${label}${e.field.startsWith('[') ? '' : '.'}${e.field}: ${e.message}` : `${label}: ${e.message}`,
    );
    throw new Error(`Invalid detail field definitions: ${problems.join('; ')}`);
  }
  return parsed.data.map((f) => ({ name: f.name, type: f.type, options: f.options ?? [] }));
}

/** For options: customers as a state takes them, checked the same way; a bad one throws. */
export function parseCustomers(entries: unknown, label: string): (string | CustomerState)[] {
  const parsed = z.array(customerSchema).safeParse(entries, { reportInput: true });
  const errors = parsed.success ? customerErrors(parsed.data).errors : fieldErrors(parsed.error);
  if (errors.length) {
    const problems = errors.map((e) => `${label}${e.field?.replace(/^customers/, '') ?? ''}: ${e.message}`);
    throw new Error(`Emulator option ${label}: ${problems.join('; ')}`);
  }
  return parsed.data as (string | CustomerState)[];
}

/** Account ids and emails (ignoring case) are unique. */
function customerErrors(entries: readonly (string | CustomerState)[]) {
  const errors: FieldError[] = [];
  const byId = new Map<string, Customer>();
  const emails = new Map<string, string>();
  entries.forEach((entry, i) => {
    const customer = customerFromState(entry);
    if (byId.has(customer.accountId))
      errors.push({ field: `customers[${i}]`, message: `account id ${customer.accountId} is listed twice` });
    byId.set(customer.accountId, customer);
    if (customer.email === undefined) return;
    const holder = emails.get(emailKey(customer.email));
    if (holder !== undefined)
      errors.push({
        field: `customers[${i}].email`,
        message: `${customer.email} is already the email of ${holder} (emails are unique, ignoring case)`,
      });
    emails.set(emailKey(customer.email), customer.accountId);
  });
  return { errors, byId };
}

function consistencyErrors(state: EmulatorState): FieldError[] {
  const fields = new Map(state.detailFields.map((f) => [f.name, f]));
  const { errors, byId: customers } = customerErrors(state.customers);
  const products = new Set(state.products);
  const ids = new Set<string>();
  const names = new Map<string, string>();
  state.organizations.forEach((org, i) => {
    const at = `organizations[${i}]`;
    if (ids.has(org.id)) errors.push({ field: `${at}.id`, message: `id ${org.id} is used twice` });
    ids.add(org.id);
    const clash = names.get(nameKey(org.name));
    if (clash !== undefined)
      errors.push({
        field: `${at}.name`,
        message: `name '${org.name}' is already used by organization ${clash} (names are unique, ignoring case)`,
      });
    names.set(nameKey(org.name), org.id);
    for (const [fieldName, values] of Object.entries(org.details)) {
      const field = fields.get(fieldName);
      const reason = field
        ? invalidValuesReason(field, values)
        : `no detail field named '${fieldName}': add it to detailFields`;
      if (reason) errors.push({ field: `${at}.details.${fieldName}`, message: reason });
    }
    org.customerIds.forEach((id, j) => {
      const customer = customers.get(id);
      if (!customer)
        errors.push({ field: `${at}.customerIds[${j}]`, message: `'${id}' is not in customers: add it there` });
      else if (!isMemberEligible(customer))
        errors.push({ field: `${at}.customerIds[${j}]`, message: notEligibleMessage(id) });
    });
    org.productIds.forEach((id, j) => {
      if (!products.has(id))
        errors.push({ field: `${at}.productIds[${j}]`, message: `'${id}' is not in products: add it there` });
    });
  });
  const taskIds = new Set<string>();
  const keys = new Set<string>();
  state.tasks.forEach((task, i) => {
    if (taskIds.has(task.id)) errors.push({ field: `tasks[${i}].id`, message: `task id ${task.id} is used twice` });
    taskIds.add(task.id);
    if (task.idempotencyKey !== undefined) {
      if (keys.has(task.idempotencyKey))
        errors.push({
          field: `tasks[${i}].idempotencyKey`,
          message: `idempotency key '${task.idempotencyKey}' is used by two tasks`,
        });
      keys.add(task.idempotencyKey);
    }
  });
  return errors;
}
