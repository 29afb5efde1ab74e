import type {
  DeletionRowOperation,
  FileOperation,
  ProfileRowOperation,
  ServiceProjectRowOperation,
} from './operations';
import type { ObservedOrganization } from './outcomes';
import type { RowPreview } from './preview';

/** What the site holds of an organization a deletions file names, looked up for the preview and before the delete. */
export interface DeletionTarget {
  organization?: ObservedOrganization & { scimManaged?: true };
  members: number;
}

/** The words for an organization managed by an identity provider: its deletes are refused, row by row. */
export function managedByIdentityProvider(name: string): string {
  return `"${name}" is managed by an identity provider (SCIM): delete it there, or it comes back with the next sync.`;
}

/**
 * What deleting each row's organization would do: delete it (with how many members and which detail values go with
 * it, so the admin knows what they confirm), nothing (gone already), or fail (managed by an identity provider).
 */
export function previewDeletion(op: DeletionRowOperation, target: DeletionTarget): RowPreview {
  const base = { row: op.row, index: op.index, organization: op.name ?? `organization ${op.organizationId}` };
  const { organization, members } = target;
  if (!organization)
    return {
      ...base,
      change: 'unchanged',
      note: `Organization ${op.organizationId} is gone already: nothing to delete.`,
    };
  if (organization.scimManaged) return { ...base, change: 'error', note: managedByIdentityProvider(organization.name) };
  const values = Object.entries(organization.details)
    .filter(([, held]) => held.length > 0)
    .map(([field, held]) => `${field}: ${held.join(', ')}`);
  const holds = [`${members} ${members === 1 ? 'member' : 'members'}`, ...values].join('; ');
  return { ...base, organization: organization.name, change: 'delete', note: `ID ${organization.id}; ${holds}` };
}

/**
 * The recycle bin: what an organization held just before a job deleted it, stored before the delete is sent, so that
 * `restore` can create it again (a new organization, with a new id: CSM cannot bring one back).
 */
export interface RecycledOrganization {
  /** The deletion's row and index in its job. */
  index: number;
  row: number;
  id: string;
  name: string;
  details: Record<string, string[]>;
  customerIds: string[];
  /** The service projects it was shared with, by id (absent when they were not read). */
  serviceDeskIds?: string[];
}

/**
 * The rows that create a recycled organization again: a profile row (its name, detail values and members), then a
 * row sharing it with each service project it was shared with (by its name: it has no id until it is created; the
 * job sends them in a phase after the profiles).
 */
export function restoreRows(org: RecycledOrganization): (ProfileRowOperation | ServiceProjectRowOperation)[] {
  return [
    recreate(org),
    ...(org.serviceDeskIds ?? []).map((desk) => ({
      index: org.index,
      row: org.row,
      kind: 'service-projects' as const,
      operation: 'ADD' as const,
      organization: { name: org.name },
      serviceProject: desk,
    })),
  ];
}

/** The profile row that creates a recycled organization again: its name, detail values and members. */
export function recreate(org: RecycledOrganization): ProfileRowOperation {
  const details = Object.entries(org.details)
    .filter(([, values]) => values.length > 0)
    .map(([name, values]) => ({ name, values }));
  return {
    index: org.index,
    row: org.row,
    kind: 'profiles',
    item: {
      operationType: 'CREATE',
      payload: {
        name: org.name,
        ...(details.length > 0 ? { details } : {}),
        ...(org.customerIds.length > 0 ? { associateCustomers: { customerIds: org.customerIds } } : {}),
      },
    },
  };
}

/**
 * A merges file's preview, a line a merge (its changes were looked up when the file was read): what goes to the kept
 * organization (members, detail values it lacks, service projects), then the merged one deleted.
 */
export function previewMerges(operations: readonly FileOperation[]): RowPreview[] {
  const rows = new Map<number, { members: number; fields: string[]; projects: number }>();
  for (const op of operations) {
    const entry = rows.get(op.row) ?? { members: 0, fields: [], projects: 0 };
    if (op.kind === 'memberships') entry.members += 1;
    else if (op.kind === 'details') entry.fields.push(op.operation.payload.name);
    else if (op.kind === 'service-projects') entry.projects += 1;
    rows.set(op.row, entry);
  }
  return operations.flatMap((op) => {
    if (op.kind !== 'deletions' || !op.mergeInto) return [];
    const { members, fields, projects } = rows.get(op.row)!;
    const moves = [
      `${members} ${members === 1 ? 'member' : 'members'}`,
      fields.length > 0 ? fields.join(' and ') : 'no detail value',
      `${projects} service ${projects === 1 ? 'project' : 'projects'}`,
    ].join(', ');
    return [
      {
        row: op.row,
        index: op.index,
        organization: op.name ?? `organization ${op.organizationId}`,
        change: 'delete' as const,
        note: `Into "${op.mergeInto.name}" (ID ${op.mergeInto.id}): ${moves}; then ID ${op.organizationId} is deleted.`,
      },
    ];
  });
}
