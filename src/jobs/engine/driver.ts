import { CsmError, describeCsmError, isQuotaPauseText, quotaPauseText, waitsForUser } from '../../csm/errors';
import type { Principal } from '../../csm/principal';
import { isFinal, transition, type LoadedJob } from '../../domain/job';
import { ENGINE_TIMING } from '../../domain/timing';
import type { Lease } from '../../store/appStore';
import {
  isPermanentStorageError,
  isStorageRateLimited,
  STORAGE_LIMITED_WORDS,
  storageErrorText,
} from '../../store/storageErrors';
import type { EngineDeps } from '../deps';
import { acquireLease, LEASE_MS, LeaseLostError, releaseLease } from '../lifecycle/lease';
import { ChunkComparer } from './comparer';
import { Dispatcher } from './dispatch';
import { JobRun } from './jobRun';
import { loadJob } from './loadJob';
import { Outcomes } from './outcomes';
import { Poller } from './polling';

/**
 * `parked`: a background runner with nothing due for a while stopped; the job's resumeAt says when to go on.
 * `storageLimited`: Forge's storage quota was spent; the job goes on once it is free again (STORAGE_LIMIT_WAIT_MS).
 */
export type AdvanceOutcome =
  'finished' | 'deadline' | 'parked' | 'waitingForUser' | 'busy' | 'failed' | 'storageLimited';

export interface AdvanceOptions {
  principal: Principal;
  token: string;
  holder: Lease['holder'];
  /** Stop driving at this time (ms); the caller re-schedules. */
  deadline: number;
  /** The token of the lease the last runner of this chain could not give back (storage's quota spent): taken over. */
  replacing?: string;
}

/** A cancel is looked for this often (a key of its own: a job write can never overwrite it). */
const CANCEL_CHECK_MS = 2_000;

/**
 * Drives one job until it ends, the deadline passes or CSM refuses the caller. Every step is written down before
 * and after it is taken (see dispatch.ts, outcomes.ts), so this can stop anywhere and be run again.
 */
export async function advanceJob(
  deps: EngineDeps,
  jobId: string,
  options: AdvanceOptions,
): Promise<{ outcome: AdvanceOutcome; job?: LoadedJob }> {
  if (!(await acquireLease(deps, jobId, options.token, options.holder, options.replacing))) {
    return { outcome: 'busy', job: await loadJob(deps.store, jobId) };
  }
  try {
    const job = await loadJob(deps.store, jobId);
    if (!job) throw new Error(`Job ${jobId} does not exist.`);
    const csm = deps.csm(options.principal);
    // A pause another runner of the site met holds this one's calls too: no call is made to learn it again.
    const pausedUntil = await deps.store.site.quotaPausedUntil();
    if (pausedUntil !== undefined && pausedUntil > deps.clock.now()) csm.holdUntil(pausedUntil);
    const run = new JobRun(deps, job, options, csm);
    // A call held by Atlassian's hourly quota wakes the loop, which says so on the job's page and starts nothing.
    const stopListening = csm.whenQuotaPaused(() => run.signal());
    try {
      return await new JobDriver(run).drive();
    } finally {
      stopListening();
    }
  } finally {
    // A release refused (storage's quota spent) leaves a lease that runs out by itself.
    await releaseLease(deps, jobId, options.token).catch((error: unknown) => {
      if (!isStorageRateLimited(error)) throw error;
    });
  }
}

/** The loop: launch what is due, sleep until the next thing is due or something finishes, settle before stopping. */
class JobDriver {
  private readonly chunks: ChunkComparer;
  private readonly outcomes: Outcomes;
  private readonly dispatcher: Dispatcher;
  private readonly poller: Poller;
  /** The lease was written by acquireLease just before the driver starts. */
  private leaseRenewedAt: number;
  private cancelCheckedAt = -Infinity;

  constructor(private readonly run: JobRun) {
    this.chunks = new ChunkComparer(run);
    this.outcomes = new Outcomes(run, this.chunks);
    this.dispatcher = new Dispatcher(run, this.chunks, this.outcomes);
    this.poller = new Poller(run, this.chunks, this.dispatcher, this.outcomes);
    this.leaseRenewedAt = run.now();
  }

