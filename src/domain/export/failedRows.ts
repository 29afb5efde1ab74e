import { MEMBERSHIP_COLUMNS } from '../import/membershipColumns';
import { MERGE_COLUMNS } from '../cleanup/columns';
import type { JobKind, JobOperation, MembershipRowOperation } from '../operations';
import { csvCell, rowsToCsv, type CsvCell } from './csvWriter';
import { readCsvHeaders } from '../import/csvTable';
import { headerBack } from '../mapping/headerBack';
import type { Mapping } from '../mapping/mapping';

/**
 * The column a failed-rows file adds to the import format: why CSM refused the row. The importer skips a column of
 * this name (see import/columns.ts), so the file, its values corrected, imports as it is.
 */
export const FAILURE_REASON_COLUMN = 'Failure Reason';

export interface RowFailureExport {
  operation: JobOperation;
  reason: string;
  /** The organization's name, when the operation does not carry it (a details request names organizations by id). */
  name?: string;
}

const MULTI_VALUE_SEPARATOR = '|';
const PROFILE_OPERATION_DEFAULT = 'UPSERT';

/**
 * The failed rows of a job as a file in the import format of its kind, with the values that were sent and the
 * reason each failed: correct the values, import the file again. Rows keep their order; columns appear only when a
 * row uses them (a detail field, Organization ID, Customers, Products).
 */
export function failedRowsCsv(kind: JobKind, rows: readonly RowFailureExport[], mapping?: Mapping): string {
  const file = failedRowsOfKind(kind, rows);
  return mapping ? withHeadersBack(file, headerBack(mapping)) : file;
}

/**
 * The file of a mapped job with the file's own headers ("Company name", not "Organization Name"): corrected, it goes
 * through the same mapping again. Values are written as they were sent (site options pass through a mapping as they
 * are); columns the mapping does not name keep the import's names, which a mapping reads as themselves.
 */
function withHeadersBack(file: string, back: (target: string) => string): string {
  const headers = readCsvHeaders(file) ?? [];
  const line = headers.map(csvCell).join(',');
  return file.startsWith(line) ? headers.map(back).map(csvCell).join(',') + file.slice(line.length) : file;
}

function failedRowsOfKind(kind: JobKind, rows: readonly RowFailureExport[]): string {
  switch (kind) {
    case 'profiles':
      return profilesFile(rows);
    case 'organizations':
      return organizationsFile(rows);
    case 'details':
      return detailsFile(rows);
    case 'deletions':
      return deletionsFile(rows);
    case 'merges':
      return mergesFile(rows);
    case 'memberships':
      return membershipsFile(rows);
    case 'service-projects':
      return rowsToCsv(
        ['Organization Name', 'Organization ID', 'Service Project', 'Operation', FAILURE_REASON_COLUMN],
        rows.flatMap(({ operation, reason }) =>
          operation.kind === 'service-projects'
            ? [
                [
                  operation.organization.name ?? '',
                  operation.organization.id ?? '',
                  operation.serviceProject,
                  operation.operation,
                  reason,
                ],
              ]
            : [],
        ),
      );
  }
}

/**
 * Failed membership changes as a memberships file: a MOVE whose addition or removal failed is written once, as the
 * MOVE it was, with every reason.
 */
function membershipsFile(rows: readonly RowFailureExport[]): string {
  const byRow = new Map<number, { ops: MembershipRowOperation[]; reasons: string[] }>();
  for (const { operation, reason } of rows) {
    if (operation.kind !== 'memberships') continue;
    const entry = byRow.get(operation.row) ?? { ops: [], reasons: [] };
    entry.ops.push(operation);
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    byRow.set(operation.row, entry);
  }
  const C = MEMBERSHIP_COLUMNS;
  const lines = [...byRow.values()].map(({ ops, reasons }) => {
    const added = ops.find((op) => op.operation === 'ADD');
    const removed = ops.find((op) => op.operation === 'REMOVE');
    const moved = ops.some((op) => op.moveOf !== undefined);
    const target = (moved ? added : ops[0])!;
    const from = moved ? removed : undefined;
    const { customer } = ops[0];
    return [
      target.organization.name ?? '',
      target.organization.id ?? '',
      customer.email ?? '',
      customer.accountId ?? '',
      moved ? 'MOVE' : target.operation,
      from?.organization.name ?? '',
      from?.organization.id ?? '',
      reasons.join(' '),
    ];
  });
  return rowsToCsv(
    [C.name, C.id, C.email, C.accountId, C.operation, C.fromName, C.fromId, FAILURE_REASON_COLUMN],
    lines,
  );
}

