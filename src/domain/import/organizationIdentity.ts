import { MAX_ORGANIZATION_NAME_LENGTH } from '../limits';
import { hiddenCharacter } from '../text/hidden';
import type { OrganizationOperationType, ProfileOperationType } from '../schemas';
import type { DuplicateGuard } from './duplicates';
import type { ProblemLog } from './problems';

/** What the organization columns are called where the user looks: CSV headers or JSON paths. */
export interface IdentityColumns {
  name: string;
  id: string;
  operation: string;
}

/** The columns of the CSV formats (profiles and organizations files alike). */
export const CSV_IDENTITY_COLUMNS = {
  name: 'Organization Name',
  id: 'Organization ID',
  operation: 'Operation',
} as const satisfies IdentityColumns;

interface Identity {
  row: number;
  id?: string;
  name?: string;
}

/** Checks that a profile row names its organization in a way its operation can act on. */
export function checkProfileIdentity(
  operationType: ProfileOperationType,
  { row, id, name }: Identity,
  columns: IdentityColumns,
  log: ProblemLog,
): void {
  checkName(row, name, columns, log);
  if (operationType === 'CREATE' && name === undefined) {
    log.error(
      { row, column: columns.name },
      'name-required',
      `CREATE needs the organization's name. Fill in ${columns.name}, or use UPDATE to change an existing organization by its ID.`,
    );
    return;
  }
  if (name === undefined && id === undefined) {
    log.error(
      { row, column: columns.name },
      'organization-missing',
      `no organization is named. Fill in ${columns.name} (or ${columns.id} to change an existing organization).`,
    );
    return;
  }
  if (operationType === 'UPSERT' && name === undefined) {
    log.warning(
      { row, column: columns.name },
      'upsert-without-name',
      `UPSERT with only an ID cannot create: add the name if the organization may not exist.`,
    );
  }
}

/** Checks an organizations-endpoint row: CREATE needs a name, UPDATE (rename) needs the ID too. */
export function checkOrganizationIdentity(
  operationType: OrganizationOperationType,
  { row, id, name }: Identity,
  columns: IdentityColumns,
  log: ProblemLog,
): void {
  if (name === undefined) {
    const purpose = operationType === 'UPDATE' ? 'the new name of the organization' : "the organization's name";
    log.error({ row, column: columns.name }, 'name-required', `${columns.name} is empty. Fill in ${purpose}.`);
  }
  checkName(row, name, columns, log);
  if (operationType === 'UPDATE' && id === undefined) {
    log.error(
      { row, column: columns.id },
      'id-required',
      `UPDATE renames an existing organization and needs its ID. Fill in ${columns.id}, or use CREATE for a new organization.`,
    );
  }
}

/** Claims the organization for this row; reports a later row that names it again, by ID or by name. */
export function claimOrganization(guard: DuplicateGuard, { row, id, name }: Identity, columns: IdentityColumns): void {
  if (id !== undefined) {
    const earlier = guard.claim('id', id, row);
    if (earlier !== undefined) return guard.reportDuplicate(row, columns.id, `the organization with ID ${id}`, earlier);
  }
  if (name !== undefined) {
    const earlier = guard.claim('name', name.toLowerCase(), row);
    if (earlier !== undefined) guard.reportDuplicate(row, columns.name, `the organization "${name}"`, earlier);
  }
}

function checkName(row: number, name: string | undefined, columns: IdentityColumns, log: ProblemLog): void {
  if (name === undefined) return;
  if (name.length > MAX_ORGANIZATION_NAME_LENGTH) {
    log.error(
      { row, column: columns.name },
      'name-too-long',
      `the name is ${name.length} characters long; at most ${MAX_ORGANIZATION_NAME_LENGTH} are allowed. Shorten it.`,
    );
  }
  const hidden = hiddenCharacter(name);
  if (hidden) {
    log.error(
      { row, column: columns.name },
      'name-hidden-character',
      `the name holds ${hidden.what} (${hidden.code}) at character ${hidden.position}. ` +
        'It would not show, or would turn the text around, wherever the name appears: remove it.',
    );
  }
}
