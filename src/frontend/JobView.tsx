import {
  Button,
  DynamicTable,
  FileCard,
  Heading,
  Inline,
  Lozenge,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  ProgressBar,
  SectionMessage,
  Stack,
  Text,
} from '@forge/react';
import React, { useState } from 'react';
import { isFinal } from '../domain/job';
import type { JobView as JobViewData } from '../jobs/views';
import { failedRowsCsv, type FailedRow } from '../domain/export/failedRows';
import { CreatedOrganizations } from './CreatedOrganizations';
import { ResolverError, type ShownError } from './ResolverError';
import { useJobPolling } from './useJobPolling';
import { call } from './useResolver';
import { count, jobTitle, ledgerLine, plural, STATUS_LOZENGE, timeLeft } from './words';

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
        onConfirm: () => void followUp(name, true),
      });
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
              onConfirm: () => void cancel(),
            })
          }
          onRetry={() =>
            view.progress.changedSince > 0 && !view.retriedBy
              ? setAsking({
                  title: 'Restore organizations changed since?',
                  message: `${plural(view.progress.changedSince, 'organization')} changed again after job ${view.undoOf} (each is listed with what it holds now). Retrying puts back what ${view.progress.changedSince === 1 ? 'it' : 'they'} held before that job, overwriting the later change.`,
                  confirm: 'Restore them anyway',
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
                  onConfirm: () => void deleteCreated(),
                })
          }
          onDownload={download}
          onAsk={(question) =>
            setAsking({
              ...question,
              onConfirm: () => {
                setAsking(undefined);
                question.onConfirm();
              },
            })
          }
          onError={setActionError}
        />
      ) : (
        <Text>Loading the job…</Text>
      )}
      <ModalTransition>
        {asking ? (
          <Modal onClose={() => setAsking(undefined)}>
            <ModalHeader>
              <ModalTitle>{asking.title}</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <Text>{asking.message}</Text>
            </ModalBody>
            <ModalFooter>
              <Button appearance="subtle" onClick={() => setAsking(undefined)}>
                Go back
              </Button>
              <Button appearance="warning" onClick={asking.onConfirm}>
                {asking.confirm}
              </Button>
            </ModalFooter>
          </Modal>
        ) : null}
      </ModalTransition>
    </Stack>
  );
}

interface Question {
  title: string;
  message: string;
  confirm: string;
  onConfirm(): void;
}

interface DetailsProps {
  view: JobViewData;
  driving: boolean;
  busy: boolean;
  onCancel(): void;
  onRetry(): void;
  onResume(): void;
  /** Asks, then starts the job putting back what this one replaced; onUndoOpen opens the one started before. */
  onUndo(): void;
  onUndoOpen(): void;
  /** Asks, then starts the delete job of the organizations the job created (or opens the one started before). */
  onDeleteCreated(): void;
  onDownload(): Promise<Blob>;
  /** Asks the admin a question (the page's confirmation) before an action; onError shows what went wrong. */
  onAsk(question: Question): void;
  onError(error: ShownError): void;
}

