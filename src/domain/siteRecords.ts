import { z } from 'zod';
import { boundedTaskCap, MAX_TASK_CAP, MIN_TASK_CAP } from './limits';
import { isObject, time, type RecordType } from './records';
import type { LearnedCap } from './taskCap';

/**
 * What the app stores per site, checked when read back as every stored record is (records.ts): the settings, the
 * learnt task cap, the task time, the remembered admin checks and Atlassian's quota pause.
 */

export interface SiteSettings {
  /** The task cap an admin pinned; absent, jobs use the cap learnt from CSM's answers (domain/taskCap.ts). */
  taskCap?: number;
}

export const DEFAULT_SETTINGS: SiteSettings = {};

/**
 * Version 2 of the site's settings: a task cap, if any, is pinned by the admin (absent, the app learns the site's).
 * A version 1 record was only ever stored by an admin saving a cap (absent settings were the default 5): its cap is
 * kept, as pinned. A cap stored before version 1's bound (up to 50 was accepted) reads as the highest allowed.
 */
export const SITE_SETTINGS: RecordType<SiteSettings> = {
  name: "site's settings",
  version: 2,
  schema: z.looseObject({ v: z.number().optional(), taskCap: z.number().int().positive().optional() }),
  migrate(stored, from) {
    const settings = { ...DEFAULT_SETTINGS, ...(isObject(stored) ? stored : {}) };
    if (from >= 1 || typeof settings.taskCap !== 'number') return settings;
    return { ...settings, taskCap: boundedTaskCap(settings.taskCap) };
  },
};

/** The site's task cap as learnt from CSM's answers (domain/taskCap.ts); absent, a new site's FIRST_TASK_CAP. */
export const LEARNED_CAP: RecordType<LearnedCap> = {
  name: "site's learnt task cap",
  version: 1,
  schema: z.looseObject({
    v: z.number().optional(),
    cap: z.number().int().min(MIN_TASK_CAP).max(MAX_TASK_CAP),
    refused: z.looseObject({ level: z.number().int().positive(), until: time }).optional(),
    at: time.optional(),
  }),
  migrate: (stored) => stored,
};

export interface TaskTimeEstimate {
  meanMs: number;
  minMs: number;
  /** How much task times spread around the mean (absent when stored before it was kept). */
  spreadMs?: number;
}

/** A record of version 0 that has never changed shape: checked when read, nothing to migrate. */
function plainRecord<T>(name: string, schema: z.ZodType<T>): RecordType<T> {
  return { name, version: 0, schema, migrate: (stored) => stored };
}

const milliseconds = z.number().nonnegative();
export const TASK_TIME = plainRecord<TaskTimeEstimate>(
  "site's task time",
  z.looseObject({ meanMs: milliseconds, minMs: milliseconds, spreadMs: milliseconds.optional() }),
);

/** When a user was last found a Jira admin by asking Jira (a cache: the answer is asked again once it is old). */
export interface AdminCheck {
  checkedAt: number;
}

export const ADMIN_CHECK = plainRecord<AdminCheck>('admin check', z.looseObject({ checkedAt: time }));

/** Until when a quota 429 holds the site's background calls. */
export interface QuotaPause {
  until: number;
}

export const QUOTA_PAUSE = plainRecord<QuotaPause>("site's quota pause", z.looseObject({ until: time }));
