import { CsmError, describeCsmError, isTransient, refusesTheRows, waitsForUser } from '../csm/errors';
import type { CsmClient, CsmRequestCounts } from '../csm/client';
import type { Principal } from '../csm/principal';
import { operationsOfChunk } from '../domain/chunkOperations';
import { finalStatus, isFinal, tallyOf, type ChunkLine, type ChunkRecord, type LoadedJob, type RowFailure } from '../domain/job';
import type { RowOperation } from '../domain/operations';
import { explainCsmError, mapTaskResult } from '../domain/outcomes';
import { chunkRequest } from '../domain/plan';
import type { Lease } from '../store/jobStore';
import { isPermanentStorageError, storageErrorText } from '../store/storageErrors';
import type { EngineDeps } from './deps';
import { JobWriter } from './jobWriter';
import { loadJob } from './loadJob';
import { acquireLease, LEASE_MS, releaseLease } from './lease';
import { nextPollAt } from './pollTiming';
import { readBack } from './readBack';

export type AdvanceOutcome = 'finished' | 'deadline' | 'waitingForUser' | 'busy' | 'failed';

export interface AdvanceOptions {
  principal: Principal;
  token: string;
  holder: Lease['holder'];
  /** Stop driving at this time (ms); the caller re-schedules. */
  deadline: number;
}

const RETRY_LATER_MS = 5_000;
const CAP_BACKOFF_MS = 2_000;
const MAX_IDLE_SLEEP_MS = 10_000;
const OTHER_JOBS_REFRESH_MS = 10_000;
const LEASE_RENEW_MS = 15_000;
const CANCEL_CHECK_MS = 2_000;

/**
 * Drives one job until it ends, the deadline passes or CSM refuses the caller. Every step is
 * written down before and after it is taken, so this can stop anywhere and be run again.
 */
export async function advanceJob(deps: EngineDeps, jobId: string, options: AdvanceOptions): Promise<{ outcome: AdvanceOutcome; job?: LoadedJob }> {
  if (!(await acquireLease(deps, jobId, options.token, options.holder))) {
    return { outcome: 'busy', job: await loadJob(deps.store, jobId) };
  }
  const driver = new JobDriver(deps, jobId, options, deps.csm(options.principal));
  try {
    return await driver.run();
  } finally {
    await releaseLease(deps, jobId, options.token);
  }
}

class JobDriver {
  private job!: LoadedJob;
  private writer!: JobWriter;
  private readonly synced: CsmRequestCounts = { write: 0, statusPolls: 0, reads: 0, retries: 0 };
  private capBlockedUntil = 0;
  /** The lease was written by acquireLease just before the driver starts. */
  private leaseRenewedAt: number;
  private cancelCheckedAt = -Infinity;
  /** Whether the job record has changes worth writing (a poll that found a task still running has none). */
  private dirty = false;
  private otherOpenTasks = 0;
  private otherJobsCheckedAt = -Infinity;

  constructor(
    private readonly deps: EngineDeps,
    private readonly jobId: string,
    private readonly options: AdvanceOptions,
    private readonly csm: CsmClient,
  ) {
    this.leaseRenewedAt = deps.clock.now();
  }

  async run(): Promise<{ outcome: AdvanceOutcome; job?: LoadedJob }> {
    const loaded = await loadJob(this.deps.store, this.jobId);
    if (!loaded) throw new Error(`Job ${this.jobId} does not exist.`);
    this.job = loaded;
    this.writer = new JobWriter(this.deps.store.jobs, loaded, () => this.syncRequestCounts());
    try {
      for (;;) {
        if (isFinal(this.job.status)) return { outcome: 'finished', job: this.job };
        const now = this.deps.clock.now();
        if (now >= this.options.deadline) {
          // Hand over with every call answered and the request counts and poll times written down.
          await this.settle();
          this.throwIfFailed();
          await this.save();
          return { outcome: 'deadline', job: this.job };
        }
        await this.heartbeat(now);
        await this.step();
        if (isFinal(this.job.status)) return { outcome: 'finished', job: this.job };
        await this.sleepUntilNextDue();
      }
    } catch (error) {
      await this.settle();
      return await this.stopOn(error);
    }
  }

