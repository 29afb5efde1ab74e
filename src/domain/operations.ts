import { z } from 'zod';
import { DetailOperationSchema, OrganizationOperationSchema, ProfileOperationSchema } from './schemas';

/** What a file holds: the kinds of rows an admin imports (the CLI's --kind, the page's choice). */
export const JobKindSchema = z.enum([
  'profiles',
  'organizations',
  'details',
  'memberships',
  'deletions',
  'service-projects',
  'merges',
]);
export type ImportKind = z.infer<typeof JobKindSchema>;
/** The kinds CSM takes in bulk, as asynchronous tasks (one endpoint each). */
export type BulkKind = Exclude<ImportKind, 'memberships' | 'deletions' | 'service-projects' | 'merges'>;

/**
 * What a job sends: a file's kind, or `deletions` (one `DELETE /organization/{id}` a row, by id, e.g. deleting what a
 * job created). Bulk kinds are sent as CSM tasks, deletions as single calls; both go through the one engine.
 */
export type JobKind = ImportKind;
/**
 * What a chunk sends: any kind but merges, which a job sends as the changes of the other kinds (its members, values
 * and service projects moved to the kept organization, then the merged one deleted).
 */
export type ChunkKind = Exclude<JobKind, 'merges'>;

/** Kinds sent as single calls, answered at once: they hold none of the site's task slots. */
export function isSingleCallKind(kind: JobKind): boolean {
  return kind === 'deletions' || kind === 'memberships' || kind === 'service-projects';
}

/** An organization as a memberships row names it: by id, or by name (looked up on the site before the send). */
export const OrganizationRefSchema = z.object({ id: z.string().min(1).optional(), name: z.string().min(1).optional() });
export type OrganizationRef = z.infer<typeof OrganizationRefSchema>;

/** A customer as a memberships row names it: by account id, or by email (looked up on the site before the send). */
export const CustomerRefSchema = z.object({
  accountId: z.string().min(1).optional(),
  email: z.string().min(1).optional(),
});
export type CustomerRef = z.infer<typeof CustomerRefSchema>;

export const MembershipChangeSchema = z.enum(['ADD', 'REMOVE']);
export type MembershipChange = z.infer<typeof MembershipChangeSchema>;

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

/** A row of a deletions job: one organization, by id (a name can be reused the moment the first is renamed). */
export const DeletionRowOperationSchema = z.object({
  ...accounting,
  kind: z.literal('deletions'),
  organizationId: z.string().min(1),
  /** The name it had when the deletion was planned: what the admin sees (the call goes by id). */
  name: z.string().optional(),
  /**
   * A merge's deletion: the organization this one is merged into (its members, the detail values it lacks and its
   * service projects go there first, as the other changes of the same row; it is deleted only if none of them failed).
   */
  mergeInto: OrganizationRefSchema.optional(),
});
export type DeletionRowOperation = z.infer<typeof DeletionRowOperationSchema>;

/** A row of a memberships file: one customer added to or removed from one organization (a single call a group). */
export const MembershipRowOperationSchema = z.object({
  ...accounting,
  kind: z.literal('memberships'),
  operation: MembershipChangeSchema,
  organization: OrganizationRefSchema,
  customer: CustomerRefSchema,
  /**
   * A MOVE row is two changes: added to its organization (this index), then removed from the one it came from
   * (`moveOf` on the removal names the addition: the removal is sent only if the addition did not fail).
   */
  moveOf: z.number().int().nonnegative().optional(),
});
export type MembershipRowOperation = z.infer<typeof MembershipRowOperationSchema>;

/** A row of a service projects file: one organization shared with, or removed from, one service project. */
export const ServiceProjectRowOperationSchema = z.object({
  ...accounting,
  kind: z.literal('service-projects'),
  operation: MembershipChangeSchema,
  organization: OrganizationRefSchema,
  /** The service project as the file names it: its key (e.g. SUP) or its service desk id. */
  serviceProject: z.string().min(1),
});
export type ServiceProjectRowOperation = z.infer<typeof ServiceProjectRowOperationSchema>;

