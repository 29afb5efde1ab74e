import type { ChunkState } from '../../domain/job';
import { isFinal } from '../../domain/job';
import { isSingleCallKind } from '../../domain/operations';
import { refusedTasks, tookTasks, type LearnedCap } from '../../domain/taskCap';
import { ENGINE_TIMING } from '../../domain/timing';
import { leaseIsLive } from '../lifecycle/lease';
import { freeEndedTasks, isIdle, type Holding } from './idleJobTasks';
import type { JobRun } from './jobRun';

/** How often a send may ask CSM whether slots that nobody vouches for are really taken. */
export const PROBE_EVERY_MS = 30_000;
/** The other jobs are counted again at most this often, however soon an idle job's task may end. */
const RECOUNT_AT_MOST_EVERY_MS = 1_000;

/**
 * The site's task slots as one driver sees them: the cap is per site, so the tasks of the site's other jobs take
 * slots too. They are counted from what the tasks say, not from who holds them: a job driven now counts what its
 * driver wrote; a job nobody drives (parked for its owner, or abandoned) has its tasks polled here, as this driver's
 * user, and those that ended free their slots (idleJobTasks.ts).
 *
 * What no one can vouch for (a send of an idle job that may not have reached CSM, a task CSM would not show this
 * user) is learnt from CSM itself: when only that stands in the way, one send now and then asks. CSM's refusal
 * ("Maximum number of tasks reached") means the site has no free slot now, and costs nothing (the chunk waits as
 * before); its acceptance means those counts were stale, and the next send may ask again at once. This job's own
 * tasks never pass its cap either way.
 */
export class SiteSlots {
  private elsewhere: Holding = { confirmed: 0, unconfirmed: 0 };
  /** When the other jobs are counted again: after the refresh time, or sooner when an idle job's task may end. */
  private recountAt = -Infinity;
  /** Unconfirmed slots CSM showed free, by accepting a send made only because of them (cleared by a refusal). */
  private provenFree = 0;
  private probeFrom = 0;
  private probing = false;
  private probe: number | undefined;
  /** What this driver knows of the site's cap (read once, when CSM first answers a send). */
  private learned: LearnedCap | undefined;

  constructor(private readonly run: JobRun) {}

  /** How many chunks this job may send now, holding `own` tasks itself. */
  async free(own: number, now: number): Promise<number> {
    this.probing = false;
    const room = this.run.job.taskCap - own;
    if (room <= 0) return 0;
    const { confirmed, unconfirmed } = await this.heldElsewhere(now);
    const free = room - confirmed - Math.max(0, unconfirmed - this.provenFree);
    if (free > 0) return free;
    if (room > confirmed && now >= this.probeFrom) {
      this.probeFrom = now + PROBE_EVERY_MS;
      this.probing = true;
      return 1;
    }
    return 0;
  }

  /** The chunks a claim took: the first is the asking send, if `free` allowed one. */
  claimed(indexes: readonly number[]): void {
    if (this.probing && indexes.length > 0) this.probe = indexes[0];
    this.probing = false;
  }

  /** A send was answered, leaving its chunk in `state`: OPEN when CSM took it, PENDING when refused for the cap. */
  async answered(index: number, state: ChunkState, now: number): Promise<void> {
    const probe = index === this.probe;
    if (state === 'PENDING') {
      // The site is full now, whatever the counts said: they are read again (after the dispatcher's back-off).
      this.provenFree = 0;
      this.recountAt = -Infinity;
      if (probe) this.probe = undefined;
      // A probe asks about slots nobody vouches for, not about the cap: its refusal teaches the cap nothing.
      else await this.learn((learned, level) => refusedTasks(learned, level + 1, now));
      return;
    }
    if (state !== 'OPEN') return;
    if (probe) {
      this.probe = undefined;
      this.provenFree += 1;
      this.probeFrom = now;
    } else await this.learn((learned, level) => tookTasks(learned, level, now));
  }

  /**
   * Moves the job's cap by what CSM's answer taught, `level` being the tasks the site holds that the app knows of
   * (this job's that CSM took, the other jobs'), and keeps it for the site's next jobs. A pinned cap does not move.
   */
  private async learn(lesson: (learned: LearnedCap, level: number) => LearnedCap): Promise<void> {
    const { job, lines, finishing, deps } = this.run;
    if (job.capPinned) return;
    this.learned ??= { ...(await deps.store.site.learnedCap()), cap: job.taskCap };
    const taken = lines.liveIndexes().filter((i) => lines.get(i).state === 'OPEN' && !finishing.has(i)).length;
    const next = lesson(this.learned, taken + this.elsewhere.confirmed);
    if (next === this.learned) return;
    this.learned = next;
    if (next.cap !== job.taskCap) {
      job.taskCap = next.cap;
      this.run.dirty = true;
    }
    await deps.store.site.putLearnedCap(next);
  }

  /** When a look for free slots may find more: the loop wakes then (if it has chunks to send). */
  nextLookAt(): number {
    return this.recountAt;
  }

  private async heldElsewhere(now: number): Promise<Holding> {
    if (now < this.recountAt) return this.elsewhere;
    let recountAt = now + ENGINE_TIMING.otherJobsRefreshMs;
    const { deps, jobId, options } = this.run;
    const held: Holding = { confirmed: 0, unconfirmed: 0 };
    for (const id of await deps.store.jobs.activeIds()) {
      if (id === jobId) continue;
      const other = await deps.store.jobs.get(id);
      // Open lines whose task CSM said ended hold no slot (JobTally.ended).
      const holds = other ? other.tally.open - (other.tally.ended ?? 0) : 0;
      // A single-call job (deletions) holds no task slot.
      if (!other || isFinal(other.status) || isSingleCallKind(other.kind) || holds === 0) continue;
      const idle = isIdle(other, now) && !(await leaseIsLive(deps, id));
      const polled = idle ? await freeEndedTasks(deps, id, options.principal) : undefined;
      if (polled) {
        held.confirmed += polled.confirmed;
        held.unconfirmed += polled.unconfirmed;
        recountAt = Math.min(recountAt, polled.nextLookAt ?? Infinity);
      } else held.confirmed += holds;
    }
    this.elsewhere = held;
    this.recountAt = Math.max(recountAt, now + RECOUNT_AT_MOST_EVERY_MS);
    return held;
  }
}
