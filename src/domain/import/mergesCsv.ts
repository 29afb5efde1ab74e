import { MERGE_COLUMNS } from '../cleanup/columns';
import type { OrganizationRef } from '../operations';
import { cellAt, type CsvRowReader } from './csvTable';
import { checkName, checkOrganizationId, nameKey } from './organizationIdentity';
import type { ProblemLog } from './problems';
import type { DraftOperation } from './types';
import { layOutKindColumns } from './unknownColumns';

const C = MERGE_COLUMNS;
export const KNOWN_COLUMNS = [C.keepId, C.keepName, C.mergeId, C.mergeName] as const;

/**
 * One organization merged into another a row (`bulk find duplicates` writes such a file): read as the deletion of the
 * merged one, `mergeInto` the kept one. The start looks both up and adds the row's other changes (members, values the
 * kept one lacks, service projects) before its deletion.
 */
export function readMergesCsv(
  headers: readonly string[],
  log: ProblemLog,
  drafts: DraftOperation[],
  ignored: ReadonlySet<string>,
): CsvRowReader {
  const required = [{ columns: [C.keepId, C.keepName] }, { columns: [C.mergeId, C.mergeName] }] as const;
  const known = layOutKindColumns(headers, KNOWN_COLUMNS, required, log, ignored);
  const merged = new Map<string, number>();
  return ({ row, cells }) => {
    const ref = (id: string, name: string): OrganizationRef | undefined => {
      const idCell = cellAt(cells, known[id as keyof typeof known]) || undefined;
      const nameCell = cellAt(cells, known[name as keyof typeof known]) || undefined;
      if (idCell === undefined && nameCell === undefined) {
        log.error({ row, column: name }, 'organization-missing', `no organization is named. Fill in ${name} or ${id}.`);
        return undefined;
      }
      checkName(row, nameCell, { name, id, operation: 'Operation' }, log);
      checkOrganizationId(row, idCell, id, log);
      return { ...(idCell !== undefined ? { id: idCell } : {}), ...(nameCell !== undefined ? { name: nameCell } : {}) };
    };
    const keep = ref(C.keepId, C.keepName);
    const merge = ref(C.mergeId, C.mergeName);
    log.labelRow(row, merge?.name ?? (merge?.id ? `Organization ${merge.id}` : ''));
    if (!keep || !merge || log.hasErrorOn(row)) return;
    const key = (org: OrganizationRef) => (org.id !== undefined ? `id:${org.id}` : `name:${nameKey(org.name!)}`);
    if (key(keep) === key(merge)) {
      log.error({ row, column: C.mergeName }, 'merge-into-itself', 'an organization cannot be merged into itself.');
      return;
    }
    const earlier = merged.get(key(merge));
    if (earlier !== undefined) {
      log.error(
        { row, column: C.mergeName },
        'duplicate-organization',
        `row ${earlier} merges this organization already.`,
      );
      return;
    }
    merged.set(key(merge), row);
    drafts.push({
      index: 0,
      row,
      kind: 'deletions',
      organizationId: merge.id ?? '',
      ...(merge.name !== undefined ? { name: merge.name } : {}),
      mergeInto: keep,
    });
  };
}