/** A row a file holds: a bulk row, a membership change, a deletion, a service project change. */
export type FileOperation = RowOperation | MembershipRowOperation | DeletionRowOperation | ServiceProjectRowOperation;

/** Where a slice of operations ending at `end` should end so as not to split a row (a MOVE row is two). */
export function wholeRows(operations: readonly { row: number }[], end: number): number {
  let at = Math.min(end, operations.length);
  while (at > 0 && at < operations.length && operations[at].row === operations[at - 1].row) at += 1;
  return at;
}

/** A row CSM takes in bulk (a task), not a single call's. */
export function isBulkRow(op: JobOperation): op is RowOperation {
  return op.kind === 'profiles' || op.kind === 'organizations' || op.kind === 'details';
}

/** Any row a job sends: a bulk row (a file's) or a single call's. */
export type JobOperation = FileOperation;

/** Short text for logs and the admin page, e.g. `UPSERT "Atlassian"` or `PATCH Region on organization 17`. */
export function describeOperation(op: JobOperation): string {
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
    case 'service-projects':
      return `${op.operation === 'ADD' ? 'SHARE' : 'UNSHARE'} ${describeOrganization(op.organization)} ${op.operation === 'ADD' ? 'with' : 'from'} ${op.serviceProject}`;
    case 'memberships':
      return `${op.operation} ${describeCustomer(op.customer)} ${op.operation === 'ADD' ? 'to' : 'from'} ${describeOrganization(op.organization)}`;
    case 'deletions':
      return op.name === undefined
        ? `DELETE organization ${op.organizationId}`
        : `DELETE organization ${op.organizationId} "${op.name}"`;
  }
}

/**
 * Identifies the organization an operation acts on: `id:<id>` when the id is known, else `name:<lower-cased name>`.
 * Two operations with the same key touch the same organization.
 */
export function organizationKey(op: JobOperation): string {
  if (op.kind === 'details' || op.kind === 'deletions') return idKey(op.organizationId);
  if (op.kind === 'memberships' || op.kind === 'service-projects')
    return op.organization.id !== undefined ? idKey(op.organization.id) : nameKey(op.organization.name ?? '');
  const { id, name } = op.item.payload;
  if (id !== undefined) return idKey(id);
  return nameKey(name ?? '');
}

/**
 * How CSM finds the organization a row acts on (local/emulator/apply/ keeps the same rules): a CREATE by its name (an
 * id on it is ignored), an organizations UPDATE by its id, a profile UPDATE by its id or else its name, an UPSERT by
 * its id and, when no organization has that id, by its name (it updates that one, or creates it), a detail row by id.
 * The preview, the compare before each send (what a row replaces, and whether it creates) and the created records all
 * look rows up this way, so "created" never names an organization that existed.
 */
export function siteTarget(op: RowOperation): { id?: string; name?: string } {
  if (op.kind === 'details') return { id: op.organizationId };
  const { operationType, payload } = op.item;
  if (operationType === 'CREATE') return { name: payload.name };
  if (op.kind === 'organizations') return { id: payload.id };
  if (operationType === 'UPDATE') return payload.id !== undefined ? { id: payload.id } : { name: payload.name };
  return { id: payload.id, name: payload.name };
}

export function idKey(id: string): string {
  return `id:${id}`;
}

export function nameKey(name: string): string {
  return `name:${name.toLowerCase()}`;
}

/** `organization 17` or `"Acme"`, as an admin reads it. */
export function describeOrganization(ref: OrganizationRef): string {
  return ref.name !== undefined ? `"${ref.name}"` : `organization ${ref.id ?? '(no id)'}`;
}

/** The email, else the account id. */
export function describeCustomer(ref: CustomerRef): string {
  return ref.email ?? ref.accountId ?? '(no customer)';
}
