import type { ImportKind } from '../domain/operations';
import { countChanges, type ChangeCounts, type RowChange } from '../domain/preview';
import type { Preview } from './hooks/useImportPreview';
import { fileProblems, type LineChange } from './previewModel';

/** A count the preview shows: what the rows would do, with the lozenge of that change. */
export interface CountShown {
  change: LineChange;
  label: string;
  value: number;
}

const BULK_COUNTS: [RowChange, string][] = [
  ['create', 'Create'],
  ['update', 'Update'],
  ['unchanged', 'Unchanged'],
  ['error', 'Will fail'],
];

const MEMBERSHIP_COUNTS: [RowChange, string][] = [
  ['add', 'Will be added'],
  ['remove', 'Will be removed'],
  ['move', 'Will be moved'],
  ['member', 'Already a member'],
  ['not-member', 'Not a member'],
  ['error', 'Will fail'],
];

/** What is said after a count: the rows that change nothing are not sent. */
const AFTER: Partial<Record<RowChange, string>> = { member: ' (not sent)', 'not-member': ' (nothing to remove)' };

/**
 * The counts of the kind's changes over the rows looked up: a bulk file's creates and updates, a memberships file's
 * additions, removals and moves (a memberships file creates and updates nothing, so those are not shown).
 */
export function countsShown(kind: ImportKind, counts: ChangeCounts): CountShown[] {
  return (kind === 'memberships' ? MEMBERSHIP_COUNTS : BULK_COUNTS).map(([change, label]) => ({
    change: change === 'error' ? 'will-fail' : change,
    label: `${label} ${(counts[change] ?? 0).toLocaleString('en-US')}${AFTER[change] ?? ''}`,
    value: counts[change] ?? 0,
  }));
}

/** The rows that would change something on the site (or fail): those a job sends once compared. */
export function changingRows(counts: ChangeCounts): number {
  const changing: RowChange[] = ['create', 'update', 'add', 'remove', 'move', 'error'];
  // A lookup stored before memberships has no counts of theirs.
  return changing.reduce((sum, change) => sum + (counts[change] ?? 0), 0);
}

/** What the preview shows and whether the job may start, from the preview and the admin's choices. */
export function figuresOf(preview: Preview, skipInvalid: boolean, allowOverlap: boolean) {
  const { lookup } = preview;
  // The whole file's counts once the background lookup has them; until then, those of the rows looked up so far.
  const wholeFileCounts = lookup !== undefined && lookup.looked > preview.rowsClassified;
  const counts = wholeFileCounts ? lookup.counts : countChanges(preview.rows);
  const countedRows = wholeFileCounts ? lookup.looked : preview.rowsClassified;
  const wholeFile = fileProblems(preview.problems);
  const wholeFileErrors = wholeFile.filter((problem) => problem.severity === 'error');
  return {
    counts,
    countedRows,
    lookedUpAll: countedRows >= preview.operations,
    /**
     * What is counted as ready, looked up and sent: a JSON detail-values item holds several changes, a row one; a
     * memberships file's MOVE row is two changes (added there, removed from where it was).
     */
    unit:
      (preview.kind === 'details' && preview.format === 'json') || preview.kind === 'memberships' ? 'change' : 'row',
    wholeFileErrors,
    unmatchedColumns: wholeFile.filter((problem) => problem.code === 'unknown-column'),
    otherFileProblems: wholeFile.filter((problem) => problem.code !== 'unknown-column'),
    blocked:
      wholeFileErrors.length > 0 ||
      preview.operations === 0 ||
      (preview.rowsWithErrors > 0 && !skipInvalid) ||
      (preview.overlaps.length > 0 && !allowOverlap),
  };
}

export type PreviewFigures = ReturnType<typeof figuresOf>;
