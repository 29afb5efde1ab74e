import {
  Button,
  Heading,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  Stack,
  Text,
} from '@forge/react';
import React, { useState } from 'react';
import type { SyncPlan } from '../../domain/sync';
import type { ResolverAnswers, ResolverResult } from '../../resolvers/contract';
import { ResolverError, type ShownError } from './ResolverError';
import { SyncPlanCard, type Verification } from './SyncPlanCard';
import { SyncPlanForm, type NewSyncPlan } from './SyncPlanForm';
import { newUploadId, sendFile, UploadFailure, type FileSource } from '../upload';
import { POLL_MS } from '../hooks/useJobPolling';
import { call } from '../hooks/useResolver';
import { useSyncPlans } from '../hooks/useSyncPlans';
import { count, plural } from '../words';

/** A file goes up inline or in parts (see upload.ts), as the import does. */
function upload(text: string): Promise<FileSource> {
  return sendFile(text, { sendPart: (part) => call('uploadPart', part), newUploadId: () => newUploadId() });
}

/** The plan as it is, to save again with one thing changed (saving makes the caller its owner). */
function saved(plan: SyncPlan) {
  return {
    planId: plan.id,
    name: plan.name,
    schedule: plan.schedule,
    matchBy: plan.matchBy,
    removedFromSource: plan.removedFromSource,
    enabled: plan.enabled,
  };
}

/**
 * Sync plans: keep CSM organizations equal to a file or a URL export, on a schedule. The list is read again while
 * a run is going, so its status moves on by itself.
 */
export function SyncPlansView({ pollMs = POLL_MS }: { pollMs?: number }) {
  const { loaded, reload } = useSyncPlans(pollMs);
  const [error, setError] = useState<ShownError>();
  const [busy, setBusy] = useState(false);
  /** Each plan's last Verify, with the run it followed: a later run makes it stale, and it is no longer shown. */
  const [verifications, setVerifications] = useState<Record<string, { verification: Verification; afterRun?: number }>>(
    {},
  );
  const [deleting, setDeleting] = useState<SyncPlan>();
  /** The organizations removed from a 'delete' plan's source, looked up for the admin to review before deleting. */
  const [reviewing, setReviewing] = useState<{ plan: SyncPlan; removed: RemovedPreview }>();
  /** The delete job of removed organizations just started (or started before, asked again). */
  const [deletingRemoved, setDeletingRemoved] = useState<{ plan: string; jobId: string; existing: boolean }>();

  /** Runs an action, shows its failure (or clears the last one), and reads the plans again. */
  const act = async <T,>(
    action: string,
    perform: () => Promise<ResolverResult<T>>,
    /** The title of an INVALID_INPUT refusal, when it is not about a file. */
    invalidInputTitle?: string,
  ): Promise<T | undefined> => {
    setBusy(true);
    let result: ResolverResult<T> | { ok: false; code: string; message: string };
    try {
      result = await perform();
    } catch (failure) {
      // A file that could not go up: the part's answer says why.
      if (!(failure instanceof UploadFailure)) throw failure;
      result = { ok: false, code: failure.code, message: failure.message };
    } finally {
      setBusy(false);
    }
    setError(
      result.ok
        ? undefined
        : {
            code: result.code,
            message: result.message,
            action,
            ...(result.code === 'INVALID_INPUT' && invalidInputTitle ? { title: invalidInputTitle } : {}),
          },
    );
    reload();
    return result.ok ? result.data : undefined;
  };

  const create = async (plan: NewSyncPlan): Promise<boolean> => {
    const refusedTitle =
      plan.source.kind === 'url'
        ? 'The app may not read this URL'
        : `Saving the sync plan found problems in ${plan.source.file.name}`;
    const created = await act(
      'Saving the sync plan',
      async () => {
        const source =
          plan.source.kind === 'file'
            ? { kind: 'file' as const, fileName: plan.source.file.name, ...(await upload(plan.source.file.text)) }
            : plan.source;
        return call('saveSyncPlan', {
          name: plan.name,
          source,
          schedule: plan.schedule,
          matchBy: plan.matchBy,
          removedFromSource: plan.removedFromSource,
        });
      },
      refusedTitle,
    );
    return created !== undefined;
  };

  const verify = async (plan: SyncPlan) => {
    const verification = await act('Checking for drift', () =>
      call('verifySync', { planId: plan.id, includeInNextRun: true }),
    );
    if (verification)
      setVerifications((shown) => ({ ...shown, [plan.id]: { verification, afterRun: plan.history[0]?.at } }));
  };

  const replaceFile = (plan: SyncPlan, file: { name: string; text: string }) =>
    act('Replacing the file', async () =>
      call('saveSyncPlan', {
        ...saved(plan),
        source: { kind: 'file', fileName: file.name, ...(await upload(file.text)) },
      }),
    );

  const review = async (plan: SyncPlan) => {
    const removed = await act('Looking up the organizations removed from the source', () =>
      call('deleteRemovedFromSource', { planId: plan.id }),
    );
    if (removed) setReviewing({ plan, removed });
  };

  const deleteRemoved = async (plan: SyncPlan, reviewed: string) => {
    setReviewing(undefined);
    const answer = await act('Deleting the organizations removed from the source', () =>
      call('deleteRemovedFromSource', { planId: plan.id, confirm: true, reviewed }),
    );
    if (answer?.started)
      setDeletingRemoved({ plan: plan.name, jobId: answer.started.id, existing: answer.started.existing });
  };

  const remove = async (plan: SyncPlan) => {
    setDeleting(undefined);
    await act('Deleting the sync plan', () => call('deleteSyncPlan', { planId: plan.id }));
  };

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
          verification={
            verifications[plan.id]?.afterRun === plan.history[0]?.at ? verifications[plan.id]?.verification : undefined
          }
          busy={busy}
          onRunNow={() => void act('Running the sync', () => call('runSyncNow', { planId: plan.id }))}
          onVerify={() => void verify(plan)}
          onToggle={() =>
            void act('Saving the sync plan', () =>
              call('saveSyncPlan', { ...saved(plan), source: plan.source, enabled: !plan.enabled }),
            )
          }
          onReplaceFile={(file) => void replaceFile(plan, file)}
          onDelete={() => setDeleting(plan)}
          onReviewRemoved={() => void review(plan)}
        />
      ))}
      <SyncPlanForm busy={busy} onCreate={create} />
      <ModalTransition>
        {reviewing ? (
          <RemovedReview
            {...reviewing}
            onClose={() => setReviewing(undefined)}
            onConfirm={() => void deleteRemoved(reviewing.plan, reviewing.removed.reviewed)}
          />
        ) : null}
      </ModalTransition>
      <ModalTransition>
        {deleting ? (
          <Modal onClose={() => setDeleting(undefined)}>
            <ModalHeader>
              <ModalTitle>{`Delete the sync plan "${deleting.name}"?`}</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <Text>
                Its scheduled runs stop, and its file, its history and what its runs applied are deleted. The
                organizations in CSM stay as they are.
              </Text>
            </ModalBody>
            <ModalFooter>
              <Button appearance="subtle" onClick={() => setDeleting(undefined)}>
                Go back
              </Button>
              <Button appearance="danger" onClick={() => void remove(deleting)}>
                Delete the plan
              </Button>
            </ModalFooter>
          </Modal>
        ) : null}
      </ModalTransition>
    </Stack>
  );
}

