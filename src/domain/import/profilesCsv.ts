import type {
  DetailFieldDefinition,
  OrganizationDetailValue,
  ProfileOperation,
  ProfileOperationType,
} from '../schemas';
import { layOutColumns } from './columns';
import { cellAt, type CsvRowReader } from './csvTable';
import { DuplicateGuard } from './duplicates';
import type { FieldCatalog } from './fieldCatalog';
import { checkProfileIdentity, claimOrganization, CSV_IDENTITY_COLUMNS } from './organizationIdentity';
import { readOperationType } from './operationType';
import type { ProblemLog } from './problems';
import { reportedValues } from './reportedValues';
import type { DraftOperation } from './types';
import { splitCell } from './values';

const { name: NAME, id: ID, operation: OPERATION } = CSV_IDENTITY_COLUMNS;
const CUSTOMERS = 'Customers';
const PRODUCTS = 'Products';
export const KNOWN_COLUMNS = [NAME, ID, OPERATION, CUSTOMERS, PRODUCTS] as const;
const PROFILE_OPERATIONS: readonly ProfileOperationType[] = ['CREATE', 'UPDATE', 'UPSERT'];
const ID_SEPARATOR = '|';

interface FieldColumn {
  header: string;
  index: number;
  field: DetailFieldDefinition;
  /**
   * The detail value read from each cell text seen so far without a problem (up to SEEN_PER_COLUMN of them).
   * Rows holding the same cell share one frozen object, checked once: a 50,000-row file holds a handful of
   * distinct Region or Tier cells and a few hundred dates, not 50,000 of each.
   */
  seen: Map<string, OrganizationDetailValue>;
}

/** Enough for every option of a select field; a column of unique values (phone numbers) stops adding here. */
const SEEN_PER_COLUMN = 1024;

/**
 * CSM's native organization CSV: `Organization Name` plus one column per detail field,
 * and optionally `Operation`, `Organization ID`, `Customers`, `Products` (ids separated by `|`).
 */
export function readProfilesCsv(
  headers: readonly string[],
  fields: FieldCatalog,
  log: ProblemLog,
  drafts: DraftOperation[],
  ignored: ReadonlySet<string>,
): CsvRowReader {
  const layout = layOutColumns(headers, KNOWN_COLUMNS, log, ignored);
  const { known } = layout;
  const namesOrganizations = known[NAME] !== undefined || known[ID] !== undefined;
  if (!namesOrganizations) {
    log.headerError(undefined, 'missing-column', `there is no "${NAME}" column. Add it as the first column's header.`);
  }
  const fieldColumns = resolveFieldColumns(layout.others, fields, log);
  const guard = new DuplicateGuard(log, log.locator);
  return ({ row, cells }) => {
    const name = cellAt(cells, known[NAME]) || undefined;
    const id = cellAt(cells, known[ID]) || undefined;
    log.labelRow(row, name ?? (id === undefined ? '' : `Organization ${id}`));
    const operationType = readOperationType(
      cellAt(cells, known[OPERATION]),
      PROFILE_OPERATIONS,
      'UPSERT',
      row,
      OPERATION,
      log,
    );
    const identity = { row, id, name };
    if (operationType !== undefined && namesOrganizations)
      checkProfileIdentity(operationType, identity, CSV_IDENTITY_COLUMNS, log);
    claimOrganization(guard, identity, CSV_IDENTITY_COLUMNS);

    const details: OrganizationDetailValue[] = [];
    for (const column of fieldColumns) {
      const value = cells[column.index];
      if (value === '') continue; // empty = leave the field as it is
      const seen = column.seen.get(value);
      if (seen !== undefined) {
        details.push(seen);
        continue;
      }
      const problemsBefore = log.problems.length;
      const values = reportedValues(column.field, splitCell(column.field, value), row, column.header, log);
      if (values === undefined) continue;
      const detail: OrganizationDetailValue = { name: column.field.name, values };
      details.push(detail);
      // Only a cell read without even a warning is shared: a corrected option must be reported on every row.
      if (log.problems.length === problemsBefore && column.seen.size < SEEN_PER_COLUMN) {
        Object.freeze(values);
        column.seen.set(value, Object.freeze(detail));
      }
    }
    const customerIds = splitIds(cellAt(cells, known[CUSTOMERS]));
    const productIds = splitIds(cellAt(cells, known[PRODUCTS]));

    if (operationType === undefined || log.hasErrorOn(row)) return;
    const item: ProfileOperation = { operationType, payload: {} };
    if (id !== undefined) item.payload.id = id;
    if (name !== undefined) item.payload.name = name;
    if (details.length > 0) item.payload.details = details;
    if (customerIds.length > 0) item.payload.associateCustomers = { customerIds };
    if (productIds.length > 0) item.payload.associateProducts = { productIds };
    drafts.push({ index: 0, row, kind: 'profiles', item });
  };
}

/** Every other header must be a detail field: CSM's importer ignores unknown columns silently, we report them. */
function resolveFieldColumns(
  others: readonly { header: string; index: number }[],
  fields: FieldCatalog,
  log: ProblemLog,
): FieldColumn[] {
  const columns: FieldColumn[] = [];
  for (const { header, index } of others) {
    const match = fields.find(header);
    if (match === undefined) {
      log.unknownColumn(
        header,
        `no detail field is called "${header}". ${fields.unknownFieldAdvice(header, KNOWN_COLUMNS)}`,
      );
      continue;
    }
    if (!match.exact) {
      log.headerWarning(
        header,
        'field-name-case',
        `no detail field is called "${header}" exactly; its values go to the field "${match.field.name}".`,
      );
    }
    columns.push({ header, index, field: match.field, seen: new Map() });
  }
  return columns;
}

const NO_IDS: string[] = [];

function splitIds(cell: string): string[] {
  if (cell === '') return NO_IDS;
  // A Set, not ids.includes: a cell of 32,000 ids took 2 s de-duplicated by scanning (quadratic), 10 ms this way.
  const ids = new Set<string>();
  for (const part of cell.split(ID_SEPARATOR)) {
    const id = part.trim();
    if (id !== '') ids.add(id);
  }
  return [...ids];
}
