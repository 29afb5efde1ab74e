import { itemLabel } from './jsonItems';
import { ProfileOperationSchema, type OrganizationDetailValue, type ProfileOperation } from '../../schemas';
import { DuplicateGuard } from '../duplicates';
import type { FieldCatalog } from '../fieldCatalog';
import { checkProfileIdentity, claimOrganization } from '../organizationIdentity';
import type { ProblemLog } from '../problems';
import { reportedValues } from '../reportedValues';
import type { DraftOperation } from '../types';
import { JSON_IDENTITY_COLUMNS, presentText } from './identityColumns';
import { reportSchemaIssues } from './schemaProblems';

/** Items of `organizationProfiles`, checked like the CSV rows. */
export function readProfilesJson(items: readonly unknown[], fields: FieldCatalog, log: ProblemLog): DraftOperation[] {
  const guard = new DuplicateGuard(log, log.locator);
  const drafts: DraftOperation[] = [];
  items.forEach((raw, position) => {
    const row = position + 1;
    log.labelRow(row, itemLabel(raw));
    const parsed = ProfileOperationSchema.safeParse(raw);
    if (!parsed.success) {
      reportSchemaIssues(parsed.error.issues, raw, row, log);
      return;
    }
    const { operationType, payload } = parsed.data;
    const id = presentText(payload.id);
    const name = presentText(payload.name);
    checkProfileIdentity(operationType, { row, id, name }, JSON_IDENTITY_COLUMNS, log);
    claimOrganization(guard, { row, id, name }, JSON_IDENTITY_COLUMNS);
    const details = checkedDetails(payload.details ?? [], row, fields, log);
    if (log.hasErrorOn(row)) return;

    const item: ProfileOperation = { operationType, payload: {} };
    if (id !== undefined) item.payload.id = id;
    if (name !== undefined) item.payload.name = name;
    if (payload.details !== undefined) item.payload.details = details;
    if (payload.associateCustomers) item.payload.associateCustomers = payload.associateCustomers;
    if (payload.associateProducts) item.payload.associateProducts = payload.associateProducts;
    drafts.push({ index: 0, row, kind: 'profiles', item });
  });
  return drafts;
}

function checkedDetails(
  details: readonly OrganizationDetailValue[],
  row: number,
  fields: FieldCatalog,
  log: ProblemLog,
): OrganizationDetailValue[] {
  const checked: OrganizationDetailValue[] = [];
  const firstPositionByField = new Map<string, number>();
  details.forEach((detail, position) => {
    const nameColumn = `payload.details[${position}].name`;
    const match = fields.find(detail.name);
    if (match === undefined) {
      log.error(
        { row, column: nameColumn },
        'unknown-field',
        `no detail field is called "${detail.name}". ${fields.unknownFieldAdvice(detail.name)}`,
      );
      return;
    }
    if (!match.exact) {
      log.warning(
        { row, column: nameColumn },
        'field-name-case',
        `no detail field is called "${detail.name}" exactly; using the field "${match.field.name}".`,
      );
    }
    const earlier = firstPositionByField.get(match.field.name);
    if (earlier !== undefined) {
      log.error(
        { row, column: nameColumn },
        'duplicate-field',
        `the field ${match.field.name} is already set in payload.details[${earlier}]. Merge the two into one entry.`,
      );
      return;
    }
    firstPositionByField.set(match.field.name, position);
    const values = reportedValues(match.field, detail.values, row, `payload.details[${position}].values`, log);
    if (values !== undefined) checked.push({ name: match.field.name, values });
  });
  return checked;
}