type RemovedPreview = ResolverAnswers['deleteRemovedFromSource'];

/** The organizations removed from a plan's source, by name and id, and the confirmation that deletes them. */
function RemovedReview(props: { plan: SyncPlan; removed: RemovedPreview; onClose(): void; onConfirm(): void }) {
  const { plan, removed } = props;
  const gone =
    removed.gone > 0 ? ` ${plural(removed.gone, 'other')} ${removed.gone === 1 ? 'is' : 'are'} already gone.` : '';
  const shown = removed.organizations.slice(0, 20);
  return (
    <Modal onClose={props.onClose}>
      <ModalHeader>
        <ModalTitle>
          {removed.total > 0
            ? `Delete the ${plural(removed.total, 'organization')} removed from the source of "${plan.name}"?`
            : `Nothing removed from the source of "${plan.name}" waits to be deleted`}
        </ModalTitle>
      </ModalHeader>
      <ModalBody>
        {removed.total > 0 ? (
          <Text>
            {`These organizations are no longer in the source. A delete job deletes them from the site by id, with their details and the customers associated with them. This cannot be undone.${gone}`}
          </Text>
        ) : (
          <Text>{`No organization removed from the source is on the site.${gone}`}</Text>
        )}
        {shown.map((org) => (
          <Text key={org.id}>{`${org.name} (ID ${org.id})`}</Text>
        ))}
        {removed.total > shown.length ? <Text>{`… and ${count(removed.total - shown.length)} more.`}</Text> : null}
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={props.onClose}>
          Go back
        </Button>
        {removed.total > 0 ? (
          <Button appearance="danger" onClick={props.onConfirm}>
            Delete them
          </Button>
        ) : null}
      </ModalFooter>
    </Modal>
  );
}
