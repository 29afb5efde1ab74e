import type { DeletionRowOperation } from '../operations';
import { cellAt, type CsvRowReader } from './csvTable';
import { DuplicateGuard } from './duplicates';
import { checkOrganizationId, claimOrganization, CSV_IDENTITY_COLUMNS, nameKey } from './organizationIdentity';
import type { ProblemLog } from './problems';
import type { DraftOperation, ImportProblem, ImportResult } from './types';
import { layOutKindColumns } from './unknownColumns';
import { csvLocator, ProblemLog as Log } from './problems';

const { name: NAME, id: ID } = CSV_IDENTITY_COLUMNS;
/** What a finder writes beside the organization, to read: not used by the import. */
const MEMBERS = 'Members';
export const KNOWN_COLUMNS = [ID, NAME, MEMBERS] as const;

/**
 * Organizations to delete: by `Organization ID` (the name beside it, if any, must be the site's name for that ID), or
 * by `Organization Name` alone (looked up on the site before the job: the job deletes by ID, never by name).
 */
export function readDeletionsCsv(
  headers: readonly string[],
  log: ProblemLog,
  drafts: DraftOperation[],
  ignored: ReadonlySet<string>,
): CsvRowReader {
  const known = layOutKindColumns(headers, KNOWN_COLUMNS, [{ columns: [ID, NAME] }], log, ignored);
  const guard = new DuplicateGuard(log, log.locator);
  return ({ row, cells }) => {
    const name = cellAt(cells, known[NAME]) || undefined;
    const id = cellAt(cells, known[ID]) || undefined;
    log.labelRow(row, name ?? (id === undefined ? '' : `Organization ${id}`));
    if (id === undefined && name === undefined) {
      log.error({ row, column: ID }, 'organization-missing', `no organization is named. Fill in ${ID} or ${NAME}.`);
      return;
    }
    checkOrganizationId(row, id, ID, log);
    claimOrganization(guard, { row, id, name }, CSV_IDENTITY_COLUMNS);
    if (log.hasErrorOn(row)) return;
    // A row by name alone has its id looked up on the site (deletionsOnSite) before anything is planned.
    drafts.push({
      index: 0,
      row,
      kind: 'deletions',
      organizationId: id ?? '',
      ...(name !== undefined ? { name } : {}),
    });
  };
}

/**
 * The deletions as the site has them: a row by name gets the ID of the organization of that name, a row by ID whose
 * name is another organization's is an error (the file and the site disagree: nothing of it is deleted), a name the
 * site does not have is an error; an ID the site does not have stays (it is gone already: the job counts it so).
 */
export function deletionsOnSite(result: ImportResult, found: readonly { id: string; name: string }[]): ImportResult {
  const byId = new Map(found.map((org) => [org.id, org]));
  const byName = new Map(found.map((org) => [nameKey(org.name), org]));
  const log = new Log(csvLocator);
  const operations: DeletionRowOperation[] = [];
  for (const op of result.operations) {
    if (op.kind !== 'deletions') continue;
    log.labelRow(op.row, op.name ?? `Organization ${op.organizationId}`);
    if (op.organizationId === '') {
      const org = byName.get(nameKey(op.name ?? ''));
      if (!org)
        log.error(
          { row: op.row, column: NAME },
          'unknown-organization',
          `there is no organization named "${op.name}" on the site. Check the name, or give its ${ID}.`,
        );
      else operations.push({ ...op, organizationId: org.id, name: org.name });
      continue;
    }
    const org = byId.get(op.organizationId);
    if (org && op.name !== undefined && nameKey(org.name) !== nameKey(op.name))
      log.error(
        { row: op.row, column: NAME },
        'id-name-mismatch',
        `organization ${op.organizationId} is named "${org.name}" on the site, not "${op.name}": check which one you mean (nothing of this row is deleted).`,
      );
    else operations.push(org ? { ...op, name: org.name } : op);
  }
  return {
    ...result,
    operations: operations.map((op, index) => ({ ...op, index })),
    problems: [...result.problems, ...log.problems].sort(byRow),
    rowsWithErrors: result.rowsWithErrors + log.errorRowCount,
  };
}

function byRow(a: ImportProblem, b: ImportProblem): number {
  return (a.row ?? 0) - (b.row ?? 0);
}
