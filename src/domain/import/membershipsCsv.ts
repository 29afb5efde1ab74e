import type { CustomerRef, FileOperation, MembershipChange, OrganizationRef } from '../operations';
import { hiddenCharacter } from '../text/hidden';
import { cellAt, type CsvRowReader } from './csvTable';
import { checkName, checkOrganizationId, nameKey, shorten } from './organizationIdentity';
import { readOperationType } from './operationType';
import type { ProblemLog } from './problems';
import type { DraftOperation } from './types';
import { layOutKindColumns } from './unknownColumns';
import { EMAIL_PATTERN } from './values';
import { MEMBERSHIP_COLUMNS } from './membershipColumns';

const C = MEMBERSHIP_COLUMNS;
export const KNOWN_COLUMNS = [C.name, C.id, C.email, C.accountId, C.operation, C.fromName, C.fromId] as const;
const OPERATIONS = ['ADD', 'REMOVE', 'MOVE'] as const;
/** Atlassian account ids: `557058:…`, `qm:…:…`, 24 hex digits; never spaces or slashes (they go in a body, not a path). */
const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;

/**
 * One membership change a row: `ADD` (the default) or `REMOVE` a customer (by email or account id) to or from an
 * organization (by name or id), or `MOVE` it there from the `From Organization`. A MOVE is two changes of one row:
 * added to the organization first, then removed from the one it came from (so the customer is never left out of
 * both). Emails and names are looked up on the site before the send; the file is only checked here.
 */
export function readMembershipsCsv(
  headers: readonly string[],
  log: ProblemLog,
  drafts: DraftOperation[],
  ignored: ReadonlySet<string>,
): CsvRowReader {
  const required = [{ columns: [C.name, C.id] }, { columns: [C.email, C.accountId] }] as const;
  const known = layOutKindColumns(headers, KNOWN_COLUMNS, required, log, ignored);
  const changes = new ChangeGuard(log);
  return ({ row, cells }) => {
    const cell = (column: (typeof KNOWN_COLUMNS)[number]) => cellAt(cells, known[column]) || undefined;
    const organization = readOrganization(row, cell(C.name), cell(C.id), [C.name, C.id], log);
    log.labelRow(row, organization?.name ?? (organization?.id ? `Organization ${organization.id}` : ''));
    const customer = readCustomer(row, cell(C.email), cell(C.accountId), log);
    const operation = readOperationType(cell(C.operation) ?? '', OPERATIONS, 'ADD', row, C.operation, log);
    const fromName = cell(C.fromName);
    const fromId = cell(C.fromId);
    let from: OrganizationRef | undefined;
    if (operation === 'MOVE') {
      from = readOrganization(row, fromName, fromId, [C.fromName, C.fromId], log);
      if (from && organization && sameOrganization(from, organization))
        log.error(
          { row, column: C.fromName },
          'move-to-itself',
          'the customer would be moved to where it already is: name another organization.',
        );
    } else if (fromName !== undefined || fromId !== undefined) {
      log.error(
        { row, column: fromName !== undefined ? C.fromName : C.fromId },
        'from-without-move',
        `a "From" organization is only read with MOVE. Write MOVE in ${C.operation}, or empty the cell.`,
      );
    }
    if (!organization || !customer || operation === undefined || log.hasErrorOn(row)) return;
    const changesOfRow: { operation: MembershipChange; organization: OrganizationRef }[] =
      operation === 'MOVE'
        ? [
            { operation: 'ADD', organization },
            { operation: 'REMOVE', organization: from! },
          ]
        : [{ operation, organization }];
    for (const change of changesOfRow) changes.claim(row, change.organization, customer, change.operation);
    if (log.hasErrorOn(row)) return;
    for (const change of changesOfRow) drafts.push({ index: 0, row, kind: 'memberships', ...change, customer });
  };
}

