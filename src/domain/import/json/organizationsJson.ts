import { itemLabel } from './jsonItems';
import { OrganizationOperationSchema, type OrganizationOperation } from '../../schemas';
import { DuplicateGuard } from '../duplicates';
import { checkOrganizationIdentity, claimOrganization } from '../organizationIdentity';
import type { ProblemLog } from '../problems';
import type { DraftOperation } from '../types';
import { JSON_IDENTITY_COLUMNS, presentText } from './identityColumns';
import { reportSchemaIssues } from './schemaProblems';

/** Items of the organizations endpoint's `organizations`. */
export function readOrganizationsJson(items: readonly unknown[], log: ProblemLog): DraftOperation[] {
  const guard = new DuplicateGuard(log, log.locator);
  const drafts: DraftOperation[] = [];
  items.forEach((raw, position) => {
    const row = position + 1;
    log.labelRow(row, itemLabel(raw));
    const parsed = OrganizationOperationSchema.safeParse(raw);
    if (!parsed.success) {
      reportSchemaIssues(parsed.error.issues, raw, row, log);
      return;
    }
    const { operationType, payload } = parsed.data;
    const id = presentText(payload.id);
    const name = presentText(payload.name);
    checkOrganizationIdentity(operationType, { row, id, name }, JSON_IDENTITY_COLUMNS, log);
    claimOrganization(guard, { row, id, name }, JSON_IDENTITY_COLUMNS);
    if (name === undefined || log.hasErrorOn(row)) return;
    const item: OrganizationOperation = { operationType, payload: id === undefined ? { name } : { id, name } };
    drafts.push({ index: 0, row, kind: 'organizations', item });
  });
  return drafts;
}
