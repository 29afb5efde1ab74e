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

export const SyncKindSchema = z.enum(['profiles', 'memberships']);
export type SyncKind = z.infer<typeof SyncKindSchema>;

export const SyncMatchSchema = z.enum(['name', 'id']);
export type SyncMatch = z.infer<typeof SyncMatchSchema>;

/**
 * How a run's rows are keyed in its snapshot. A plan whose mapping has a key matches rows by it: each row its key
 * found on the site carries that organization's id (jobs/lifecycle/keyMatch.ts), so the run keys rows by id, and a
 * row no organization's key matched, by name; otherwise as the plan says.
 */
export function matchOfRun(matchBy: SyncMatch, mapping: { key?: string } | undefined): SyncMatch {
  return mapping?.key === undefined ? matchBy : 'id';
}

/**
 * What a run does with organizations its snapshot holds but the source no longer lists. Either way they leave the
 * snapshot (so a row that comes back is compared again) and each run that finds them lists them. 'leave' (the
 * default): they stay in CSM as they are. 'delete': the run keeps them aside and the plan offers them for deletion;
 * the admin previews them (looked up on the site, by id) and confirms, and a delete job deletes them. A run never
 * deletes anything by itself: deleting cannot be undone.
 */
export const RemovedFromSourceSchema = z.enum(['leave', 'delete']);
export type RemovedFromSource = z.infer<typeof RemovedFromSourceSchema>;
export const DEFAULT_REMOVED_FROM_SOURCE: RemovedFromSource = 'leave';

/** A run's report names at most this many organizations removed from the source; `count` has them all. */
export const MAX_REMOVED_SHOWN = 20;

export interface RemovedRows {
  count: number;
  /** The first MAX_REMOVED_SHOWN, as the snapshot knows them: "acme" (names are matched in lower case) or "ID 17". */
  shown: string[];
}

export const SyncRunStatusSchema = z.enum(['RUNNING', 'APPLIED', 'PARTIAL', 'UNCHANGED', 'WAITING', 'FAILED']);
export type SyncRunStatus = z.infer<typeof SyncRunStatusSchema>;

export interface SyncRun {
  at: number;
  trigger: 'schedule' | 'manual' | 'cli';
  status: SyncRunStatus;
  /** Source rows compared with the last-applied snapshot. */
  compared: number;
  /**
   * Rows sent to CSM to compare because they differ from the snapshot (or drifted); not all of them change in CSM:
   * `succeeded` did, `unchanged` CSM already held. The name is kept for the history stored before; runCounts and
   * describeRunCounts (describe.ts) say what it means.
   */
  changed: number;
  /** Of the rows sent, those the job changed in CSM. */
  succeeded: number;
  failed: number;
  /** Of the changed rows, those the job found CSM already holds (read, compared, not sent). */
  unchanged?: number;
  /** Organizations the snapshot held that the source no longer lists, and what the run did with them. */
  removed?: RemovedRows & { action: RemovedFromSource };
  jobId?: string;
  /** Why a run failed or waits, in sentences an admin can act on. */
  reasons?: string[];
  /** The source the run read (see SyncRuns.settledSource): its job settling whole makes it the settled source. */
  sourceHash?: string;
}

export interface SyncPlan {
  id: string;
  name: string;
  ownerAccountId: string;
  source: SyncSource;
  schedule: SyncSchedule;
  /** What the source holds: organization profiles (the default), or who belongs to each organization. */
  kind: SyncKind;
  matchBy: SyncMatch;
  /** What runs do with organizations removed from the source (plans saved before it existed: 'leave'). */
  removedFromSource: RemovedFromSource;
  /**
   * A profiles plan's saved mapping (domain/mapping/saved.ts), by name, read at every run: the source's columns and
   * values in the site's words, and, when it has a key, rows matched by it (see matchOfRun). Plans saved before it
   * existed have none.
   */
  mappingName?: string;
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

/**
 * What a plan's runs keep, apart from the plan as saved: written only by the run that holds the plan's claim (see
 * jobs/sync/claim.ts), so that saving the plan, listing it and two runs never overwrite each other's entries.
 */
export interface SyncRuns {
  lastRunAt?: number;
  /** Newest first, at most MAX_SYNC_HISTORY. */
  history: SyncRun[];
  /**
   * The source (a hash of it, with how its rows match) of which the snapshot holds every row as CSM held it when
   * last compared: the same source again changes nothing, so a run of it reads nothing from CSM.
   */
  settledSource?: SettledSource;
}

export interface SettledSource {
  hash: string;
  rows: number;
}

export function withRun<T extends Pick<SyncRuns, 'lastRunAt' | 'history'>>(runs: T, run: SyncRun): T {
  return { ...runs, lastRunAt: run.at, history: [run, ...runs.history].slice(0, MAX_SYNC_HISTORY) };
}

/** Replaces the run that started job `jobId` (a finished job settles its run). */
export function withSettledRun<T extends Pick<SyncRuns, 'history'>>(
  runs: T,
  jobId: string,
  settle: (run: SyncRun) => SyncRun,
): T {
  return { ...runs, history: runs.history.map((run) => (run.jobId === jobId ? settle(run) : run)) };
}