function JobDetails({
  view,
  driving,
  busy,
  onCancel,
  onRetry,
  onResume,
  onUndo,
  onUndoOpen,
  onDeleteCreated,
  onDownload,
  onError,
}: DetailsProps) {
  const { progress, ledger } = view;
  const done = progress.succeeded + progress.failed + progress.unchanged;
  const final = isFinal(view.status);
  return (
    <Stack space="space.150">
      <Text>
        {`Job ${view.id}`}
        {view.retryOf ? ` (retry of job ${view.retryOf})` : ''}
        {view.resumeOf ? ` (the rows job ${view.resumeOf} did not send)` : ''}
        {view.undoOf ? ` (puts back what job ${view.undoOf} changed)` : ''}
        {view.deleteOf ? ` (deletes the organizations job ${view.deleteOf} created)` : ''}
      </Text>
      {view.retriedBy ? <Text>{`Its failed rows were retried by job ${view.retriedBy}.`}</Text> : null}
      {view.resumedBy ? <Text>{`Its rows not sent were sent by job ${view.resumedBy}.`}</Text> : null}
      {!final && (view.status === 'WAITING_FOR_USER' || driving) ? (
        <SectionMessage appearance="warning" title="Keep this page open: it is running the job">
          <Text>
            {view.waitingReason ??
              'The site does not let the app act for you in the background, so this page sends the rows while it stays open.'}
          </Text>
          <Text>If you close the page, the job waits until someone opens it again.</Text>
        </SectionMessage>
      ) : null}
      {view.lastError ? (
        <SectionMessage appearance="warning" title="The last attempt ran into a problem">
          <Text>{view.lastError}</Text>
        </SectionMessage>
      ) : null}
      <ProgressBar {...progressBar(view)} ariaLabel="Job progress" />
      <Text>
        {`${count(done)} of ${plural(progress.total, 'row')} done. Sent: ${count(progress.sent)} · Succeeded: ${count(progress.succeeded)} · Failed: ${count(progress.failed)}${progress.unchanged > 0 ? ` · Unchanged (not sent): ${count(progress.unchanged)}` : ''} · ${progress.notSent > 0 ? `Not sent: ${count(progress.notSent)}` : `Pending: ${count(progress.pending)}`}`}
      </Text>
      <Text>{ledgerLine(view.ledger)}</Text>
      {view.skippedRows > 0 ? <Text>{`${plural(view.skippedRows, 'row')} with errors skipped.`}</Text> : null}
      {progress.changedSince > 0 ? (
        <SectionMessage appearance="warning" title={`${plural(progress.changedSince, 'organization')} changed since`}>
          <Text>
            {`${progress.changedSince === 1 ? 'It was' : 'They were'} changed again after job ${view.undoOf ?? ''}, so ${progress.changedSince === 1 ? 'it was' : 'they were'} not put back: each failed row below says what it holds now. ${view.retriedBy ? `Job ${view.retriedBy} retried the failed rows, restoring ${progress.changedSince === 1 ? 'it' : 'them'} anyway.` : `Retry ${progress.changedSince === 1 ? 'it' : 'them'} to restore ${progress.changedSince === 1 ? 'it' : 'them'} anyway, or keep the later change.`}`}
          </Text>
        </SectionMessage>
      ) : null}
      {final && progress.tasks < progress.plannedTasks ? (
        <Text>{`${plural(progress.tasks, 'request')} to CSM instead of the ${count(progress.plannedTasks)} planned: rows that changed nothing were left out, and the others packed into fewer requests.`}</Text>
      ) : null}
      {!final ? (
        <Text>{`Tasks open: ${count(progress.openTasks)} of ${count(view.taskCap)} · Time left: ${timeLeft(view.estimatedRemainingMs)}`}</Text>
      ) : null}
      <Inline space="space.100">
        {!final ? (
          <Button appearance="warning" isDisabled={busy || view.status === 'CANCELLING'} onClick={onCancel}>
            Cancel job
          </Button>
        ) : null}
        {final && (view.retriedBy || view.failuresRetryable > 0) ? (
          <Button appearance="primary" isDisabled={busy} onClick={onRetry}>
            {view.retriedBy ? 'Open the retry' : `Retry ${plural(view.failuresRetryable, 'row')}`}
          </Button>
        ) : null}
        {final && (view.undoneBy || (progress.succeeded > 0 && !view.undoOf)) ? (
          <Button appearance="default" isDisabled={busy} onClick={view.undoneBy ? onUndoOpen : onUndo}>
            {view.undoneBy ? 'Open the undo' : 'Undo this job'}
          </Button>
        ) : null}
        {final && (view.deletedBy || ledger.created > 0) ? (
          <Button appearance={view.deletedBy ? 'default' : 'warning'} isDisabled={busy} onClick={onDeleteCreated}>
            {view.deletedBy
              ? 'Open the delete job'
              : `Delete the ${plural(ledger.created, 'organization')} this job created`}
          </Button>
        ) : null}
        {final && progress.notSent > 0 ? (
          <Button appearance="primary" isDisabled={busy} onClick={onResume}>
            {view.resumedBy ? 'Open the job sending them' : `Send the ${plural(progress.notSent, 'row')} not sent`}
          </Button>
        ) : null}
      </Inline>
      {final && ledger.created > 0 ? (
        <CreatedOrganizations jobId={view.id} deletedBy={view.deletedBy} onError={onError} />
      ) : null}
      {final && view.failuresTotal > 0 ? (
        <Stack space="space.050">
          <FileCard fileName={`failed-rows-${view.id}.csv`} fileType="text/csv" onDownload={onDownload} />
          <Text>
            The failed rows as an import file, with the values sent and a Failure Reason column: correct the values and
            import the file again as it is.
          </Text>
        </Stack>
      ) : null}
      {view.failuresTotal > 0 ? (
        <FailedRows
          failures={view.failures}
          total={view.failuresTotal}
          retryable={view.failuresRetryable}
          changedSince={progress.changedSince}
        />
      ) : null}
    </Stack>
  );
}

