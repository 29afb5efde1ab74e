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
  checkOrganizationId(row, id, columns.id, log);
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
  checkOrganizationId(row, id, columns.id, log);
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
    const earlier = guard.claim('name', nameKey(name), row);
    if (earlier !== undefined) guard.reportDuplicate(row, columns.name, `the organization "${name}"`, earlier);
  }
}

/**
 * How names are compared: in Unicode NFC, letter case ignored. "Café" typed with é (U+00E9) and with e + U+0301
 * look the same everywhere, so they name one organization.
 */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * CSM's organization ids are decimal digit strings (csm-api.md: `GET /organization/{id}`, `{"organizationId": N}`);
 * Jira stores them as a 64-bit integer (a Java long), whose largest value, 9223372036854775807, has 19 digits. So an
 * id is 1 to 19 ASCII digits: anything else (letters, a sign, `0x10`, other scripts' digits, a path) names no
 * organization and would only reach CSM as a wrong path or a refused request.
 */
export const MAX_ORGANIZATION_ID_DIGITS = 19;
const ORGANIZATION_ID = new RegExp(`^[0-9]{1,${MAX_ORGANIZATION_ID_DIGITS}}$`);

/** True when `id` can be a CSM organization id. */
export function isOrganizationId(id: string): boolean {
  return ORGANIZATION_ID.test(id);
}

/** Reports an organization id that cannot be one (see isOrganizationId). */
export function checkOrganizationId(row: number, id: string | undefined, column: string, log: ProblemLog): void {
  if (id === undefined || isOrganizationId(id)) return;
  const what = /^[0-9]+$/.test(id)
    ? `has ${id.length} digits; CSM ids have at most ${MAX_ORGANIZATION_ID_DIGITS}`
    : 'is not an organization ID: CSM ids are made of the digits 0-9 only';
  log.error(
    { row, column },
    'invalid-id',
    `"${shorten(id)}" ${what}. Copy the ID from CSM (or an export of this app), or leave the cell empty to go by name.`,
  );
}

/** At most 40 characters of `text`, for quoting a cell in a message. */
export function shorten(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length.toLocaleString('en-US')} characters)`;
}

export function checkName(row: number, name: string | undefined, columns: IdentityColumns, log: ProblemLog): void {
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