function readOrganization(
  row: number,
  name: string | undefined,
  id: string | undefined,
  [nameColumn, idColumn]: readonly [string, string],
  log: ProblemLog,
): OrganizationRef | undefined {
  if (name === undefined && id === undefined) {
    log.error(
      { row, column: nameColumn },
      'organization-missing',
      `no organization is named. Fill in ${nameColumn} or ${idColumn}.`,
    );
    return undefined;
  }
  checkName(row, name, { name: nameColumn, id: idColumn, operation: C.operation }, log);
  checkOrganizationId(row, id, idColumn, log);
  return { ...(id !== undefined ? { id } : {}), ...(name !== undefined ? { name } : {}) };
}

function readCustomer(
  row: number,
  email: string | undefined,
  accountId: string | undefined,
  log: ProblemLog,
): CustomerRef | undefined {
  if (email === undefined && accountId === undefined) {
    log.error(
      { row, column: C.email },
      'customer-missing',
      `no customer is named. Fill in ${C.email} or ${C.accountId}.`,
    );
    return undefined;
  }
  if (email !== undefined && (!EMAIL_PATTERN.test(email) || hiddenCharacter(email))) {
    log.error(
      { row, column: C.email },
      'invalid-email',
      `"${shorten(email)}" is not an email address. Write it like name@example.com.`,
    );
    return undefined;
  }
  if (accountId !== undefined && !ACCOUNT_ID.test(accountId)) {
    log.error(
      { row, column: C.accountId },
      'invalid-account-id',
      `"${shorten(accountId)}" is not an Atlassian account id (letters, digits, ":", "_" and "-" only). Copy it from an export of this app, or give the email instead.`,
    );
    return undefined;
  }
  return {
    ...(accountId !== undefined ? { accountId } : {}),
    ...(email !== undefined ? { email: email.toLowerCase() } : {}),
  };
}

function sameOrganization(a: OrganizationRef, b: OrganizationRef): boolean {
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id;
  return a.name !== undefined && b.name !== undefined && nameKey(a.name) === nameKey(b.name);
}

/**
 * A customer and an organization may appear once in a file: the same change twice would be sent twice, and an ADD
 * and a REMOVE of one pair (single calls run in no set order across organizations) leave it undefined.
 */
class ChangeGuard {
  private readonly seen = new Map<string, { row: number; operation: MembershipChange }>();

  constructor(private readonly log: ProblemLog) {}

  claim(row: number, organization: OrganizationRef, customer: CustomerRef, operation: MembershipChange): void {
    const org = organization.id !== undefined ? `id:${organization.id}` : `name:${nameKey(organization.name!)}`;
    const who = customer.accountId !== undefined ? `account:${customer.accountId}` : `email:${customer.email}`;
    const key = `${org}\u0000${who}`;
    const earlier = this.seen.get(key);
    if (earlier === undefined) {
      this.seen.set(key, { row, operation });
      return;
    }
    const unit = this.log.locator.unit;
    const where = earlier.row === row ? `twice in this ${unit}` : `in ${unit} ${earlier.row} too`;
    const message =
      earlier.operation === operation
        ? `this change is ${where}: keep one of them.`
        : `${unit} ${earlier.row} ${earlier.operation === 'ADD' ? 'adds' : 'removes'} this customer ${earlier.operation === 'ADD' ? 'to' : 'from'} the same organization: keep the one you mean.`;
    this.log.error({ row, column: C.email }, 'duplicate-change', message);
  }
}

/**
 * A MOVE row's removal names its addition (`moveOf`), once the rows are numbered: the two are the row's only
 * operations, next to each other, kept or left out together.
 */
export function linkMoves(operations: readonly FileOperation[]): void {
  for (let position = 1; position < operations.length; position += 1) {
    const [addition, removal] = [operations[position - 1], operations[position]];
    if (removal.kind === 'memberships' && addition.kind === 'memberships' && removal.row === addition.row)
      removal.moveOf = addition.index;
  }
}