  async drive(): Promise<{ outcome: AdvanceOutcome; job?: LoadedJob }> {
    const { run } = this;
    try {
      for (;;) {
        if (isFinal(run.job.status)) return { outcome: 'finished', job: run.job };
        const now = run.now();
        if (now >= run.options.deadline) {
          // Hand over with every call answered and the request counts and poll times written down.
          await run.settle();
          run.throwIfFailed();
          await run.save();
          return { outcome: 'deadline', job: run.job };
        }
        await this.heartbeat(now);
        const quota = await this.waitOutQuota();
        if (quota === 'parked') return { outcome: 'parked', job: run.job };
        if (quota === 'slept') continue;
        await this.step();
        if (isFinal(run.job.status)) return { outcome: 'finished', job: run.job };
        if (await this.parked()) return { outcome: 'parked', job: run.job };
        await this.sleepUntilNextDue();
      }
    } catch (error) {
      await run.settle();
      return await this.stopOn(error);
    }
  }

  /** Renews the lease and looks for a cancel now and then, not on every poll: storage calls count against Forge quotas. */
  private async heartbeat(now: number): Promise<void> {
    const { run } = this;
    const { job, deps, options } = run;
    if (now - this.leaseRenewedAt >= ENGINE_TIMING.leaseRenewMs) {
      const renewed = { token: options.token, holder: options.holder, expiresAt: now + LEASE_MS };
      if (!(await deps.store.control.renewLease(job.id, renewed))) throw new LeaseLostError(job.id);
      this.leaseRenewedAt = now;
      job.heartbeatAt = now;
    }
    if (now - this.cancelCheckedAt >= CANCEL_CHECK_MS) {
      this.cancelCheckedAt = now;
      if (job.status !== 'CANCELLING' && (await deps.store.control.cancelRequested(job.id))) {
        transition(job, 'CANCELLING', now);
        run.dirty = true;
      }
    }
    if (job.status === 'QUEUED' || job.status === 'WAITING_FOR_USER') {
      transition(job, 'RUNNING', now);
      run.dirty = true;
    }
  }

  /**
   * While Atlassian's hourly quota is spent, no call of the job is made (the CSM client holds them, or refuses those
   * whose caller's deadline comes first): the job stays RUNNING, says until when (on its page, and to the site's other
   * runners through storage), and sleeps until the reset or its deadline; a background runner with no call on its
   * way parks instead (no paid sleep, see parked()). `no` when the quota is not spent.
   */
  private async waitOutQuota(): Promise<'no' | 'slept' | 'parked'> {
    const { run } = this;
    const { job } = run;
    const pausedUntil = run.csm.quotaPausedUntil();
    if (pausedUntil === undefined) {
      if (isQuotaPauseText(job.lastError)) {
        job.lastError = undefined;
        run.dirty = true;
      }
      return 'no';
    }
    // A turn of its own: calls that were on their way when the quota ran out end (refused) and signal, and a signal
    // left from before would otherwise end every sleep at once (a loop that never yields).
    run.beginTurn();
    run.throwIfFailed();
    const notice = quotaPauseText(pausedUntil);
    if (job.lastError !== notice) {
      job.lastError = notice;
      run.dirty = true;
      // Every runner of the site reads it as it starts (advanceJob).
      await run.deps.store.site.putQuotaPause(pausedUntil);
    }
    const parks =
      run.options.holder === 'background' &&
      !run.busy &&
      pausedUntil - run.now() >= ENGINE_TIMING.parkAfterMs &&
      pausedUntil < run.options.deadline;
    if (parks) {
      job.resumeAt = pausedUntil;
      run.dirty = true;
    }
    if (run.dirty) await run.save();
    if (parks) return 'parked';
    await run.sleepUntil(Math.min(pausedUntil, run.options.deadline));
    return 'slept';
  }

  private async step(): Promise<void> {
    const { run } = this;
    const { job } = run;
    run.beginTurn();
    run.throwIfFailed();
    if (job.status === 'CANCELLING') await this.outcomes.skipUnsent();
    const now = run.now();
    for (const index of run.lines.liveIndexes()) {
      const line = job.chunks[index];
      if ((line.nextPollAt ?? 0) > now || this.busy(index)) continue;
      if (line.state === 'OPEN') this.poller.poll(index);
      // SUBMITTING and due: a send that failed in passing, or one a crashed driver left unanswered. Resent, same key.
      else this.dispatcher.send(index);
    }
    if (job.status !== 'CANCELLING') await this.dispatcher.refill();
    run.throwIfFailed();
    if (this.outcomes.allEnded()) {
      await this.outcomes.finishJob();
      return;
    }
    if (run.dirty) await run.save();
  }

