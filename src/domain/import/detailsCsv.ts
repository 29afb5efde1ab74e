import type { DetailOperation, DetailOperationType } from '../schemas';
import { checkOrganizationId } from './organizationIdentity';
import { cellAt, type CsvRowReader } from './csvTable';
import { detailOperationKey } from './detailOperationKey';
import { DuplicateGuard } from './duplicates';
import type { FieldCatalog } from './fieldCatalog';
import { readOperationType } from './operationType';
import type { ProblemLog } from './problems';
import { reportedValues } from './reportedValues';
import type { DraftOperation } from './types';
import { layOutKindColumns } from './unknownColumns';
import { splitCell } from './values';

const ID = 'Organization ID';
const FIELD = 'Field';
const OPERATION = 'Operation';
const VALUES = 'Values';
export const KNOWN_COLUMNS = [ID, FIELD, OPERATION, VALUES] as const;
const DETAIL_OPERATIONS: readonly DetailOperationType[] = ['UPDATE', 'PATCH', 'DELETE'];

/** One detail-field operation per row: `Organization ID`, `Field`, `Operation`, `Values`. */
export function readDetailsCsv(
  headers: readonly string[],
  fields: FieldCatalog,
  log: ProblemLog,
  drafts: DraftOperation[],
  ignored: ReadonlySet<string>,
): CsvRowReader {
  const known = layOutKindColumns(headers, KNOWN_COLUMNS, [{ columns: [ID] }, { columns: [FIELD] }], log, ignored);
  const guard = new DuplicateGuard(log, log.locator);
  return ({ row, cells }) => {
    const organizationId = cellAt(cells, known[ID]);
    log.labelRow(row, organizationId === '' ? '' : `Organization ${organizationId}`);
    const operationType = readOperationType(
      cellAt(cells, known[OPERATION]),
      DETAIL_OPERATIONS,
      'UPDATE',
      row,
      OPERATION,
      log,
    );
    if (organizationId === '') {
      log.error({ row, column: ID }, 'id-required', `${ID} is empty. Fill in the ID of the organization to change.`);
    } else checkOrganizationId(row, organizationId, ID, log);
    const fieldName = cellAt(cells, known[FIELD]);
    const match = fieldName === '' ? undefined : fields.find(fieldName);
    if (fieldName === '') {
      log.error(
        { row, column: FIELD },
        'field-required',
        `${FIELD} is empty. Fill in the name of the detail field to change.`,
      );
    } else if (match === undefined) {
      log.error(
        { row, column: FIELD },
        'unknown-field',
        `no detail field is called "${fieldName}". ${fields.unknownFieldAdvice(fieldName)}`,
      );
    } else if (!match.exact) {
      log.warning(
        { row, column: FIELD },
        'field-name-case',
        `no detail field is called "${fieldName}" exactly; using the field "${match.field.name}".`,
      );
    }
    if (operationType === undefined || match === undefined) return;

    const place = { row, column: VALUES };
    const rawValues = splitCell(match.field, cellAt(cells, known[VALUES]));
    let values: string[] | undefined;
    if (rawValues.length === 0 && operationType !== 'DELETE') {
      log.error(
        place,
        'values-required',
        `${operationType} needs values and ${VALUES} is empty. Fill in the values (separate several with |), or use DELETE to clear the field.`,
      );
    } else {
      values = reportedValues(match.field, rawValues, row, VALUES, log, { removing: operationType === 'DELETE' });
    }
    if (organizationId !== '') {
      const earlier = guard.claim('detail', detailOperationKey(organizationId, match.field.name), row);
      if (earlier !== undefined)
        guard.reportDuplicate(row, FIELD, `the field ${match.field.name} of organization ${organizationId}`, earlier);
    }

    if (values === undefined || log.hasErrorOn(row)) return;
    const operation: DetailOperation = {
      operationType,
      payload: values.length === 0 ? { name: match.field.name } : { name: match.field.name, values },
    };
    drafts.push({ index: 0, row, kind: 'details', organizationId, operation });
  };
}
