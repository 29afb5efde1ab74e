import type { DetailFieldDefinition, OrganizationDetailValue, ProfileOperation, ProfileOperationType } from '../schemas';
import { layOutColumns } from './columns';
import type { CsvTable } from './csvTable';
import { DuplicateGuard } from './duplicates';
import type { FieldCatalog } from './fieldCatalog';
import { checkProfileIdentity, claimOrganization, type IdentityColumns } from './organizationIdentity';
import { readOperationType } from './operationType';
import type { ProblemLog } from './problems';
import { reportedValues } from './reportedValues';
import type { DraftOperation } from './types';
import { splitCell } from './values';

const NAME = 'Organization Name';
const ID = 'Organization ID';
const OPERATION = 'Operation';
const CUSTOMERS = 'Customers';
const PRODUCTS = 'Products';
const KNOWN_COLUMNS = [NAME, ID, OPERATION, CUSTOMERS, PRODUCTS] as const;
const PROFILE_OPERATIONS: readonly ProfileOperationType[] = ['CREATE', 'UPDATE', 'UPSERT'];
const IDENTITY_COLUMNS: IdentityColumns = { name: NAME, id: ID, operation: OPERATION };
const ID_SEPARATOR = '|';

interface FieldColumn {
  header: string;
  index: number;
  field: DetailFieldDefinition;
}

/**
 * CSM's native organization CSV: `Organization Name` plus one column per detail field,
 * and optionally `Operation`, `Organization ID`, `Customers`, `Products` (ids separated by `|`).
 */
export function readProfilesCsv(table: CsvTable, fields: FieldCatalog, log: ProblemLog): DraftOperation[] {
  const layout = layOutColumns(table.headers, KNOWN_COLUMNS, log);
  const { known } = layout;
  const namesOrganizations = known[NAME] !== undefined || known[ID] !== undefined;
  if (!namesOrganizations) {
    log.headerError(undefined, 'missing-column', `there is no "${NAME}" column. Add it as the first column's header.`);
  }
  const fieldColumns = resolveFieldColumns(layout.others, fields, log);
  const guard = new DuplicateGuard(log, log.locator);
  const drafts: DraftOperation[] = [];

  for (const { row, cells } of table.records) {
    const cell = (index: number | undefined) => (index === undefined ? '' : cells[index]);
    const operationType = readOperationType(cell(known[OPERATION]), PROFILE_OPERATIONS, 'UPSERT', { row, column: OPERATION }, log);
    const name = cell(known[NAME]) || undefined;
    const id = cell(known[ID]) || undefined;
    if (operationType !== undefined && namesOrganizations) checkProfileIdentity(operationType, { row, id, name }, IDENTITY_COLUMNS, log);
    claimOrganization(guard, { row, id, name }, IDENTITY_COLUMNS);

    const details: OrganizationDetailValue[] = [];
    for (const column of fieldColumns) {
      const value = cells[column.index];
      if (value === '') continue; // empty = leave the field as it is
      const values = reportedValues(column.field, splitCell(column.field, value), { row, column: column.header }, log);
      if (values !== undefined) details.push({ name: column.field.name, values });
    }
    const customerIds = splitIds(cell(known[CUSTOMERS]));
    const productIds = splitIds(cell(known[PRODUCTS]));

    if (operationType === undefined || log.hasErrorOn(row)) continue;
    const item: ProfileOperation = { operationType, payload: {} };
    if (id !== undefined) item.payload.id = id;
    if (name !== undefined) item.payload.name = name;
    if (details.length > 0) item.payload.details = details;
    if (customerIds.length > 0) item.payload.associateCustomers = { customerIds };
    if (productIds.length > 0) item.payload.associateProducts = { productIds };
    drafts.push({ row, kind: 'profiles', item });
  }
  return drafts;
}

/** Every other header must be a detail field: CSM's importer ignores unknown columns silently, we refuse them. */
function resolveFieldColumns(
  others: readonly { header: string; index: number }[],
  fields: FieldCatalog,
  log: ProblemLog,
): FieldColumn[] {
  const columns: FieldColumn[] = [];
  for (const { header, index } of others) {
    const match = fields.find(header);
    if (match === undefined) {
      log.headerError(header, 'unknown-column', `no detail field is called "${header}". ${fields.unknownFieldAdvice(header, KNOWN_COLUMNS)}`);
      continue;
    }
    if (!match.exact) {
      log.headerWarning(
        header,
        'field-name-case',
        `no detail field is called "${header}" exactly; its values go to the field "${match.field.name}".`,
      );
    }
    columns.push({ header, index, field: match.field });
  }
  return columns;
}

function splitIds(cell: string): string[] {
  if (cell === '') return [];
  const ids: string[] = [];
  for (const part of cell.split(ID_SEPARATOR)) {
    const id = part.trim();
    if (id !== '' && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