  /**
   * Polls and sends run on their own, not one step at a time: a task that ends while another is being polled,
   * or while a chunk is on its way, is noticed and its slot refilled at once. The loop launches what is due and
   * sleeps until the next due time or until any of them finishes. An error in one stops the loop at its next
   * turn, as if it had been thrown there.
   */
  private launch(key: string, work: () => Promise<void>): void {
    if (this.stopping || this.inFlight.has(key)) return;
    const running = work()
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => {
        this.inFlight.delete(key);
        this.signal();
      });
    this.inFlight.set(key, running);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  /** Something finished: the loop looks again at once, or, if it is busy, before it next sleeps. */
  private signal(): void {
    this.signalled = true;
    this.wake?.();
  }

  private poll(index: number): void {
    this.launch(`poll:${index}`, () => this.pollTask(index));
  }

  private send(index: number): void {
    this.launch(`send:${index}`, () => this.submit(index));
  }

  /** A poll or a send of the chunk is on its way, or it is claimed and about to be sent. */
  private busy(index: number): boolean {
    return this.claimed.has(index) || this.inFlight.has(`poll:${index}`) || this.inFlight.has(`send:${index}`);
  }

  /** Before the driver stops: nothing new starts, and every call on its way is answered. */
  private async settle() {
    this.stopping = true;
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
    await this.writer.settled();
  }

  /** Renews the lease and looks for a cancel now and then, not on every poll: storage calls count against Forge quotas. */
  private async heartbeat(now: number) {
    if (now - this.leaseRenewedAt >= LEASE_RENEW_MS) {
      await this.deps.store.control.putLease(this.jobId, { token: this.options.token, holder: this.options.holder, expiresAt: now + LEASE_MS });
      this.leaseRenewedAt = now;
      this.job.heartbeatAt = now;
    }
    if (now - this.cancelCheckedAt >= CANCEL_CHECK_MS) {
      this.cancelCheckedAt = now;
      if (this.job.status !== 'CANCELLING' && (await this.deps.store.control.cancelRequested(this.jobId))) {
        this.job.status = 'CANCELLING';
        this.dirty = true;
      }
    }
    if (this.job.status === 'QUEUED' || this.job.status === 'WAITING_FOR_USER') {
      this.job.status = 'RUNNING';
      this.job.waitingReason = undefined;
      this.dirty = true;
    }
  }

  private async step() {
    const job = this.job;
    this.signalled = false;
    this.throwIfFailed();
    if (job.status === 'CANCELLING') await this.skipUnsent();
    const now = this.deps.clock.now();
    job.chunks.forEach((line, index) => {
      if ((line.nextPollAt ?? 0) > now || this.busy(index)) return;
      if (line.state === 'OPEN') this.poll(index);
      // SUBMITTING and due: a send that failed in passing, or one a crashed driver left unanswered. Resent, same key.
      else if (line.state === 'SUBMITTING') this.send(index);
    });
    if (job.status !== 'CANCELLING') await this.refill();
    this.throwIfFailed();
    if (job.chunks.every((line) => line.state === 'DONE' || line.state === 'SKIPPED')) {
      await this.settle();
      this.throwIfFailed();
      job.status = finalStatus(tallyOf(job.chunks));
      job.finishedAt = this.deps.clock.now();
      await this.writer.save({ active: false });
      const { count, totalMs, minMs } = job.taskTime;
      const meanMs = totalMs / count;
      // Kept within half the mean, as poll timing uses it: one freak task does not carry over to every later job.
      if (count > 0) await this.deps.store.site.putTaskTimeEstimate({ meanMs, minMs: Math.max(minMs ?? meanMs, meanMs / 2) });
      return;
    }
    if (this.dirty) await this.save();
  }

