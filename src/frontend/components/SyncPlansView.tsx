import { Heading, ModalTransition, Stack, Text } from '@forge/react';
import { POLL_MS } from '../hooks/useJobPolling';
import { useSyncPlanActions } from '../hooks/useSyncPlanActions';
import { useSyncPlans } from '../hooks/useSyncPlans';
import { ResolverError } from './ResolverError';
import { SyncPlanCard } from './SyncPlanCard';
import { SyncPlanForm } from './SyncPlanForm';
import { DeletePlanModal, RemovedReview } from './SyncPlanModals';

/**
 * Sync plans: keep CSM organizations equal to a file or a URL export, on a schedule. The list is read again while
 * a run is going, so its status moves on by itself.
 */
export function SyncPlansView({ pollMs = POLL_MS }: { pollMs?: number }) {
  const { loaded, reload } = useSyncPlans(pollMs);
  const actions = useSyncPlanActions(reload);
  const { error, busy, deleting, setDeleting, reviewing, setReviewing, deletingRemoved } = actions;

  const plans = loaded.state === 'ready' ? loaded.data.plans : [];
  return (
    <Stack space="space.100">
      <Heading size="small">Sync plans</Heading>
      {loaded.state === 'error' ? <ResolverError error={{ ...loaded, action: 'Loading the sync plans' }} /> : null}
      {error ? <ResolverError error={error} /> : null}
      {deletingRemoved ? (
        <Text>{`Job ${deletingRemoved.jobId} ${deletingRemoved.existing ? 'was already deleting' : 'deletes'} the organizations removed from the source of "${deletingRemoved.plan}": open it on the Jobs tab to see what became of each.`}</Text>
      ) : null}
      {loaded.state === 'ready' && plans.length === 0 ? (
        <Text>No sync plans yet. Add one below to keep CSM&apos;s organizations equal to a file or a URL.</Text>
      ) : null}
      {plans.map((plan) => (
        <SyncPlanCard
          key={plan.id}
          plan={plan}
          verification={actions.verificationOf(plan)}
          busy={busy}
          onRunNow={() => void actions.runNow(plan)}
          onVerify={() => void actions.verify(plan)}
          onToggle={() => void actions.toggle(plan)}
          onReplaceFile={(file) => void actions.replaceFile(plan, file)}
          onDelete={() => setDeleting(plan)}
          onReviewRemoved={() => void actions.review(plan)}
        />
      ))}
      <SyncPlanForm busy={busy} onCreate={actions.create} />
      <ModalTransition>
        {reviewing ? (
          <RemovedReview
            {...reviewing}
            onClose={() => setReviewing(undefined)}
            onConfirm={() => void actions.deleteRemoved(reviewing.plan, reviewing.removed.reviewed)}
          />
        ) : null}
      </ModalTransition>
      <ModalTransition>
        {deleting ? (
          <DeletePlanModal
            plan={deleting}
            onClose={() => setDeleting(undefined)}
            onConfirm={() => void actions.remove(deleting)}
          />
        ) : null}
      </ModalTransition>
    </Stack>
  );
}
