import type { SyncRun } from '../../src/domain/sync';
import type { ResolverResult } from '../../src/resolvers/contract';
import type { HandlerResults } from '../../src/resolvers/handlers';
import type { JobView } from '../../src/jobs/views';
import type { LocalRuntime } from '../runtime';
import { ResolverCallError, type ApplySummary } from './bulkApply';

/** The plan `bulk sync` keeps in its state directory, so consecutive runs diff against each other. */
export const CLI_PLAN_ID = 'cli';
const UPLOAD_PART_CHARS = 60_000;

async function call<K extends keyof HandlerResults>(runtime: LocalRuntime, name: K, payload: unknown): Promise<HandlerResults[K]> {
  const result = await runtime.invokeResolver<ResolverResult<HandlerResults[K]>>(name, payload);
  if (!result.ok) throw new ResolverCallError(result.code, result.message);
  return result.data;
}

export type SyncSummary = ApplySummary & { sync: { status: SyncRun['status']; compared: number; changed: number; reasons?: string[] } };

async function planSource(runtime: LocalRuntime, source: { url: string } | { text: string; fileName: string }) {
  if ('url' in source) return { kind: 'url', url: source.url };
  if (source.text.length <= UPLOAD_PART_CHARS) return { kind: 'file', fileName: source.fileName, text: source.text };
  const uploadId = `sync-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  for (let part = 0; part * UPLOAD_PART_CHARS < source.text.length; part += 1) {
    await call(runtime, 'uploadPart', { uploadId, part, text: source.text.slice(part * UPLOAD_PART_CHARS, (part + 1) * UPLOAD_PART_CHARS) });
  }
  return { kind: 'file', fileName: source.fileName, uploadId };
}

/** One sync run through the app's own resolvers (the code the scheduled trigger runs), waiting for its job. */
export async function syncOnce(
  runtime: LocalRuntime,
  input: { source: { url: string } | { text: string; fileName: string }; onProgress?: (view: JobView) => void; pollMs?: number },
): Promise<SyncSummary> {
  const started = Date.now();
  // Paused: the plan runs only when the CLI asks, never from the playground's hourly trigger.
  await call(runtime, 'saveSyncPlan', { planId: CLI_PLAN_ID, name: 'bulk sync (CLI)', source: await planSource(runtime, input.source), schedule: { every: 'hour' }, enabled: false });
  const { run } = await call(runtime, 'runSyncNow', { planId: CLI_PLAN_ID });
  const sync = { status: run.status, compared: run.compared, changed: run.changed, ...(run.reasons ? { reasons: run.reasons } : {}) };
  const base = { jobId: null, kind: 'profiles' as const, rows: run.compared, operations: 0, chunks: 0, tasks: 0, succeeded: 0, failed: 0, errors: [], failures: [] };
  const noRequests = { write: 0, statusPolls: 0, reads: 0, retries: 0 };
  if (!run.jobId) {
    const status: ApplySummary['status'] = run.status === 'UNCHANGED' ? 'SUCCEEDED' : 'INVALID';
    const errors = (run.reasons ?? []).map((message) => ({ row: null, message }));
    return { ...base, status, errors, requests: noRequests, elapsedMs: Date.now() - started, sync };
  }
  let view: JobView;
  for (;;) {
    view = await call(runtime, 'getJob', { jobId: run.jobId, failuresLimit: 1000 });
    input.onProgress?.(view);
    if (['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'].includes(view.status)) break;
    await new Promise((resolve) => setTimeout(resolve, input.pollMs ?? 100));
  }
  // Settles the run: the rows that succeeded join the snapshot the next run diffs against.
  const { plans } = await call(runtime, 'listSyncPlans', {});
  const settled = plans.find((plan) => plan.id === CLI_PLAN_ID)?.history.find((entry) => entry.jobId === run.jobId);
  return {
    jobId: view.id,
    kind: view.kind,
    status: view.status as ApplySummary['status'],
    rows: run.compared,
    operations: view.progress.total,
    chunks: view.progress.chunks,
    tasks: view.progress.chunksDone,
    succeeded: view.progress.succeeded,
    failed: view.progress.failed,
    errors: [],
    failures: view.failures.map(({ row, id, name, error }) => ({ row, ...(id ? { id } : {}), ...(name ? { name } : {}), error })),
    requests: view.requests,
    elapsedMs: Date.now() - started,
    sync: { ...sync, status: settled?.status ?? sync.status },
  };
}
