import { z } from 'zod';

export const SyncScheduleSchema = z.discriminatedUnion('every', [
  z.object({ every: z.literal('hour') }),
  z.object({ every: z.literal('day'), hour: z.number().int().min(0).max(23) }),
  /** weekday: 0 = Sunday, as Date.getUTCDay. Hours are UTC. */
  z.object({
    every: z.literal('week'),
    weekday: z.number().int().min(0).max(6),
    hour: z.number().int().min(0).max(23),
  }),
]);
export type SyncSchedule = z.infer<typeof SyncScheduleSchema>;

/** A CRM export read over https (its origin must also be declared in manifest.yml). */
export const SyncUrlSourceSchema = z.object({
  kind: z.literal('url'),
  url: z
    .string()
    .max(2_000)
    .regex(/^https:\/\/[^\s]+$/, 'must be an https address'),
});

export const SyncSourceSchema = z.discriminatedUnion('kind', [
  /** The uploaded file is kept in storage as the desired state. */
  z.object({ kind: z.literal('file'), fileName: z.string().max(255).optional() }),
  SyncUrlSourceSchema,
]);
export type SyncSource = z.infer<typeof SyncSourceSchema>;

export const SyncMatchSchema = z.enum(['name', 'id']);
export type SyncMatch = z.infer<typeof SyncMatchSchema>;

export const SyncRunStatusSchema = z.enum(['RUNNING', 'APPLIED', 'PARTIAL', 'UNCHANGED', 'WAITING', 'FAILED']);
export type SyncRunStatus = z.infer<typeof SyncRunStatusSchema>;

export interface SyncRun {
  at: number;
  trigger: 'schedule' | 'manual' | 'cli';
  status: SyncRunStatus;
  /** Source rows compared with the last-applied snapshot. */
  compared: number;
  /** Rows sent because they differ from the snapshot (or drifted). */
  changed: number;
  succeeded: number;
  failed: number;
  jobId?: string;
  /** Why a run failed or waits, in sentences an admin can act on. */
  reasons?: string[];
}

export interface SyncPlan {
  id: string;
  name: string;
  ownerAccountId: string;
  source: SyncSource;
  schedule: SyncSchedule;
  kind: 'profiles';
  matchBy: SyncMatch;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  lastRunAt?: number;
  /** Set when scheduled runs stopped (the owner is no longer a Jira administrator); saving the plan clears it. */
  pausedReason?: string;
  /** Newest first, at most MAX_SYNC_HISTORY. */
  history: SyncRun[];
}

export const MAX_SYNC_HISTORY = 20;

export function withRun(plan: SyncPlan, run: SyncRun): SyncPlan {
  return { ...plan, lastRunAt: run.at, history: [run, ...plan.history].slice(0, MAX_SYNC_HISTORY) };
}

/** Replaces the run that started job `jobId` (a finished job settles its run). */
export function withSettledRun(plan: SyncPlan, jobId: string, settle: (run: SyncRun) => SyncRun): SyncPlan {
  return { ...plan, history: plan.history.map((run) => (run.jobId === jobId ? settle(run) : run)) };
}
