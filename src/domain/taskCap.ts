import { MAX_TASK_CAP, MIN_TASK_CAP } from './limits';

/**
 * The site's cap on open bulk tasks, learnt from CSM's answers. Atlassian's bulk-operations page gives the cap as 10
 * on one copy and 5 on another (shared/reference/csm-api.md), and the cap is the site's, shared with every other
 * tool importing there: so a job starts at what the site last took (5 on a new site), tries one more task after
 * each wave CSM took in full, and steps back at a "Maximum number of tasks reached" refusal. A refused level is not
 * tried again for REFUSED_LEVEL_KEPT_MS: on a site of 5 a job meets the cap once, not at every wave.
 */
export const FIRST_TASK_CAP = 5;
/** How long a level CSM refused is not tried again: other tools' imports come and go, the site's cap does not. */
export const REFUSED_LEVEL_KEPT_MS = 15 * 60_000;

export interface LearnedCap {
  /** How many tasks the site took at once, as far as the app knows: the cap a new job starts with. */
  cap: number;
  /** The lowest level CSM refused lately, and until when it is not tried again. */
  refused?: { level: number; until: number };
  /** When CSM last taught something (a level taken in full, or a refusal). */
  at?: number;
}

export const UNLEARNT_CAP: LearnedCap = { cap: FIRST_TASK_CAP };

const bounded = (cap: number) => Math.min(MAX_TASK_CAP, Math.max(MIN_TASK_CAP, Math.floor(cap)));

/** Whether `level` open tasks is worth trying now: within the bounds and not lately refused. */
function mayTry(learned: LearnedCap, level: number, now: number): boolean {
  if (level > MAX_TASK_CAP) return false;
  const { refused } = learned;
  return !refused || now >= refused.until || level < refused.level;
}

/**
 * CSM took a send that brought the site's open tasks (this job's and the others' the app knows of) to `level`.
 * When that filled the cap, the cap rises by one, unless that level was refused lately.
 */
export function tookTasks(learned: LearnedCap, level: number, now: number): LearnedCap {
  if (level < learned.cap || !mayTry(learned, learned.cap + 1, now)) return learned;
  const refused = learned.refused && now < learned.refused.until ? learned.refused : undefined;
  return { cap: bounded(learned.cap + 1), ...(refused ? { refused } : {}), at: now };
}

/**
 * CSM refused a send that would have brought the site's open tasks the app knows of to `level`: the site takes
 * fewer (its cap, or other tools hold the rest). The cap steps back below that level, which is not tried again for a
 * while.
 */
export function refusedTasks(learned: LearnedCap, level: number, now: number): LearnedCap {
  const refusedLevel = Math.max(MIN_TASK_CAP + 1, level);
  const kept = learned.refused && now < learned.refused.until ? learned.refused.level : Infinity;
  return {
    cap: bounded(Math.min(learned.cap, refusedLevel - 1)),
    refused: { level: Math.min(kept, refusedLevel), until: now + REFUSED_LEVEL_KEPT_MS },
    at: now,
  };
}
