import type { JobAnswer } from '../../../src/resolvers/contract';
import type { CliWriter } from '../io';
import { drawProgress, progressLine } from '../progressBar';
import { plural } from '../words';

/** A job's progress line on `stderr`, redrawn while apply, resume, retry or undo follows it. */
export const drawJobProgress = (stderr: CliWriter) => (view: JobAnswer) =>
  drawProgress(
    stderr,
    progressLine(
      view.progress.succeeded + view.progress.failed,
      view.progress.total,
      `${view.status.toLowerCase()}, ${plural(view.progress.openTasks, 'open task')}`,
    ),
  );