  /** A poll or a send of the chunk is on its way, or it is claimed and about to be sent. */
  private busy(index: number): boolean {
    return (
      this.dispatcher.isClaimed(index) || this.run.isRunning(`poll:${index}`) || this.run.isRunning(`send:${index}`)
    );
  }

  /** When the next poll, resend or send is due (Infinity: nothing is, until a call on its way answers). */
  private nextDueAt(now: number): number {
    const { run } = this;
    let due = Infinity;
    for (const index of run.lines.liveIndexes()) {
      const { nextPollAt } = run.job.chunks[index];
      if (nextPollAt !== undefined && !this.busy(index)) due = Math.min(due, nextPollAt);
    }
    // A look for free slots matters only if this job could send now: a chunk of its phase waits, its cap has room.
    const blockedUntil = this.dispatcher.blockedUntil();
    const couldSend =
      run.lines.liveIndexes().length < run.job.taskCap && run.lines.pending(run.lines.currentPhase(), 1).length > 0;
    if (blockedUntil > now && couldSend) due = Math.min(due, blockedUntil);
    return due;
  }

  /**
   * A background runner with no call on its way and nothing due for ENGINE_TIMING.parkAfterMs stops, the job's
   * resumeAt written: its runner pushes a delayed event for then rather than pay for the sleep (glossary: parked).
   */
  private async parked(): Promise<boolean> {
    const { run } = this;
    if (run.options.holder !== 'background' || run.busy || run.job.status === 'CANCELLING') return false;
    const now = run.now();
    const due = this.nextDueAt(now);
    if (!Number.isFinite(due) || due - now < ENGINE_TIMING.parkAfterMs || due >= run.options.deadline) return false;
    await run.settle();
    run.throwIfFailed();
    run.job.resumeAt = due;
    await run.save();
    return true;
  }

  private async sleepUntilNextDue(): Promise<void> {
    const { run } = this;
    await this.chunks.readAhead(run.lines.currentPhase());
    const now = run.now();
    const wake = Math.min(run.options.deadline, now + ENGINE_TIMING.maxIdleSleepMs, this.nextDueAt(now));
    // A poll, a send or a claim that finishes may free a slot, make a task due or stop the job: it wakes the loop
    // too, including one that finished while the loop was busy (then it does not sleep at all).
    await run.sleepUntil(wake);
  }

  /** What an error that stopped the loop means for the job. */
  private async stopOn(error: unknown): Promise<{ outcome: AdvanceOutcome; job?: LoadedJob }> {
    const { run } = this;
    const { job } = run;
    // Another driver holds the job now: this one writes nothing more and leaves it to that one.
    if (error instanceof LeaseLostError) return { outcome: 'busy' };
    // A job ended in memory whose last save failed keeps its final status: the gate allows no way out of it.
    if (error instanceof CsmError && waitsForUser(error) && !isFinal(job.status)) {
      transition(job, 'WAITING_FOR_USER', run.now(), describeCsmError(error));
      await run.save();
      return { outcome: 'waitingForUser', job };
    }
    if (error instanceof CsmError && error.kind === 'preconditionFailed' && !isFinal(job.status)) {
      transition(job, 'FAILED', run.now());
      job.lastError = describeCsmError(error);
      await run.save({ active: false });
      return { outcome: 'failed', job };
    }
    // Storage refused a write for good (a value over its limit, a bad key): the job cannot go on, and says why
    // rather than stalling as RUNNING. Anything else is thrown: the watchdog starts a new driver later.
    if (isPermanentStorageError(error)) {
      if (!isFinal(job.status)) transition(job, 'FAILED', run.now());
      job.lastError = `The job could not be saved and was stopped: ${storageErrorText(error)}. Report this with the job id.`;
      await run.save({ active: false }).catch(() => {
        throw error;
      });
      return { outcome: 'failed', job };
    }
    if (isStorageRateLimited(error)) {
      // Its own save may be refused too: the job is as it was last saved, and goes on from there.
      job.lastError = `${STORAGE_LIMITED_WORDS}: the job goes on in a minute.`;
      await run.save().catch(() => undefined);
      return { outcome: 'storageLimited', job };
    }
    job.lastError = `The job's runner stopped: ${storageErrorText(error)}. It starts again within a few minutes.`;
    await run.save().catch(() => undefined);
    throw error;
  }
}
