import { CsmError, describeCsmError, isTransient } from '../../csm/errors';
import { operationsOfChunk } from '../../domain/chunkOperations';
import type { ChunkLine, ChunkRecord } from '../../domain/job';
import type { RowOperation } from '../../domain/operations';
import { mapTaskResult, type TaskOutcome } from '../../domain/outcomes';
import { ENGINE_TIMING, nextPollAt, taskDurationMs, withTaskTime } from '../../domain/timing';
import type { ChunkComparer } from './comparer';
import type { Dispatcher } from './dispatch';
import type { JobRun } from './jobRun';
import type { Outcomes } from './outcomes';

/**
 * Follows open tasks to their end. The rule this file keeps: **a slot is refilled as soon as CSM reports its task
 * ended**, before that task's outcome is written: the refill's send is what the site waits for. After a crash in
 * between, storage still shows the task open, and it is polled and decided again.
 */
export class Poller {
  constructor(
    private readonly run: JobRun,
    private readonly chunks: ChunkComparer,
    private readonly dispatcher: Dispatcher,
    private readonly outcomes: Outcomes,
  ) {}

  poll(index: number): void {
    this.run.launch(`poll:${index}`, () => this.pollTask(index));
  }

  private async pollTask(index: number): Promise<void> {
    const { job, csm } = this.run;
    const line = job.chunks[index];
    const chunk = await this.chunks.get(index);
    let operations: RowOperation[];
    let outcome: TaskOutcome;
    let taskStatus: string;
    let reportedMs: number | undefined;
    try {
      const task = await csm.getTask(line.taskId!);
      line.polls = (line.polls ?? 0) + 1;
      if (task.status === 'NOT_STARTED' || task.status === 'IN_PROGRESS') {
        line.nextPollAt = nextPollAt(job, line, this.run.now(), this.run.isProbe(index));
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
        line.nextPollAt = this.run.now() + ENGINE_TIMING.retryLaterMs;
        job.lastError = describeCsmError(error);
        this.run.dirty = true;
        return;
      } else {
        throw error;
      }
    }
    // A task already known to have ended (its rows' read-back failed in passing, or another driver saw it end) was
    // learnt from when it was first seen ended: its time is not counted twice.
    const nowDue = line.taskEnded === undefined ? this.recordTaskTime(line, reportedMs) : [];
    this.run.finishing.add(index);
    const refilled = job.status === 'CANCELLING' ? undefined : this.dispatcher.refill();
    for (const other of nowDue) this.poll(other);
    try {
      await refilled;
    } finally {
      await this.decide(index, line, { chunk, operations, outcome, taskStatus });
    }
  }

  /**
   * Decides the ended task's rows. The read-back that decides its undecided rows may fail in passing (CSM busy past
   * the client's own attempts): nothing of the chunk is written yet, so it stays OPEN and is polled and decided again
   * later, rather than stopping the runner until the watchdog.
   */
  private async decide(
    index: number,
    line: ChunkLine,
    ended: { chunk: ChunkRecord; operations: RowOperation[]; outcome: TaskOutcome; taskStatus: string },
  ): Promise<void> {
    const { job } = this.run;
    try {
      await this.outcomes.decide(index, ended.chunk, ended.operations, ended.outcome, ended.taskStatus);
    } catch (error) {
      if (!(error instanceof CsmError && isTransient(error))) throw error;
      // Ended in CSM (its slot is free), its rows still to be decided: as another driver marks an idle job's task.
      line.taskEnded = ended.taskStatus;
      this.run.lines.touch(index);
      line.nextPollAt = this.run.now() + ENGINE_TIMING.retryLaterMs;
      job.lastError = describeCsmError(error);
      this.run.dirty = true;
    } finally {
      this.run.finishing.delete(index);
    }
  }

  /**
   * Learns from an ended task, by CSM's own start and end times when it gives them (our detection time overstates
   * by up to one poll interval): from the job's first task on, the others are looked at when they are due. Returns
   * the open tasks this makes due at once.
   */
  private recordTaskTime(line: ChunkLine, reportedMs: number | undefined): number[] {
    const { job } = this.run;
    const now = this.run.now();
    const observedMs = line.submittedAt === undefined ? undefined : Math.max(0, now - line.submittedAt);
    const durationMs = reportedMs ?? observedMs;
    const nowDue: number[] = [];
    if (durationMs === undefined) return nowDue;
    const wasBlind = job.taskTime.count === 0;
    job.taskTime = withTaskTime(job.taskTime, durationMs);
    // The other open tasks were scheduled on what was known before (in a blind wave, hardly anything): what this
    // task taught may make those not looked at yet due sooner. One looked at keeps its plan (no extra look).
    for (const index of this.run.lines.liveIndexes()) {
      const other = job.chunks[index];
      if (other.state !== 'OPEN' || other === line || (!wasBlind && (other.polls ?? 0) > 0)) continue;
      other.nextPollAt = Math.min(other.nextPollAt ?? now, nextPollAt(job, other, now));
      if (other.nextPollAt <= now) nowDue.push(index);
    }
    return nowDue;
  }
}
