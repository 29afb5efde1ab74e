import { Button, Heading, Inline, Lozenge, ModalTransition, Stack, Text } from '@forge/react';
import React, { useEffect, useState } from 'react';
import { failedRowsCsv } from '../../domain/export/failedRows';
import { skippedRowsCsv } from '../../domain/export/skippedRows';
import { isFinal } from '../../domain/job';
import { ConfirmModal, type Question } from './ConfirmModal';
import { JobDetails } from './JobDetails';
import { allFailedRows, allSkippedRows } from '../jobFiles';
import { ResolverError, type ShownError } from './ResolverError';
import { useJobPolling } from '../hooks/useJobPolling';
import { call } from '../hooks/useResolver';
import { jobTitle, plural, STATUS_LOZENGE } from '../words';

export interface JobViewProps {
  jobId: string;
  pollMs: number;
  onOpenJob(jobId: string): void;
  onBack(): void;
}

/** One job: progress, counts, time left, failed rows, and what the admin can do next. */
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

export function JobView({ jobId, pollMs, onOpenJob, onBack }: JobViewProps) {
  const [restartKey, setRestartKey] = useState(0);
  const { view, error, driving } = useJobPolling(jobId, pollMs, restartKey);
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
    setRestartKey((key) => key + 1);
  };
  /** Retry the failed rows, or send the rows a cancel left unsent: one follow-up job per job, however often asked. */
  const followUp = async (name: 'retryFailed' | 'resumeJob' | 'undoJob', confirmStale = false) => {
    setAsking(undefined);
    setBusy(true);
    const result = await call(name, { jobId, confirmStale });
    setBusy(false);
    const action = FOLLOW_UP_ACTIONS[name];
    if (result.ok) onOpenJob(result.data.id);
    else if (result.code === 'NEEDS_CONFIRMATION')
      setAsking({
        title:
          name === 'undoJob'
            ? 'Undo an old job?'
            : name === 'retryFailed'
              ? 'Retry rows from an old job?'
              : 'Send rows from an old job?',
        message: result.message,
        confirm: 'Send them anyway',
        appearance: 'warning',
        onConfirm: () => void followUp(name, true),
      });
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
    if (result.ok) onOpenJob(result.data.id);
    else setActionError({ code: result.code, message: result.message, action: 'Deleting the organizations' });
  };
  /** The failed rows in the import format of the job's kind, as the file card's download (UI Kit saves the Blob). */
  const download = async (): Promise<Blob> => {
    const rows = await allFailedRows(jobId);
    if ('error' in rows) {
      setActionError(rows.error);
      throw new Error(rows.error.message);
    }
    return new Blob([failedRowsCsv(rows.kind, rows.rows)], { type: 'text/csv' });
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
  // A question about a running job (cancel it?) has no object once the job has ended: it closes.
  const ended = view !== undefined && isFinal(view.status);
  useEffect(() => {
    if (ended) setAsking((question) => (question?.whileRunning ? undefined : question));
  }, [ended]);

  return (
    <Stack space="space.200">
      <Inline space="space.100" alignBlock="center">
        <Button appearance="subtle" iconBefore="arrow-left" onClick={onBack}>
          All jobs
        </Button>
        <Heading size="medium">{view ? jobTitle(view) : 'Job'}</Heading>
        {view ? (
          <Lozenge appearance={STATUS_LOZENGE[view.status].appearance}>{STATUS_LOZENGE[view.status].label}</Lozenge>
        ) : null}
      </Inline>
      {error ? <ResolverError error={error} /> : null}
      {actionError ? <ResolverError error={actionError} /> : null}
      {view ? (
        <JobDetails
          view={view}
          driving={driving}
          busy={busy}
          onCancel={() =>
            setAsking({
              title: 'Cancel this job?',
              message:
                'Rows already sent to CSM are still processed there; no more rows are sent. You can send the rows not sent later.',
              confirm: 'Cancel the job',
              appearance: 'warning',
              whileRunning: true,
              onConfirm: () => void cancel(),
            })
          }
          onRetry={() =>
            view.progress.changedSince > 0 && !view.retriedBy
              ? setAsking({
                  title: 'Restore organizations changed since?',
                  message: `${plural(view.progress.changedSince, 'organization')} changed again after job ${view.undoOf} (each is listed with what it holds now). Retrying puts back what ${view.progress.changedSince === 1 ? 'it' : 'they'} held before that job, overwriting the later change.`,
                  confirm: 'Restore them anyway',
                  appearance: 'warning',
                  onConfirm: () => void followUp('retryFailed'),
                })
              : void followUp('retryFailed')
          }
          onResume={() => void followUp('resumeJob')}
          onUndo={() =>
            setAsking({
              title: 'Undo this job?',
              message:
                'A new job puts back the names and detail values this job replaced, as they were just before each row was sent. Organizations changed again since the job are left as they are and listed, for you to restore or keep; organizations the job created stay.',
              confirm: 'Undo the job',
              appearance: 'warning',
              onConfirm: () => void followUp('undoJob'),
            })
          }
          onUndoOpen={() => void followUp('undoJob')}
          onDeleteCreated={() =>
            view.deletedBy
              ? onOpenJob(view.deletedBy)
              : setAsking({
                  title: 'Delete the organizations this job created?',
                  message: `The ${plural(view.ledger.created, 'organization')} this job's rows created ${view.ledger.created === 1 ? 'is' : 'are'} deleted from the site, by id, with ${view.ledger.created === 1 ? 'its' : 'their'} details and the customers associated with ${view.ledger.created === 1 ? 'it' : 'them'}. An organization already gone is left out. This cannot be undone.`,
                  confirm: 'Delete them',
                  appearance: 'danger',
                  onConfirm: () => void deleteCreated(),
                })
          }
          onDownload={download}
          onDownloadSkipped={downloadSkipped}
          onError={setActionError}
        />
      ) : (
        <Text>Loading the job…</Text>
      )}
      <ModalTransition>
        {asking ? <ConfirmModal question={asking} onClose={() => setAsking(undefined)} /> : null}
      </ModalTransition>
    </Stack>
  );
}
