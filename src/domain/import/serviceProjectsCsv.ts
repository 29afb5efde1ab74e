import type { MembershipChange, OrganizationRef } from '../operations';
import { hiddenCharacter } from '../text/hidden';
import { cellAt, type CsvRowReader } from './csvTable';
import { checkName, checkOrganizationId, CSV_IDENTITY_COLUMNS, nameKey, shorten } from './organizationIdentity';
import { readOperationType } from './operationType';
import type { ProblemLog } from './problems';
import type { DraftOperation } from './types';
import { layOutKindColumns } from './unknownColumns';

const { name: NAME, id: ID, operation: OPERATION } = CSV_IDENTITY_COLUMNS;
export const SERVICE_PROJECT = 'Service Project';
export const KNOWN_COLUMNS = [NAME, ID, SERVICE_PROJECT, OPERATION] as const;
const OPERATIONS: readonly MembershipChange[] = ['ADD', 'REMOVE'];
/** A project key (SUP, ONB2) or a service desk id (digits). */
const PROJECT = /^([A-Za-z][A-Za-z0-9_]{0,254}|[0-9]{1,19})$/;

/**
 * Organizations shared with service projects (`ADD`, the default) or no longer (`REMOVE`): `Organization Name` or
 * `Organization ID`, `Service Project` (its key or its service desk id). One call an organization and project.
 */
export function readServiceProjectsCsv(
  headers: readonly string[],
  log: ProblemLog,
  drafts: DraftOperation[],
  ignored: ReadonlySet<string>,
): CsvRowReader {
  const required = [{ columns: [NAME, ID] }, { columns: [SERVICE_PROJECT], fix: ": add the project's key." }] as const;
  const known = layOutKindColumns(headers, KNOWN_COLUMNS, required, log, ignored);
  const seen = new Map<string, number>();
  return ({ row, cells }) => {
    const name = cellAt(cells, known[NAME]) || undefined;
    const id = cellAt(cells, known[ID]) || undefined;
    const project = cellAt(cells, known[SERVICE_PROJECT]);
    log.labelRow(row, name ?? (id === undefined ? '' : `Organization ${id}`));
    if (name === undefined && id === undefined)
      log.error({ row, column: NAME }, 'organization-missing', `no organization is named. Fill in ${NAME} or ${ID}.`);
    checkName(row, name, CSV_IDENTITY_COLUMNS, log);
    checkOrganizationId(row, id, ID, log);
    if (project === '')
      log.error(
        { row, column: SERVICE_PROJECT },
        'project-missing',
        'no service project is named: give its key, e.g. SUP.',
      );
    else if (!PROJECT.test(project) || hiddenCharacter(project))
      log.error(
        { row, column: SERVICE_PROJECT },
        'invalid-project',
        `"${shorten(project)}" is not a project key (letters and digits, e.g. SUP) or a service desk id.`,
      );
    const operation = readOperationType(cellAt(cells, known[OPERATION]), OPERATIONS, 'ADD', row, OPERATION, log);
    if (log.hasErrorOn(row) || operation === undefined) return;
    const organization: OrganizationRef = {
      ...(id !== undefined ? { id } : {}),
      ...(name !== undefined ? { name } : {}),
    };
    const key = `${id !== undefined ? `id:${id}` : `name:${nameKey(name!)}`}\u0000${project.toUpperCase()}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      log.error(
        { row, column: SERVICE_PROJECT },
        'duplicate-change',
        `row ${earlier} already names this organization and project: keep one of them.`,
      );
      return;
    }
    seen.set(key, row);
    drafts.push({ index: 0, row, kind: 'service-projects', operation, organization, serviceProject: project });
  };
}
