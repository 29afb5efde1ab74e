import { MEMBERSHIP_COLUMNS } from '../import/membershipColumns';
import { rowsToCsv } from './csvWriter';

/** One member of one organization, as the export lists it. */
export interface MembershipExportRow {
  organizationId: string;
  organizationName: string;
  accountId: string;
  email?: string;
}

/**
 * The site's memberships as a memberships file: `Organization Name`, `Organization ID`, `Customer Email`,
 * `Customer Account ID`, a row a member. Imported as it is, every row is already true (nothing is sent); edited (an
 * Operation column with REMOVE, rows added) it is the import that makes the change.
 */
export function membershipsExportCsv(rows: readonly MembershipExportRow[]): string {
  const C = MEMBERSHIP_COLUMNS;
  return rowsToCsv(
    [C.name, C.id, C.email, C.accountId],
    rows.map((row) => [row.organizationName, row.organizationId, row.email ?? '', row.accountId]),
  );
}