/**
 * While the job runs, the bar fills with the rows done; once it ends, it shows the rows that succeeded, in green: a
 * job where half the rows failed ends half full, not full and dark.
 */
function progressBar(view: JobViewData): { value: number; appearance: 'default' | 'success' } {
  const { progress } = view;
  if (!isFinal(view.status))
    return {
      value: progress.total > 0 ? (progress.succeeded + progress.failed + progress.unchanged) / progress.total : 0,
      appearance: 'default',
    };
  return {
    value: progress.total > 0 ? (progress.succeeded + progress.unchanged) / progress.total : 1,
    appearance: 'success',
  };
}

function FailedRows(props: {
  failures: JobViewData['failures'];
  total: number;
  retryable: number;
  /** Of the retryable rows, an undo's rows held back because their organization changed after the job. */
  changedSince: number;
}) {
  const { failures, total, retryable: allRetryable, changedSince } = props;
  const fix = total - allRetryable;
  const retryable = Math.max(0, allRetryable - changedSince);
  return (
    <Stack space="space.100">
      <Text>
        {total > failures.length
          ? `${plural(total, 'row')} failed; the first ${count(failures.length)} are shown. The file above holds them all.`
          : `${plural(total, 'row')} failed.`}
      </Text>
      {retryable > 0 ? (
        <Text>{`${plural(retryable, 'row')} failed for a passing reason (CSM busy or rate-limited, an answer lost): a retry sends ${retryable === 1 ? 'it' : 'them'} again as ${retryable === 1 ? 'it is' : 'they are'}.`}</Text>
      ) : null}
      {fix > 0 ? (
        <Text>{`${plural(fix, 'row')} CSM refused for what ${fix === 1 ? 'it holds' : 'they hold'}: a retry would fail the same way. Correct ${fix === 1 ? 'it' : 'them'} in the failed-rows file and import that file.`}</Text>
      ) : null}
      <DynamicTable
        caption="Failed rows"
        rowsPerPage={20}
        head={{
          cells: [
            { key: 'row', content: 'Row' },
            { key: 'organization', content: 'Organization' },
            { key: 'reason', content: 'Reason' },
            { key: 'next', content: 'Next step' },
          ],
        }}
        rows={failures.map((failure) => ({
          key: `failure-${failure.index}`,
          cells: [
            { key: 'row', content: String(failure.row) },
            { key: 'organization', content: failure.name ?? (failure.id ? `Organization ${failure.id}` : '') },
            { key: 'reason', content: failure.error },
            { key: 'next', content: failure.retryable ? 'Retry' : 'Fix in the file' },
          ],
        }))}
      />
    </Stack>
  );
}

type FailedRows = { kind: JobViewData['kind']; rows: FailedRow[] } | { error: ShownError };

async function allFailedRows(jobId: string): Promise<FailedRows> {
  const rows: FailedRow[] = [];
  for (;;) {
    const result = await call('failedRows', { jobId, offset: rows.length });
    if (!result.ok)
      return { error: { code: result.code, message: result.message, action: 'Downloading the failed rows' } };
    rows.push(...result.data.rows);
    if (result.data.rows.length === 0 || rows.length >= result.data.total) return { kind: result.data.kind, rows };
  }
}
