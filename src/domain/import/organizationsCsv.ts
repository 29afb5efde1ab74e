import type { OrganizationOperation, OrganizationOperationType } from '../schemas';
import { cellAt, type CsvRowReader } from './csvTable';
import { DuplicateGuard } from './duplicates';
import { checkOrganizationIdentity, claimOrganization, CSV_IDENTITY_COLUMNS } from './organizationIdentity';
import { readOperationType } from './operationType';
import type { ProblemLog } from './problems';
import type { DraftOperation } from './types';
import { layOutKindColumns } from './unknownColumns';

const { name: NAME, id: ID, operation: OPERATION } = CSV_IDENTITY_COLUMNS;
export const KNOWN_COLUMNS = [NAME, ID, OPERATION] as const;
const ORGANIZATION_OPERATIONS: readonly OrganizationOperationType[] = ['CREATE', 'UPDATE'];

/** Organizations without profiles: CREATE by name, or UPDATE (rename) by ID. */
export function readOrganizationsCsv(
  headers: readonly string[],
  log: ProblemLog,
  drafts: DraftOperation[],
  ignored: ReadonlySet<string>,
): CsvRowReader {
  const required = [{ columns: [NAME], fix: ". Add it with the organizations' names." }];
  const known = layOutKindColumns(headers, KNOWN_COLUMNS, required, log, ignored);
  const guard = new DuplicateGuard(log, log.locator);
  return ({ row, cells }) => {
    const name = cellAt(cells, known[NAME]) || undefined;
    const id = cellAt(cells, known[ID]) || undefined;
    log.labelRow(row, name ?? (id === undefined ? '' : `Organization ${id}`));
    const operationType = readOperationType(
      cellAt(cells, known[OPERATION]),
      ORGANIZATION_OPERATIONS,
      'CREATE',
      row,
      OPERATION,
      log,
    );
    if (operationType !== undefined)
      checkOrganizationIdentity(operationType, { row, id, name }, CSV_IDENTITY_COLUMNS, log);
    claimOrganization(guard, { row, id, name }, CSV_IDENTITY_COLUMNS);

    if (operationType === undefined || name === undefined || log.hasErrorOn(row)) return;
    const item: OrganizationOperation = { operationType, payload: id === undefined ? { name } : { id, name } };
    drafts.push({ index: 0, row, kind: 'organizations', item });
  };
}
