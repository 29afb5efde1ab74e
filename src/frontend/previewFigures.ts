import { countChanges } from '../domain/preview';
import type { Preview } from './hooks/useImportPreview';
import { fileProblems } from './previewModel';

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
    /** What is counted as ready, looked up and sent: a JSON detail-values item holds several changes, a row one. */
    unit: preview.kind === 'details' && preview.format === 'json' ? 'change' : 'row',
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
