import { Button, FileCard, Inline, ProgressBar, SectionMessage, Stack, Text } from '@forge/react';
import { isFinal } from '../../domain/job';
import { isSingleCallKind } from '../../domain/operations';
import type { JobAnswer } from '../../resolvers/contract';
import { CreatedOrganizations } from './CreatedOrganizations';
import { FailedRows } from './FailedRows';
import type { ShownError } from './ResolverError';
import { count, ledgerLine, plural, timeLeft } from '../words';

export interface DetailsProps {
  view: JobAnswer;
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
  /** A deletions job: asks, then creates again what it deleted (or opens the restore started before). */
  onRestore(): void;
  onDownload(): Promise<Blob>;
  /** The rows skipped for errors in the file, as a file (they were never sent). */
  onDownloadSkipped(): Promise<Blob>;
  onError(error: ShownError): void;
}

/** One job in full: its lineage, progress, ledger, what may be done next, its files and its failed rows. */
export function JobDetails({
  view,
  driving,
  busy,
  onCancel,
  onRetry,
  onResume,
  onUndo,
  onUndoOpen,
  onDeleteCreated,
  onRestore,
  onDownload,
  onDownloadSkipped,
  onError,
}: DetailsProps) {
  const { progress, ledger } = view;
  const final = isFinal(view.status);
  return (
    <Stack space="space.150">
      <JobLineage view={view} />
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
      {/* Done: every row the ledger has placed, but those a cancel left for a resume to send. */}
      <Text>{`${count(ledger.rows - ledger.pending - ledger.notSent)} of ${plural(ledger.rows, 'row')} done.`}</Text>
      <Text>{ledgerLine(ledger)}</Text>
      {progress.changedSince > 0 ? (
        <SectionMessage appearance="warning" title={`${plural(progress.changedSince, 'organization')} changed since`}>
          <Text>
            {`${progress.changedSince === 1 ? 'It was' : 'They were'} changed again after job ${view.undoOf ?? ''}, so ${progress.changedSince === 1 ? 'it was' : 'they were'} not put back: each failed row below says what it holds now. ${view.retriedBy ? `Job ${view.retriedBy} retried the failed rows, restoring ${progress.changedSince === 1 ? 'it' : 'them'} anyway.` : `Retry ${progress.changedSince === 1 ? 'it' : 'them'} to restore ${progress.changedSince === 1 ? 'it' : 'them'} anyway, or keep the later change.`}`}
          </Text>
        </SectionMessage>
      ) : null}
      {/* Single calls (memberships, deletions) hold no tasks: only a bulk job's requests are counted. */}
      {final && !isSingleCallKind(view.kind) && progress.tasks < progress.plannedTasks ? (
        <Text>{requestsLine(view)}</Text>
      ) : null}
      {!final ? (
        <Text>{`Tasks open: ${count(progress.openTasks)} of ${count(view.taskCap)} · Time left: ${timeLeft(view.estimatedRemainingMs)}`}</Text>
      ) : null}
      <JobActions
        view={view}
        busy={busy}
        onCancel={onCancel}
        onRetry={onRetry}
        onResume={onResume}
        onUndo={onUndo}
        onUndoOpen={onUndoOpen}
        onDeleteCreated={onDeleteCreated}
        onRestore={onRestore}
      />
      {final && ledger.created > 0 ? (
        <CreatedOrganizations jobId={view.id} deletedBy={view.deletedBy} onError={onError} />
      ) : null}
      {final ? <JobFiles view={view} onDownload={onDownload} onDownloadSkipped={onDownloadSkipped} /> : null}
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

/** Which job this one follows up, and the jobs that followed it up. */
function JobLineage({ view }: { view: JobAnswer }) {
  return (
    <>
      <Text>
        {`Job ${view.id}`}
        {view.retryOf ? ` (retry of job ${view.retryOf})` : ''}
        {view.resumeOf ? ` (the rows job ${view.resumeOf} did not send)` : ''}
        {view.undoOf ? ` (puts back what job ${view.undoOf} changed)` : ''}
        {view.deleteOf ? ` (deletes the organizations job ${view.deleteOf} created)` : ''}
        {view.restoreOf ? ` (creates again what job ${view.restoreOf} deleted)` : ''}
      </Text>
      {view.retriedBy ? <Text>{`Its failed rows were retried by job ${view.retriedBy}.`}</Text> : null}
      {view.resumedBy ? <Text>{`Its rows not sent were sent by job ${view.resumedBy}.`}</Text> : null}
      {view.restoredBy ? <Text>{`What it deleted was created again by job ${view.restoredBy}.`}</Text> : null}
    </>
  );
}

type ActionsProps = Pick<
  DetailsProps,
  'view' | 'busy' | 'onCancel' | 'onRetry' | 'onResume' | 'onUndo' | 'onUndoOpen' | 'onDeleteCreated' | 'onRestore'
>;

/** What the admin can do next: cancel a running job; retry, undo, delete what it created or resume one that ended. */
function JobActions(props: ActionsProps) {
  const { view, busy, onCancel, onRetry, onResume, onUndo, onUndoOpen, onDeleteCreated, onRestore } = props;
  const { progress, ledger } = view;
  const final = isFinal(view.status);
  return (
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
      {/* Only what existed before the job can be put back: a job that only created has nothing to undo; a memberships
          job's additions and removals are put back the other way round. */}
      {final && (view.undoneBy || (ledger.updated + ledger.added + ledger.removed > 0 && !view.undoOf)) ? (
        <Button appearance="default" isDisabled={busy} onClick={view.undoneBy ? onUndoOpen : onUndo}>
          {view.undoneBy ? 'Open the undo' : 'Undo this job'}
        </Button>
      ) : null}
      {final && (view.deletedBy || ledger.created > 0) ? (
        <Button appearance={view.deletedBy ? 'default' : 'danger'} isDisabled={busy} onClick={onDeleteCreated}>
          {view.deletedBy
            ? 'Open the delete job'
            : `Delete the ${plural(ledger.created, 'organization')} this job created`}
        </Button>
      ) : null}
      {final && (view.kind === 'deletions' || view.kind === 'merges') && (view.restoredBy || ledger.deleted > 0) ? (
        <Button appearance="default" isDisabled={busy} onClick={onRestore}>
          {view.restoredBy ? 'Open the restore' : `Restore the ${plural(ledger.deleted, 'organization')}`}
        </Button>
      ) : null}
      {final && progress.notSent > 0 ? (
        <Button appearance="primary" isDisabled={busy} onClick={onResume}>
          {view.resumedBy ? 'Open the job sending them' : `Send the ${plural(progress.notSent, 'row')} not sent`}
        </Button>
      ) : null}
    </Inline>
  );
}

/** An ended job's rows as files to download: the failed rows, and the rows skipped for errors in the file. */
function JobFiles({
  view,
  onDownload,
  onDownloadSkipped,
}: Pick<DetailsProps, 'view' | 'onDownload' | 'onDownloadSkipped'>) {
  const { ledger } = view;
  return (
    <>
      {view.failuresTotal > 0 ? (
        <Stack space="space.050">
          <FileCard fileName={`failed-rows-${view.id}.csv`} fileType="text/csv" onDownload={onDownload} />
          <Text>
            The failed rows as an import file, with the values sent and a Failure Reason column: correct the values and
            import the file again as it is.
          </Text>
        </Stack>
      ) : null}
      {ledger.skipped > 0 && (view.skippedParts ?? 0) > 0 ? (
        <Stack space="space.050">
          <FileCard fileName={`skipped-rows-${view.id}.csv`} fileType="text/csv" onDownload={onDownloadSkipped} />
          <Text>
            {`The ${plural(ledger.skipped, 'row')} skipped for errors in the file, as ${ledger.skipped === 1 ? 'it was' : 'they were'} in it, with a Failure Reason column saying what to fix: correct ${ledger.skipped === 1 ? 'it' : 'them'} and import the file as it is.`}
          </Text>
        </Stack>
      ) : null}
    </>
  );
}

/** Why a job that ended needed fewer requests than planned: a cancel, rows already as the file says, or packing. */
function requestsLine(view: JobAnswer): string {
  const { progress, ledger } = view;
  const requests = `${plural(progress.tasks, 'request')} to CSM instead of the ${count(progress.plannedTasks)} planned`;
  if (ledger.notSent > 0) return `${requests}: the job was cancelled before it sent the rest.`;
  if (ledger.unchanged > 0)
    return `${requests}: rows that changed nothing were left out, and the others packed into fewer requests.`;
  return `${requests}: the rows were packed into fewer requests.`;
}

/**
 * While the job runs, the bar fills with the rows done; once it ends, it shows the rows that succeeded, in green: a
 * job where half the rows failed ends half full, not full and dark.
 */
function progressBar(view: JobAnswer): { value: number; appearance: 'default' | 'success' } {
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
