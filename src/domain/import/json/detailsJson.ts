import { checkOrganizationId } from '../organizationIdentity';
import { itemLabel } from './jsonItems';
import { OrganizationDetailOperationsSchema, type DetailOperation } from '../../schemas';
import { detailOperationKey } from '../detailOperationKey';
import { DuplicateGuard } from '../duplicates';
import type { FieldCatalog } from '../fieldCatalog';
import type { ProblemLog } from '../problems';
import { reportedValues } from '../reportedValues';
import type { DraftOperation } from '../types';
import { presentText } from './identityColumns';
import { reportSchemaIssues } from './schemaProblems';

/** `{ id, operations }` items of the details endpoint: one operation each becomes one row operation of the item's row. */
export function readDetailsJson(items: readonly unknown[], fields: FieldCatalog, log: ProblemLog): DraftOperation[] {
  const guard = new DuplicateGuard(log, log.locator);
  const drafts: DraftOperation[] = [];
  items.forEach((raw, position) => {
    const row = position + 1;
    log.labelRow(row, itemLabel(raw));
    const parsed = OrganizationDetailOperationsSchema.safeParse(raw);
    if (!parsed.success) {
      reportSchemaIssues(parsed.error.issues, raw, row, log);
      return;
    }
    const organizationId = presentText(parsed.data.id);
    if (organizationId === undefined) {
      log.error(
        { row, column: 'id' },
        'id-required',
        'the organization ID is blank. Fill in the ID of the organization to change.',
      );
      return;
    }
    checkOrganizationId(row, organizationId, 'id', log);
    const itemDrafts: DraftOperation[] = [];
    parsed.data.operations.forEach(({ operationType, payload }, index) => {
      const base = `operations[${index}].payload`;
      const match = fields.find(payload.name);
      if (match === undefined) {
        log.error(
          { row, column: `${base}.name` },
          'unknown-field',
          `no detail field is called "${payload.name}". ${fields.unknownFieldAdvice(payload.name)}`,
        );
        return;
      }
      if (!match.exact) {
        log.warning(
          { row, column: `${base}.name` },
          'field-name-case',
          `no detail field is called "${payload.name}" exactly; using the field "${match.field.name}".`,
        );
      }
      const earlier = guard.claim('detail', detailOperationKey(organizationId, match.field.name), row);
      if (earlier !== undefined)
        guard.reportDuplicate(
          row,
          `${base}.name`,
          `the field ${match.field.name} of organization ${organizationId}`,
          earlier,
        );
      const given = payload.values ?? [];
      if (given.length === 0 && operationType !== 'DELETE') {
        log.error(
          { row, column: `${base}.values` },
          'values-required',
          `${operationType} needs values. Add them to "values", or use DELETE to clear the field.`,
        );
        return;
      }
      const values = reportedValues(match.field, given, row, `${base}.values`, log, {
        removing: operationType === 'DELETE',
      });
      if (values === undefined) return;
      const operation: DetailOperation = {
        operationType,
        payload: values.length === 0 ? { name: match.field.name } : { name: match.field.name, values },
      };
      itemDrafts.push({ index: 0, row, kind: 'details', organizationId, operation });
    });
    if (!log.hasErrorOn(row)) drafts.push(...itemDrafts);
  });
  return drafts;
}
