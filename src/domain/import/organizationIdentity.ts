import { MAX_ORGANIZATION_NAME_LENGTH } from '../limits';
import type { OrganizationOperationType, ProfileOperationType } from '../schemas';
import type { DuplicateGuard } from './duplicates';
import type { ProblemLog } from './problems';

/** What the organization columns are called where the user looks: CSV headers or JSON paths. */
export interface IdentityColumns {
  name: string;
  id: string;
  operation: string;
}

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

/**
 * Control characters (a bell, an escape, a line break) and the marks that change the direction text is shown in
 * (right-to-left overrides and isolates): never wanted in an organization's name, and a way to make one name look
 * like another. The first one found, named.
 */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const DIRECTION_MARKS: Record<number, string> = {
  0x061c: 'an Arabic letter mark',
  0x200e: 'a left-to-right mark',
  0x200f: 'a right-to-left mark',
  0x202a: 'a left-to-right embedding',
  0x202b: 'a right-to-left embedding',
  0x202c: 'a pop directional formatting',
  0x202d: 'a left-to-right override',
  0x202e: 'a right-to-left override',
  0x2066: 'a left-to-right isolate',
  0x2067: 'a right-to-left isolate',
  0x2068: 'a first strong isolate',
  0x2069: 'a pop directional isolate',
};

export function hiddenCharacter(text: string): { what: string; code: string; position: number } | undefined {
  const match = HIDDEN.exec(text);
  if (!match) return undefined;
  const codePoint = match[0].charCodeAt(0);
  const code = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  return { what: DIRECTION_MARKS[codePoint] ?? 'a control character', code, position: match.index + 1 };
}
