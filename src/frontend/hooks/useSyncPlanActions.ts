import { useState } from 'react';
import type { SyncPlan } from '../../domain/sync';
import type { ResolverAnswers, ResolverResult } from '../../resolvers/contract';
import type { ShownError } from '../components/ResolverError';
import type { Verification } from '../components/SyncPlanCard';
import type { NewSyncPlan } from '../components/SyncPlanForm';
import { newUploadId, sendFile, UploadFailure, type FileSource } from '../upload';
import { call } from './useResolver';

export type RemovedPreview = ResolverAnswers['deleteRemovedFromSource'];

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
    kind: plan.kind,
    matchBy: plan.matchBy,
    removedFromSource: plan.removedFromSource,
    enabled: plan.enabled,
    ...(plan.mappingName !== undefined ? { mappingName: plan.mappingName } : {}),
  };
}

/** Saves a new plan, its file sent first. */
async function saveNewPlan(plan: NewSyncPlan) {
  const source =
    plan.source.kind === 'file'
      ? { kind: 'file' as const, fileName: plan.source.file.name, ...(await upload(plan.source.file.text)) }
      : plan.source;
  return call('saveSyncPlan', {
    name: plan.name,
    source,
    schedule: plan.schedule,
    kind: plan.kind,
    matchBy: plan.matchBy,
    removedFromSource: plan.removedFromSource,
    ...(plan.mappingName !== undefined ? { mappingName: plan.mappingName } : {}),
  });
}

/** Runs an action on the plans, shows its failure (or clears the last one), and reads the plans again. */
function usePlanAction(reload: () => void) {
  const [error, setError] = useState<ShownError>();
  const [busy, setBusy] = useState(false);
  const act = async <T>(
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
  return { error, busy, act };
}

/** Each plan's last Verify, with the run it followed: a later run makes it stale, and it is no longer shown. */
function useVerifications() {
  const [verifications, setVerifications] = useState<Record<string, { verification: Verification; afterRun?: number }>>(
    {},
  );
  const keep = (plan: SyncPlan, verification: Verification) =>
    setVerifications((shown) => ({ ...shown, [plan.id]: { verification, afterRun: plan.history[0]?.at } }));
  /** The plan's last Verify, unless a run came after it. */
  const of = (plan: SyncPlan) =>
    verifications[plan.id]?.afterRun === plan.history[0]?.at ? verifications[plan.id]?.verification : undefined;
  return { keep, of };
}

/**
 * What the admin does with sync plans (create, run, verify, pause, replace the file, review and delete what left the
 * source, delete a plan), and what the page shows of it.
 */
export function useSyncPlanActions(reload: () => void) {
  const { error, busy, act } = usePlanAction(reload);
  const verifications = useVerifications();
  /** The plan the admin asked to delete, until they confirm. */
  const [deleting, setDeleting] = useState<SyncPlan>();
  /** The organizations removed from a 'delete' plan's source, looked up for the admin to review before deleting. */
  const [reviewing, setReviewing] = useState<{ plan: SyncPlan; removed: RemovedPreview }>();
  /** The delete job of removed organizations just started (or started before, asked again). */
  const [deletingRemoved, setDeletingRemoved] = useState<{ plan: string; jobId: string; existing: boolean }>();

  const create = async (plan: NewSyncPlan): Promise<boolean> => {
    const refusedTitle =
      plan.source.kind === 'url'
        ? 'The app may not read this URL'
        : `Saving the sync plan found problems in ${plan.source.file.name}`;
    return (await act('Saving the sync plan', () => saveNewPlan(plan), refusedTitle)) !== undefined;
  };
  const verify = async (plan: SyncPlan) => {
    // A memberships plan has no drift to verify: its runs compare with the site each time. Its check is what the
    // next run would send now.
    const verification =
      plan.kind === 'memberships'
        ? await act('Looking up what the next run would change', () => call('previewSyncPlan', { planId: plan.id }))
        : await act('Checking for drift', () => call('verifySync', { planId: plan.id, includeInNextRun: true }));
    if (verification) verifications.keep(plan, verification);
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
  const runNow = (plan: SyncPlan) => act('Running the sync', () => call('runSyncNow', { planId: plan.id }));
  const toggle = (plan: SyncPlan) =>
    act('Saving the sync plan', () =>
      call('saveSyncPlan', { ...saved(plan), source: plan.source, enabled: !plan.enabled }),
    );

  return {
    error,
    busy,
    deleting,
    setDeleting,
    reviewing,
    setReviewing,
    deletingRemoved,
    verificationOf: verifications.of,
    create,
    verify,
    replaceFile,
    review,
    deleteRemoved,
    remove,
    runNow,
    toggle,
  };
}
