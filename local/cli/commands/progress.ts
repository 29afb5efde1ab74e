import type { JobView } from '../../../src/jobs/views';
import type { CliWriter } from '../io';
import { drawProgress, progressLine } from '../progressBar';
import { plural } from '../words';

/** A job's progress line on `stderr`, redrawn while apply, resume, retry or undo follows it. */
export const drawJobProgress = (stderr: CliWriter) => (view: JobView) =>
  drawProgress(
    stderr,
    progressLine(
      view.progress.succeeded + view.progress.failed,
      view.progress.total,
      `${view.status.toLowerCase()}, ${plural(view.progress.openTasks, 'open task')}`,
    ),
  );
