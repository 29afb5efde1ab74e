import { idKey, nameKey, type JobOperation } from './operations';

/**
 * The organizations a row names, as keys (`id:42`, `name:acme`): two jobs whose rows share a key would race in
 * CSM, which runs tasks in no particular order, and the result would be whichever ran last.
 */
export function organizationKeys(op: JobOperation): string[] {
  if (op.kind === 'details' || op.kind === 'deletions') return [idKey(op.organizationId)];
  // Two jobs race only over one customer of one organization: adding others to it at once is harmless.
  if (op.kind === 'service-projects') {
    const { organization } = op;
    const org = organization.id !== undefined ? idKey(organization.id) : nameKey(organization.name ?? '');
    return [`desk:${org}:${op.serviceProject.toUpperCase()}`];
  }
  if (op.kind === 'memberships') {
    const { organization, customer } = op;
    const org = organization.id !== undefined ? idKey(organization.id) : nameKey(organization.name ?? '');
    return [`member:${org}:${customer.accountId ?? customer.email ?? ''}`];
  }
  const { id, name } = op.item.payload;
  return [...(id !== undefined ? [idKey(id)] : []), ...(name !== undefined ? [nameKey(name)] : [])];
}

export interface JobOverlap {
  jobId: string;
  fileName?: string;
  createdAt: number;
  /** Rows of this file that name an organization the other job changes: the first ones, and how many in all. */
  rows: number[];
  rowCount: number;
}

export const OVERLAP_ROWS_SHOWN = 20;

/** Which rows of `operations` name organizations among `keys` (another job's). */
export function overlappingRows(
  operations: readonly JobOperation[],
  keys: ReadonlySet<string>,
): { rows: number[]; rowCount: number } {
  const rows = new Set<number>();
  for (const op of operations) if (organizationKeys(op).some((key) => keys.has(key))) rows.add(op.row);
  const sorted = [...rows].sort((a, b) => a - b);
  return { rows: sorted.slice(0, OVERLAP_ROWS_SHOWN), rowCount: sorted.length };
}

/** One sentence for the admin: which jobs, which rows. */
export function describeOverlaps(overlaps: readonly JobOverlap[]): string {
  const parts = overlaps.map((overlap) => {
    const rows =
      overlap.rows.join(', ') +
      (overlap.rowCount > overlap.rows.length ? ` and ${overlap.rowCount - overlap.rows.length} more` : '');
    const job = overlap.fileName ? `job ${overlap.jobId} (${overlap.fileName})` : `job ${overlap.jobId}`;
    return `${job} is changing organizations of row${overlap.rowCount === 1 ? '' : 's'} ${rows}`;
  });
  return `${parts.join('; ')}. Both jobs would write to them in no particular order, and the result would be whichever ran last.`;
}
