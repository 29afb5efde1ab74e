import { z } from 'zod';
import { DetailOperationSchema, OrganizationOperationSchema, ProfileOperationSchema } from './schemas';

export const JobKindSchema = z.enum(['profiles', 'organizations', 'details']);
export type JobKind = z.infer<typeof JobKindSchema>;

const accounting = {
  /** 0-based, unique within a job: outcomes are keyed by it. */
  index: z.number().int().nonnegative(),
  /** What the user sees: the spreadsheet row (header = 1) or the 1-based JSON item number. */
  row: z.number().int().positive(),
};

export const RowOperationSchema = z.discriminatedUnion('kind', [
  z.object({ ...accounting, kind: z.literal('profiles'), item: ProfileOperationSchema }),
  z.object({ ...accounting, kind: z.literal('organizations'), item: OrganizationOperationSchema }),
  z.object({
    ...accounting,
    kind: z.literal('details'),
    organizationId: z.string().min(1),
    operation: DetailOperationSchema,
  }),
]);

export type RowOperation = z.infer<typeof RowOperationSchema>;
export type ProfileRowOperation = Extract<RowOperation, { kind: 'profiles' }>;
export type OrganizationRowOperation = Extract<RowOperation, { kind: 'organizations' }>;
export type DetailRowOperation = Extract<RowOperation, { kind: 'details' }>;

/** Short text for logs and the admin page, e.g. `UPSERT "Atlassian"` or `PATCH Region on organization 17`. */
export function describeOperation(op: RowOperation): string {
  switch (op.kind) {
    case 'profiles': {
      const { operationType, payload } = op.item;
      return payload.name !== undefined
        ? `${operationType} "${payload.name}"`
        : `${operationType} organization ${payload.id ?? '(no id)'}`;
    }
    case 'organizations': {
      const { operationType, payload } = op.item;
      return operationType === 'UPDATE' && payload.id !== undefined
        ? `RENAME organization ${payload.id} to "${payload.name}"`
        : `${operationType} "${payload.name}"`;
    }
    case 'details':
      return `${op.operation.operationType} ${op.operation.payload.name} on organization ${op.organizationId}`;
  }
}

/**
 * Identifies the organization an operation acts on: `id:<id>` when the id is known, else `name:<lower-cased name>`.
 * Two operations with the same key touch the same organization.
 */
export function organizationKey(op: RowOperation): string {
  if (op.kind === 'details') return idKey(op.organizationId);
  const { id, name } = op.item.payload;
  if (id !== undefined) return idKey(id);
  return nameKey(name ?? '');
}

export function idKey(id: string): string {
  return `id:${id}`;
}

export function nameKey(name: string): string {
  return `name:${name.toLowerCase()}`;
}
