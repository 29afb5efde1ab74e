import { Button, Heading, Inline, Lozenge, ModalTransition, Stack, Text } from '@forge/react';
import { useState } from 'react';
import { isFinal } from '../../domain/job';
import type { JobAnswer } from '../../resolvers/contract';
import { useJobActions } from '../hooks/useJobActions';
import { useJobPolling } from '../hooks/useJobPolling';
import {
  cancelQuestion,
  deleteCreatedQuestion,
  restoreChangedQuestion,
  restoreQuestion,
  undoQuestion,
} from '../jobQuestions';
import { jobTitle, STATUS_LOZENGE } from '../words';
import { ConfirmModal } from './ConfirmModal';
import { JobDetails } from './JobDetails';
import { ResolverError } from './ResolverError';

export interface JobViewProps {
  jobId: string;
  pollMs: number;
  onOpenJob(jobId: string): void;
  onBack(): void;
}

/** One job: progress, counts, time left, failed rows, and what the admin can do next. */
export function JobView({ jobId, pollMs, onOpenJob, onBack }: JobViewProps) {
  const [restartKey, setRestartKey] = useState(0);
  const { view, error, driving } = useJobPolling(jobId, pollMs, restartKey);
  const ended = view !== undefined && isFinal(view.status);
  const actions = useJobActions(jobId, { onOpenJob, restart: () => setRestartKey((key) => key + 1), ended });
  const { asking, setAsking, followUp } = actions;

  return (
    <Stack space="space.200">
      <JobHeading view={view} onBack={onBack} />
      {error ? <ResolverError error={error} /> : null}
      {actions.actionError ? <ResolverError error={actions.actionError} /> : null}
      {view ? (
        <JobDetails
          view={view}
          driving={driving}
          busy={actions.busy}
          onCancel={() => setAsking(cancelQuestion(() => void actions.cancel()))}
          onRetry={() =>
            view.progress.changedSince > 0 && !view.retriedBy
              ? setAsking(restoreChangedQuestion(view, () => void followUp('retryFailed')))
              : void followUp('retryFailed')
          }
          onResume={() => void followUp('resumeJob')}
          onUndo={() => setAsking(undoQuestion(view, () => void followUp('undoJob')))}
          onUndoOpen={() => void followUp('undoJob')}
          onDeleteCreated={() =>
            view.deletedBy
              ? onOpenJob(view.deletedBy)
              : setAsking(deleteCreatedQuestion(view, () => void actions.deleteCreated()))
          }
          onRestore={() =>
            view.restoredBy
              ? onOpenJob(view.restoredBy)
              : setAsking(restoreQuestion(view, () => void actions.restore()))
          }
          onDownload={actions.download}
          onDownloadSkipped={actions.downloadSkipped}
          onError={actions.setActionError}
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

function JobHeading({ view, onBack }: { view: JobAnswer | undefined; onBack(): void }) {
  return (
    <Inline space="space.100" alignBlock="center">
      <Button appearance="subtle" iconBefore="arrow-left" onClick={onBack}>
        All jobs
      </Button>
      <Heading size="medium">{view ? jobTitle(view) : 'Job'}</Heading>
      {view ? (
        <Lozenge appearance={STATUS_LOZENGE[view.status].appearance}>{STATUS_LOZENGE[view.status].label}</Lozenge>
      ) : null}
    </Inline>
  );
}
