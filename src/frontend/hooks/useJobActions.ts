import { useEffect, useState } from 'react';
import { failedRowsCsv } from '../../domain/export/failedRows';
import { skippedRowsCsv } from '../../domain/export/skippedRows';
import type { Question } from '../components/ConfirmModal';
import type { ShownError } from '../components/ResolverError';
import { allFailedRows, allSkippedRows } from '../jobFiles';
import { staleRowsQuestion, type FollowUpName } from '../jobQuestions';
import { call } from './useResolver';

const FOLLOW_UP_ACTIONS = {
  retryFailed: 'Retrying the failed rows',
  resumeJob: 'Sending the rows not sent',
  undoJob: 'Undoing the job',
} as const;
const NOTHING_TITLES = {
  retryFailed: 'Nothing to retry',
  resumeJob: 'Nothing to send',
  undoJob: 'Nothing to undo',
} as const;

/**
 * What the admin can do with a job (cancel it, retry, resume, undo, delete what it created, download its rows), the
 * question asked before, and what went wrong. `restart` follows the job again after a cancel; `ended` closes a
 * question about a running job once it has ended (it has no object then).
 */
export function useJobActions(
  jobId: string,
  hooks: { onOpenJob(jobId: string): void; restart(): void; ended: boolean },
) {
  const [actionError, setActionError] = useState<ShownError>();
  const [busy, setBusy] = useState(false);
  /** A question the admin answers before the action goes ahead (cancel, or sending rows older than a day). */
  const [asking, setAsking] = useState<Question>();

  const cancel = async () => {
    setAsking(undefined);
    setBusy(true);
    const result = await call('cancelJob', { jobId });
    setBusy(false);
    setActionError(
      result.ok ? undefined : { code: result.code, message: result.message, action: 'Cancelling the job' },
    );
    hooks.restart();
  };
  /** Retry the failed rows, or send the rows a cancel left unsent: one follow-up job per job, however often asked. */
  const followUp = async (name: FollowUpName, confirmStale = false) => {
    setAsking(undefined);
    setBusy(true);
    const result = await call(name, { jobId, confirmStale });
    setBusy(false);
    const action = FOLLOW_UP_ACTIONS[name];
    if (result.ok) hooks.onOpenJob(result.data.id);
    else if (result.code === 'NEEDS_CONFIRMATION')
      setAsking(staleRowsQuestion(name, result.message, () => void followUp(name, true)));
    // Nothing to do is an answer, not a problem with a file: said as information.
    else if (result.code === 'INVALID_INPUT')
      setActionError({ code: 'NOTHING_TO_DO', message: result.message, action, title: NOTHING_TITLES[name] });
    else setActionError({ code: result.code, message: result.message, action });
  };
  /**
   * Starts the delete job of the organizations this job created (the admin confirmed first), by id, and opens it:
   * the engine sends each delete, retries what may pass, and its ledger says what became of each.
   */
  const deleteCreated = async () => {
    setAsking(undefined);
    setBusy(true);
    const result = await call('deleteCreated', { jobId, confirm: true });
    setBusy(false);
    if (result.ok) hooks.onOpenJob(result.data.id);
    else setActionError({ code: result.code, message: result.message, action: 'Deleting the organizations' });
  };
  /** Creates again what this deletions job deleted (the admin was asked first), and opens the job doing it. */
  const restore = async () => {
    setAsking(undefined);
    setBusy(true);
    const result = await call('restoreJob', { jobId });
    setBusy(false);
    if (result.ok) hooks.onOpenJob(result.data.id);
    else setActionError({ code: result.code, message: result.message, action: 'Restoring the organizations' });
  };
  const downloads = useJobDownloads(jobId, setActionError);
  // A question about a running job (cancel it?) has no object once the job has ended: it closes.
  useEffect(() => {
    if (hooks.ended) setAsking((question) => (question?.whileRunning ? undefined : question));
  }, [hooks.ended]);

  return {
    actionError,
    setActionError,
    busy,
    asking,
    setAsking,
    cancel,
    followUp,
    deleteCreated,
    restore,
    ...downloads,
  };
}

/** A job's rows as files, for the file cards' downloads (UI Kit saves the Blob); a failure is shown, and thrown. */
function useJobDownloads(jobId: string, setActionError: (error: ShownError) => void) {
  /** The failed rows in the import format of the job's kind. */
  const download = async (): Promise<Blob> => {
    const rows = await allFailedRows(jobId);
    if ('error' in rows) {
      setActionError(rows.error);
      throw new Error(rows.error.message);
    }
    return new Blob([failedRowsCsv(rows.kind, rows.rows, rows.mapping)], { type: 'text/csv' });
  };
  /** The rows skipped for errors in the file, as they were in it, with their problem. */
  const downloadSkipped = async (): Promise<Blob> => {
    const rows = await allSkippedRows(jobId);
    if ('error' in rows) {
      setActionError(rows.error);
      throw new Error(rows.error.message);
    }
    return new Blob([skippedRowsCsv(rows.headers, rows.rows)], { type: 'text/csv' });
  };
  return { download, downloadSkipped };
}