  /**
   * Fills free slots. Claiming them (choosing chunks, writing them down as SUBMITTING) runs one call at a time,
   * so two tasks that end together never pick the same chunk; the chunks are then sent without waiting for
   * CSM's answers (see send).
   */
  private refill(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    const claimed = this.refilling.then(() => this.claimFreeSlots());
    this.refilling = claimed.then(
      () => undefined,
      () => undefined,
    );
    return claimed.then((indexes) => {
      for (const index of indexes) {
        this.claimed.delete(index);
        this.send(index);
      }
      if (indexes.length > 0) this.signal();
    });
  }

  /** Marks the chunks that fit in the free slots SUBMITTING and saves the job; returns them, to be sent. */
  private async claimFreeSlots(): Promise<number[]> {
    const job = this.job;
    const now = this.deps.clock.now();
    if (this.stopping || job.status === 'CANCELLING' || now < this.capBlockedUntil) return [];
    const phase = currentPhase(job);
    const pending = job.chunks
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => line.state === 'PENDING' && line.phase === phase);
    if (pending.length === 0) return [];
    // A task CSM reported ended frees its slot at once, while its outcome is still being written down.
    const open = job.chunks.filter((line, index) => (line.state === 'OPEN' && !this.finishing.has(index)) || line.state === 'SUBMITTING').length;
    const slots = job.taskCap - open - (await this.openTasksOfOtherJobs(now));
    // Looked at again after the wait: a cancel or a stop may have come meanwhile.
    if (this.stopping || (job.status as string) === 'CANCELLING') return [];
    const chosen = pending.filter(({ line }) => line.state === 'PENDING').slice(0, Math.max(0, slots));
    if (chosen.length === 0) return [];
    for (const { line, index } of chosen) {
      // Reserved at once: until its own send starts, the loop must not take it for a send to resend.
      this.claimed.add(index);
      line.state = 'SUBMITTING';
      line.submittedAt = now;
      line.nextPollAt = undefined;
    }
    // Written before sending: after a crash the chunk is resent with the same key, which CSM treats as a replay.
    await this.save();
    return chosen.map(({ index }) => index);
  }

  private async submit(index: number) {
    const line = this.job.chunks[index];
    if (line.state !== 'SUBMITTING') return;
    const chunk = await this.chunk(index);
    try {
      const request = chunkRequest(this.job.id, chunk);
      const { taskId } = await this.csm.submitBulk(chunk.kind, request.body, request.idempotencyKey);
      if (line.state !== 'SUBMITTING') return;
      const now = this.deps.clock.now();
      line.state = 'OPEN';
      this.dirty = true;
      line.taskId = taskId;
      line.polls = 0;
      line.submittedAt = line.submittedAt ?? now;
      line.nextPollAt = nextPollAt(this.job, line, now);
    } catch (error) {
      if (!(error instanceof CsmError)) throw error;
      if (line.state !== 'SUBMITTING') return;
      const now = this.deps.clock.now();
      if (error.kind === 'taskCap') {
        line.state = 'PENDING';
        this.dirty = true;
        line.submittedAt = undefined;
        this.capBlockedUntil = now + CAP_BACKOFF_MS;
        return;
      }
      if (isTransient(error)) {
        // Unknown whether CSM took it: stay SUBMITTING and resend later with the same key.
        line.nextPollAt = now + RETRY_LATER_MS;
        this.job.lastError = describeCsmError(error);
        this.dirty = true;
        return;
      }
      if (refusesTheRows(error)) {
        const reason = `Customer Service Management refused the request: ${explainCsmError([error.message, ...error.details].join('; '))}`;
        await this.finishChunk(index, chunk, { succeeded: [], failed: chunk.operationIndexes.map((op) => ({ index: op, error: reason })) }, 'task', 'REJECTED');
        return;
      }
      throw error;
    }
  }

  private async pollTask(index: number) {
    const line = this.job.chunks[index];
    const chunk = await this.chunk(index);
    let operations: RowOperation[] = [];
    let outcome;
    let taskStatus: string;
    let reportedMs: number | undefined;
    try {
      const task = await this.csm.getTask(line.taskId!);
      line.polls = (line.polls ?? 0) + 1;
      if (task.status === 'NOT_STARTED' || task.status === 'IN_PROGRESS') {
        line.nextPollAt = nextPollAt(this.job, line, this.deps.clock.now());
        return;
      }
      operations = operationsOfChunk(chunk);
      outcome = mapTaskResult(chunk, operations, task);
      reportedMs = taskDurationMs(task.createdAt, task.updatedAt);
      taskStatus = task.status;
    } catch (error) {
      if (!(error instanceof CsmError)) throw error;
      if (error.kind === 'notFound') {
        // Past CSM's 3-day retention: only the organizations themselves can tell.
        operations = operationsOfChunk(chunk);
        outcome = { succeeded: [], failed: [], needsReadBack: chunk.operationIndexes };
        taskStatus = 'EXPIRED';
      } else if (isTransient(error)) {
        line.nextPollAt = this.deps.clock.now() + RETRY_LATER_MS;
        this.job.lastError = describeCsmError(error);
        this.dirty = true;
        return;
      } else {
        throw error;
      }
    }
    const nowDue = this.recordTaskTime(line, reportedMs);
    // The slot is free in CSM now: refill it while this chunk's outcome is decided and written. After a crash
    // in between, the stored job still shows this task open, and it is polled and decided again.
    this.finishing.add(index);
    const refilled = this.job.status === 'CANCELLING' ? undefined : this.refill();
    const decide = async (decided: typeof outcome) => {
      try {
        let decidedBy: ChunkLine['decidedBy'] = 'task';
        if (decided.needsReadBack.length > 0) {
          const undecided = new Set(decided.needsReadBack);
          const verified = await readBack(this.csm, operations.filter((op) => undecided.has(op.index)));
          decided = { succeeded: [...decided.succeeded, ...verified.succeeded], failed: [...decided.failed, ...verified.failed], needsReadBack: [] };
          decidedBy = 'readBack';
        }
        await this.finishChunk(index, chunk, decided, decidedBy, taskStatus);
      } finally {
        this.finishing.delete(index);
      }
    };
    for (const other of nowDue) this.poll(other);
    // The refill first: its send is what the next task waits for; writing this outcome down can follow.
    try {
      await refilled;
    } finally {
      await decide(outcome);
    }
  }

  /**
   * Learns from an ended task, by CSM's own start and end times when it gives them (our detection time overstates
   * by up to one poll interval). Returns the open tasks this makes due at once.
   */
  private recordTaskTime(line: ChunkLine, reportedMs: number | undefined): number[] {
    const observedMs = line.submittedAt === undefined ? undefined : Math.max(0, this.deps.clock.now() - line.submittedAt);
    const durationMs = reportedMs ?? observedMs;
    const nowDue: number[] = [];
    if (durationMs === undefined) return nowDue;
    const taskTime = this.job.taskTime;
    taskTime.count += 1;
    taskTime.totalMs += durationMs;
    if (taskTime.minMs === undefined || durationMs < taskTime.minMs) {
      taskTime.minMs = durationMs;
      // The other open tasks were scheduled on what was known before: the first end seen in a blind
      // wave says its siblings are about done too, so look at them now rather than at their blind times.
      const now = this.deps.clock.now();
      this.job.chunks.forEach((other, index) => {
        if (other.state !== 'OPEN' || other === line) return;
        other.nextPollAt = Math.min(other.nextPollAt ?? now, nextPollAt(this.job, other, now));
        if (other.nextPollAt <= now) nowDue.push(index);
      });
    }
    return nowDue;
  }

  private async finishChunk(
    index: number,
    chunk: ChunkRecord,
    outcome: { succeeded: number[]; failed: { index: number; error: string }[] },
    decidedBy: ChunkLine['decidedBy'],
    taskStatus: string,
  ) {
    const byIndex = new Map(operationsOfChunk(chunk).map((op) => [op.index, op]));
    const failures: RowFailure[] = outcome.failed
      .map((failure) => ({ ...failure, ...organizationOf(byIndex.get(failure.index)) }))
      .sort((a, b) => a.row - b.row || a.index - b.index);
    // The failures first: if the job write is lost, the task is polled again and decides the same.
    const failureParts = failures.length > 0 ? await this.deps.store.failures.put(this.jobId, index, failures) : 0;
    this.chunkCache.delete(index); // a finished chunk is not read again: the cache holds only what is in flight
    const line = this.job.chunks[index];
    line.state = 'DONE';
    this.dirty = true;
    line.nextPollAt = undefined;
    line.succeeded = outcome.succeeded.length;
    line.failed = failures.length;
    line.failureParts = failureParts || undefined;
    line.decidedBy = decidedBy;
    line.taskStatus = taskStatus;
  }

  private async skipUnsent() {
    for (const line of this.job.chunks) {
      if (line.state === 'PENDING') {
        line.state = 'SKIPPED';
        this.dirty = true;
      }
    }
  }

  private readonly chunkCache = new Map<number, ChunkRecord>();
  /** Chunks whose task has ended and whose outcome is being written: their slots are already free. */
  private readonly finishing = new Set<number>();
  /** Polls and sends on their way, by `poll:<chunk>` / `send:<chunk>`. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private failure: { error: unknown } | undefined;
  private stopping = false;
  /** Chunks claimed (SUBMITTING, being written down) whose send has not started yet. */
  private readonly claimed = new Set<number>();
  private signalled = false;
  private wake: (() => void) | undefined;
  private refilling: Promise<void> = Promise.resolve();

  private async chunk(index: number): Promise<ChunkRecord> {
    const cached = this.chunkCache.get(index);
    if (cached) return cached;
    const chunk = await this.deps.store.chunks.get(this.jobId, index);
    if (!chunk) throw new Error(`Chunk ${index} of job ${this.jobId} is missing from storage.`);
    this.chunkCache.set(index, chunk);
    return chunk;
  }

  /**
   * Reads the chunks to be sent next while there is nothing else to do, so that refilling a freed slot
   * waits for no storage read.
   */
  private async prefetchNextChunks() {
    const phase = currentPhase(this.job);
    const next: number[] = [];
    let ahead = 0;
    for (let index = 0; index < this.job.chunks.length && ahead < this.job.taskCap; index += 1) {
      const line = this.job.chunks[index];
      if (line.state !== 'PENDING' || line.phase !== phase) continue;
      ahead += 1;
      if (!this.chunkCache.has(index)) next.push(index);
    }
    if (next.length === 0) return;
    for (const chunk of await this.deps.store.chunks.getMany(this.jobId, next)) this.chunkCache.set(chunk.index, chunk);
  }

  /** The cap is per site: tasks other running jobs hold take slots too. */
  private async openTasksOfOtherJobs(now: number): Promise<number> {
    if (now - this.otherJobsCheckedAt < OTHER_JOBS_REFRESH_MS) return this.otherOpenTasks;
    this.otherJobsCheckedAt = now;
    const others = (await this.deps.store.jobs.activeIds()).filter((id) => id !== this.jobId);
    let open = 0;
    for (const id of others) {
      const other = await this.deps.store.jobs.get(id);
      if (other && !isFinal(other.status)) open += other.tally.open;
    }
    this.otherOpenTasks = open;
    return open;
  }

  private async sleepUntilNextDue() {
    await this.prefetchNextChunks();
    const now = this.deps.clock.now();
    let wake = Math.min(this.options.deadline, now + MAX_IDLE_SLEEP_MS);
    this.job.chunks.forEach((line, index) => {
      if ((line.state === 'OPEN' || line.state === 'SUBMITTING') && line.nextPollAt !== undefined && !this.busy(index)) wake = Math.min(wake, line.nextPollAt);
    });
    const hasPending = this.job.chunks.some((line) => line.state === 'PENDING');
    if (hasPending && this.capBlockedUntil > now) wake = Math.min(wake, this.capBlockedUntil);
    // A poll, a send or a claim that finishes may free a slot, make a task due or stop the job: it wakes the loop
    // too, including one that finished while the loop was busy (then it does not sleep at all).
    if (wake <= now || this.signalled) return;
    const woken = new Promise<void>((resolve) => (this.wake = resolve));
    await Promise.race([this.deps.clock.sleep(wake - now), woken]);
    this.wake = undefined;
  }

  private save(): Promise<void> {
    return this.writer.save();
  }

  /** Brings the job's request counts and time up to date just before it is written. */
  private syncRequestCounts() {
    const counts = this.csm.counts;
    for (const key of ['write', 'statusPolls', 'reads', 'retries'] as const) {
      this.job.requests[key] += counts[key] - this.synced[key];
      this.synced[key] = counts[key];
    }
    this.job.updatedAt = this.deps.clock.now();
    this.dirty = false;
  }

  private async stopOn(error: unknown): Promise<{ outcome: AdvanceOutcome; job?: LoadedJob }> {
    if (error instanceof CsmError && waitsForUser(error)) {
      this.job.status = 'WAITING_FOR_USER';
      this.job.waitingReason = describeCsmError(error);
      await this.save();
      return { outcome: 'waitingForUser', job: this.job };
    }
    if (error instanceof CsmError && error.kind === 'preconditionFailed') {
      this.job.status = 'FAILED';
      this.job.lastError = describeCsmError(error);
      this.job.finishedAt = this.deps.clock.now();
      await this.writer.save({ active: false });
      return { outcome: 'failed', job: this.job };
    }
    // Storage refused a write for good (a value over its limit, a bad key): the job cannot go on, and says why
    // rather than stalling as RUNNING. Anything else is thrown: the watchdog starts a new driver later.
    if (isPermanentStorageError(error)) {
      this.job.status = 'FAILED';
      this.job.lastError = `The job could not be saved and was stopped: ${storageErrorText(error)}. Report this with the job id.`;
      this.job.finishedAt = this.deps.clock.now();
      try {
        await this.writer.save({ active: false });
      } catch {
        // Nothing more can be written; the thrown error reaches the logs.
        throw error;
      }
      return { outcome: 'failed', job: this.job };
    }
    this.job.lastError = `The job's runner stopped: ${storageErrorText(error)}. It starts again within a few minutes.`;
    await this.save().catch(() => undefined);
    throw error;
  }
}

function taskDurationMs(createdAt: string | null | undefined, updatedAt: string | null | undefined): number | undefined {
  if (!createdAt || !updatedAt) return undefined;
  const duration = Date.parse(updatedAt) - Date.parse(createdAt);
  return Number.isFinite(duration) && duration >= 0 ? duration : undefined;
}

function organizationOf(op: RowOperation | undefined): { row: number; id?: string; name?: string } {
  if (!op) return { row: 0 };
  if (op.kind === 'details') return { row: op.row, id: op.organizationId };
  return { row: op.row, id: op.item.payload.id, name: op.item.payload.name };
}

function currentPhase(job: LoadedJob): number {
  let phase = Infinity;
  for (const line of job.chunks) if (line.state !== 'DONE' && line.state !== 'SKIPPED') phase = Math.min(phase, line.phase);
  return phase;
}
