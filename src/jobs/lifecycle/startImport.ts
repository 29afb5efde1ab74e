import { describeUnknownColumns, problemPage, type ImportProblem } from '../../domain/import';
import { describeOverlaps, type JobOverlap } from '../../domain/overlap';
import type { ResolverAnswer } from '../../resolvers/contract';
import type { EngineDeps } from '../deps';
import { startJob, type StartJobInput } from './startJob';
import { summarizeJob } from './views';

/** Why nothing was sent, in words, with the problems (or overlaps) behind it. */
export type StartRefusal =
  | { code: 'OVERLAP'; message: string; problems: JobOverlap[] }
  | { code: 'INVALID_INPUT'; message: string; problems: ImportProblem[] };

/**
 * Starts a job of a file the admin sent (inline, or uploaded as `uploadId`), and says what happened: the job, or why
 * nothing was sent. The upload is deleted once the file is read for good; one refused for overlaps stays (the
 * watchdog removes it after a day), so the admin may start it anyway without sending it again.
 */
export async function startImport(
  deps: EngineDeps,
  input: StartJobInput,
  uploadId: string | undefined,
): Promise<{ started: ResolverAnswer<'startJob'> } | { refused: StartRefusal }> {
  const result = await startJob(deps, input);
  if (!result.started && result.reason === 'overlap')
    return {
      refused: {
        code: 'OVERLAP',
        message: `Nothing was sent: ${describeOverlaps(result.overlaps)}`,
        problems: result.overlaps,
      },
    };
  if (uploadId !== undefined) await deps.store.uploads.delete(uploadId);
  if (!result.started) {
    const page = problemPage(result.problems);
    const shown =
      page.problemTotals.all > page.problems.length
        ? ` (the first ${page.problems.length.toLocaleString('en-US')} of ${page.problemTotals.all.toLocaleString('en-US')} problems are listed; preview the file for the rest)`
        : '';
    const message =
      result.reason === 'empty'
        ? 'The file has no rows to send.'
        : result.reason === 'unknown-columns'
          ? `Nothing was sent: ${describeUnknownColumns(result.unknownColumns)}`
          : `Nothing was sent: ${result.rowsWithErrors.toLocaleString('en-US')} of ${result.rowCount.toLocaleString('en-US')} rows have errors${shown}. Fix them, or choose to skip the rows with errors.`;
    return { refused: { code: 'INVALID_INPUT', message, problems: page.problems } };
  }
  return {
    started: {
      ...summarizeJob(result.job, deps.clock.now()),
      warnings: problemPage(result.problems, 0, 0).problemTotals.warnings,
    },
  };
}