/** The merges whose row failed (any of its changes), once a row, as a merges file. */
function mergesFile(rows: readonly RowFailureExport[]): string {
  const byRow = new Map<
    number,
    { keep?: { id?: string; name?: string }; merge?: { id: string; name?: string }; reasons: string[] }
  >();
  for (const { operation, reason } of rows) {
    const entry = byRow.get(operation.row) ?? { reasons: [] };
    if (operation.kind === 'deletions' && operation.mergeInto) {
      entry.keep = operation.mergeInto;
      entry.merge = { id: operation.organizationId, name: operation.name };
    }
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    byRow.set(operation.row, entry);
  }
  const lines = [...byRow.values()].flatMap(({ keep, merge, reasons }) =>
    keep && merge ? [[keep.id ?? '', keep.name ?? '', merge.id, merge.name ?? '', reasons.join(' ')]] : [],
  );
  return rowsToCsv([...Object.values(MERGE_COLUMNS), FAILURE_REASON_COLUMN], lines);
}

/** A deletion that failed, by id: its name is there to be recognised, the id is what is deleted. */
function deletionsFile(rows: readonly RowFailureExport[]): string {
  const lines = rows.flatMap(({ operation, reason }) =>
    operation.kind === 'deletions' ? [[operation.organizationId, operation.name ?? '', reason]] : [],
  );
  return rowsToCsv(['Organization ID', 'Organization Name', FAILURE_REASON_COLUMN], lines);
}

function profilesFile(rows: readonly RowFailureExport[]): string {
  const profiles = rows.flatMap((row) => {
    const op = row.operation;
    if (op.kind === 'profiles') return [{ ...row, item: op.item }];
    // A profile row the job sent as one detail value of an existing organization (see asDetailOperation): written
    // back as the profile row it came from, by the organization's id.
    if (op.kind === 'details') {
      const { name, values = [] } = op.operation.payload;
      const item = {
        operationType: 'UPDATE' as const,
        payload: { id: op.organizationId, name: row.name, details: [{ name, values }] },
      };
      return [{ ...row, item }];
    }
    return [];
  });
  const fields: string[] = [];
  const seenFields = new Set<string>();
  let ids = false;
  let customers = false;
  let products = false;
  let operations = false;
  for (const { item } of profiles) {
    if (item.payload.id !== undefined) ids = true;
    if (item.payload.associateCustomers) customers = true;
    if (item.payload.associateProducts) products = true;
    if (item.operationType !== PROFILE_OPERATION_DEFAULT) operations = true;
    for (const detail of item.payload.details ?? []) {
      if (!seenFields.has(detail.name)) {
        seenFields.add(detail.name);
        fields.push(detail.name);
      }
    }
  }
  const headers = [
    'Organization Name',
    ...(ids ? ['Organization ID'] : []),
    ...(operations ? ['Operation'] : []),
    ...fields,
    ...(customers ? ['Customers'] : []),
    ...(products ? ['Products'] : []),
    FAILURE_REASON_COLUMN,
  ];
  const lines = profiles.map(({ item, reason }) => {
    const values = new Map((item.payload.details ?? []).map((detail) => [detail.name, detail.values]));
    const cells: CsvCell[] = [item.payload.name ?? ''];
    if (ids) cells.push(item.payload.id ?? '');
    if (operations) cells.push(item.operationType);
    for (const field of fields) cells.push((values.get(field) ?? []).join(MULTI_VALUE_SEPARATOR));
    if (customers) cells.push((item.payload.associateCustomers?.customerIds ?? []).join(MULTI_VALUE_SEPARATOR));
    if (products) cells.push((item.payload.associateProducts?.productIds ?? []).join(MULTI_VALUE_SEPARATOR));
    cells.push(reason);
    return cells;
  });
  return rowsToCsv(headers, lines);
}

function organizationsFile(rows: readonly RowFailureExport[]): string {
  const organizations = rows.flatMap((row) =>
    row.operation.kind === 'organizations' ? [{ ...row, item: row.operation.item }] : [],
  );
  const ids = organizations.some(({ item }) => item.payload.id !== undefined);
  // Always the Operation column: names alone are read as a profiles file (UPSERT), which would turn a CREATE refused
  // because the organization exists into a quiet success.
  const headers = ['Organization Name', ...(ids ? ['Organization ID'] : []), 'Operation', FAILURE_REASON_COLUMN];
  const lines = organizations.map(({ item, reason }) => [
    item.payload.name,
    ...(ids ? [item.payload.id ?? ''] : []),
    item.operationType,
    reason,
  ]);
  return rowsToCsv(headers, lines);
}

function detailsFile(rows: readonly RowFailureExport[]): string {
  const lines = rows.flatMap(({ operation, reason }) =>
    operation.kind === 'details'
      ? [
          [
            operation.organizationId,
            operation.operation.payload.name,
            operation.operation.operationType,
            (operation.operation.payload.values ?? []).join(MULTI_VALUE_SEPARATOR),
            reason,
          ],
        ]
      : [],
  );
  return rowsToCsv(['Organization ID', 'Field', 'Operation', 'Values', FAILURE_REASON_COLUMN], lines);
}
