import { rowsToCsv } from '../export/csvWriter';
import { MERGES_FILE_MAX } from '../limits';
import { readImport } from '../import/readImport';
import type { ImportProblem } from '../import/types';
import { DELETION_COLUMNS, MERGE_COLUMNS } from './columns';
import type { CountedOrganization, DuplicateGroup } from './duplicates';

/** An organization a deletions file names; members when known, for information. */
export interface DeletionCandidate {
  id: string;
  name: string;
  members?: number;
}

/** A deletions file: `Organization ID`, `Organization Name`, `Members` (for information), a row an organization. */
export function deletionsCsv(orgs: readonly DeletionCandidate[]): string {
  const C = DELETION_COLUMNS;
  return rowsToCsv(
    [C.id, C.name, C.members],
    orgs.map((org) => [org.id, org.name, org.members ?? '']),
  );
}

/** What a finder says of its merges file when it holds more merges than a merges file may (readImport refuses it). */
export function mergesFileTooLong(groups: readonly DuplicateGroup[]): string | undefined {
  const merges = groups.reduce((sum, group) => sum + group.merge.length, 0);
  if (merges <= MERGES_FILE_MAX) return undefined;
  const max = MERGES_FILE_MAX.toLocaleString('en-US');
  return `It holds ${merges.toLocaleString('en-US')} merges, more than the ${max} a merges file may have: split it into files of at most ${max} rows before importing them.`;
}

/** A merges file: a row an organization to merge, after the one it merges into. */
export function mergesCsv(groups: readonly DuplicateGroup[]): string {
  const C = MERGE_COLUMNS;
  const rows = groups.flatMap((group) =>
    group.merge.map((other: CountedOrganization) => [group.keep.id, group.keep.name, other.id, other.name]),
  );
  return rowsToCsv([C.keepId, C.keepName, C.mergeId, C.mergeName], rows);
}

/** What a source file says, for the absent finder: its organizations' names, or why it cannot be read. */
export type SourceNames = { ok: true; names: string[]; ids: string[] } | { ok: false; problems: string[] };

/**
 * The organization names of a source file (profiles or organizations CSV or JSON with an `Organization Name`), read
 * (and ids, when it gives them) as an import reads it; columns the finder has no use for (detail fields) are left out. A file with errors is
 * refused: a name it failed to give would make its organization look absent, and be proposed for deletion.
 */
export function sourceNames(text: string): SourceNames {
  const result = readImport({ text, kind: 'profiles' }, { detailFields: [] }, { ignoreUnknownColumns: true });
  const problems = result.problems.filter((problem) => problem.severity !== 'warning');
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, 5).map((problem) => describe(problem)) };
  const names: string[] = [];
  const ids: string[] = [];
  for (const operation of result.operations) {
    if (operation.kind !== 'profiles' && operation.kind !== 'organizations') continue;
    const { id, name } = operation.item.payload;
    if (name) names.push(name);
    if (id) ids.push(id);
  }
  return { ok: true, names, ids };
}

function describe(problem: ImportProblem): string {
  const where = [problem.row === null ? '' : `row ${problem.row}`, problem.column ?? ''].filter(Boolean);
  return where.length > 0 ? `${where.join(', ')}: ${problem.message}` : problem.message;
}
