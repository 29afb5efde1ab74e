import { CsmError, describeCsmError, isTransient, refusesTheRows } from '../../csm/errors';
import { isSingleCallKind, type ChunkKind } from '../../domain/operations';
import { explainCsmError } from '../../domain/outcomes';
import { transition, type ChunkRecord } from '../../domain/job';
import { appendOperations, chunkRequest, keepOperations } from '../../domain/plan';
import { ENGINE_TIMING, nextPollAt } from '../../domain/timing';
import type { ChunkComparer } from './comparer';
import type { JobRun } from './jobRun';
import type { Outcomes } from './outcomes';
import { sendDeletions } from './singleCalls';
import { sendMemberships } from './memberships';
import { sendServiceProjects } from './serviceProjects';
import { SiteSlots } from './siteSlots';

/**
 * Keeps the site's task slots full, never over the cap: claims free slots for the next chunks and sends them.
 *
 * The invariant this file keeps: **a chunk is stored as SUBMITTING before it is sent.** After a crash anywhere
 * after that write, the chunk is found SUBMITTING and resent with the same idempotency key (it hashes the exact
 * body), which CSM answers as a replay of the task it already has: a row is never sent twice, nor lost.
 */
/** How many chunks after it a chunk looks at, and takes rows from, to fill its request (24: one transaction). */
const FILL_LOOKAHEAD = 24;

export class Dispatcher {
  /** Chunks claimed (SUBMITTING, being written down) whose send has not started yet. */
  private readonly claimed = new Set<number>();
  /** Claims run one at a time, so two tasks that end together never pick the same chunk. */
  private claiming: Promise<void> = Promise.resolve();
  private capBlockedUntil = 0;
  /** The site's slots: those the site's other jobs hold, and what CSM's answers to the sends taught. */
  private readonly site: SiteSlots;

  constructor(
    private readonly run: JobRun,
    private readonly chunks: ChunkComparer,
    private readonly outcomes: Outcomes,
  ) {
    this.site = new SiteSlots(run);
  }

  /** A chunk claimed and not yet handed to its send: the loop must not take it for a send to resend. */
  isClaimed(index: number): boolean {
    return this.claimed.has(index);
  }

  /** Sends (again) a chunk stored as SUBMITTING, under its own key: one send of a chunk at a time. */
  send(index: number): void {
    // What CSM answered shows in the line: OPEN (taken) or PENDING again (refused for the cap): the site's slots, and
    // the cap (a single call holds no task slot), learn it.
    this.run.launch(`send:${index}`, () =>
      this.submit(index).then((kind) =>
        kind === undefined || isSingleCallKind(kind)
          ? undefined
          : this.site.answered(index, this.run.lines.get(index).state, this.run.now()),
      ),
    );
  }

  /** When the loop should look again for a free slot: CSM said the slots were full, or another job's may free. */
  blockedUntil(): number {
    return this.capBlockedUntil > this.run.now() ? this.capBlockedUntil : this.site.nextLookAt();
  }

  /** Claims free slots for the next chunks, writes them down, then sends them without waiting for CSM's answers. */
  refill(): Promise<void> {
    if (this.run.stopping) return Promise.resolve();
    const claimed = this.claiming.then(() => this.claimFreeSlots());
    this.claiming = claimed.then(
      () => undefined,
      () => undefined,
    );
    return claimed.then((indexes) => {
      for (const index of indexes) {
        this.claimed.delete(index);
        this.send(index);
      }
      if (indexes.length > 0) this.run.signal();
    });
  }

  /** Marks the chunks that fit in the free slots SUBMITTING and saves the job; returns them, to be sent. */
  private async claimFreeSlots(): Promise<number[]> {
    const { job, lines } = this.run;
    const now = this.run.now();
    if (this.run.stopping || job.status === 'CANCELLING' || now < this.capBlockedUntil) return [];
    if (lines.pending(lines.currentPhase(), 1).length === 0) return [];
    // A task CSM reported ended frees its slot at once, while its outcome is still being written down.
    const open = lines
      .liveIndexes()
      .filter((index) => lines.get(index).state === 'SUBMITTING' || !this.run.finishing.has(index)).length;
    // Single calls hold no task slot of the site's: as many chunks at once as the cap, whatever other jobs hold.
    const slots = isSingleCallKind(job.kind) ? job.taskCap - open : await this.site.free(open, now);
    let chosen: number[];
    try {
      chosen = slots > 0 ? await this.comparedPending(slots) : [];
    } catch (error) {
      if (!(error instanceof CsmError) || !isTransient(error)) throw error;
      // The site could not be read now: nothing is sent uncompared; the loop looks again a little later.
      job.lastError = describeCsmError(error);
      this.capBlockedUntil = now + ENGINE_TIMING.retryLaterMs;
      this.run.dirty = true;
      return [];
    }
    chosen = chosen.filter((index) => lines.get(index).state === 'PENDING');
    if (chosen.length === 0) return [];
    // A cancel is looked for before every claim, after the reads of the site and right before the chunks are marked:
    // nothing is sent once an admin asked to stop.
    if (this.run.stopping || (job.status as string) === 'CANCELLING') return [];
    if (await this.run.deps.store.control.cancelRequested(job.id)) {
      transition(job, 'CANCELLING', this.run.now());
      this.run.dirty = true;
      return [];
    }
    if (this.run.stopping) return [];
    chosen = chosen.filter((index) => lines.get(index).state === 'PENDING');
    this.site.claimed(chosen);
    for (const index of chosen) {
      const line = lines.get(index);
      this.claimed.add(index);
      lines.setState(index, 'SUBMITTING');
      line.submittedAt = now;
      line.nextPollAt = undefined;
    }
    await this.run.save();
    return chosen;
  }

  /**
   * The next `count` chunks to send, each compared with the site first (ChunkComparer.compared). A chunk left with no
   * row to send ends here, sending nothing, and the loop looks again at once for the chunks after it.
   */
  private async comparedPending(count: number): Promise<number[]> {
    const { lines } = this.run;
    const chosen: number[] = [];
    const next = lines.pending(lines.currentPhase(), count);
    for (const index of next) {
      if (lines.get(index).state !== 'PENDING') continue;
      const chunk = await this.filled(index);
      if (lines.get(index).state !== 'PENDING') continue;
      if (chunk.operationIndexes.length > 0) chosen.push(index);
      else await this.outcomes.finishChunk(index, chunk, { succeeded: [], failed: [] }, 'compare', 'UNCHANGED');
    }
    if (chosen.length < next.length) this.run.signal();
    return chosen;
  }

  /**
   * The chunk compared, then filled with the rows to send of the chunks after it (each compared too), as long as
   * they fit in one request: when most rows of a file change nothing, the few that do go out in as few requests as
   * if they had been planned alone. Chunks emptied this way end sending nothing (movedTo). The rewrite is one
   * transaction, made only while this driver holds the job, so a row is in exactly one stored request.
   */
  private async filled(index: number): Promise<ChunkRecord> {
    const { lines } = this.run;
    let chunk = await this.chunks.compared(index);
    if (chunk.operationIndexes.length === 0) return chunk;
    const emptied: ChunkRecord[] = [];
    let looked = 0;
    for (const other of lines.pending(chunk.phase, Infinity)) {
      if (other <= index) continue;
      if (looked++ >= FILL_LOOKAHEAD || emptied.length >= FILL_LOOKAHEAD - 1) break;
      const next = await this.chunks.compared(other);
      if (lines.get(other).state !== 'PENDING' || next.operationIndexes.length === 0) continue;
      const merged = appendOperations(chunk, next);
      if (!merged) break;
      chunk = { ...merged, movedFrom: [...(chunk.movedFrom ?? []), other] };
      emptied.push({ ...keepOperations(next, () => false), movedTo: index });
    }
    if (emptied.length > 0) await this.chunks.replace([chunk, ...emptied]);
    return chunk;
  }

  /** Sends a chunk claimed SUBMITTING; answers its kind (undefined when it was not sent by this call). */
  private async submit(index: number): Promise<ChunkKind | undefined> {
    const { job } = this.run;
    const line = job.chunks[index];
    if (line.state !== 'SUBMITTING') return undefined;
    const chunk = await this.chunks.get(index);
    await this.sendChunk(index, chunk);
    return chunk.kind;
  }

  private async sendChunk(index: number, chunk: ChunkRecord): Promise<void> {
    const { job } = this.run;
    const line = job.chunks[index];
    try {
      if (chunk.kind === 'deletions') {
        const outcome = await sendDeletions(this.run.csm, chunk);
        if (line.state !== 'SUBMITTING') return;
        await this.outcomes.finishChunk(index, chunk, outcome, 'task', 'DELETED');
        return;
      }
      if (chunk.kind === 'memberships' || chunk.kind === 'service-projects') {
        const send = chunk.kind === 'memberships' ? sendMemberships : sendServiceProjects;
        const outcome = await send(this.run.csm, chunk);
        if (line.state !== 'SUBMITTING') return;
        await this.outcomes.finishChunk(index, chunk, outcome, 'readBack', 'CHANGED');
        return;
      }
      const request = chunkRequest(job.id, chunk);
      // The task's clock starts when CSM takes the send, not at the claim (a job write earlier): looks are timed
      // from the send.
      const sentAt = this.run.now();
      const { taskId } = await this.run.csm.submitBulk(chunk.kind, request.body, request.idempotencyKey);
      if (line.state !== 'SUBMITTING') return;
      const now = this.run.now();
      this.run.lines.setState(index, 'OPEN');
      line.taskId = taskId;
      line.polls = 0;
      line.submittedAt = sentAt;
      line.nextPollAt = nextPollAt(job, line, now, this.run.isProbe(index));
      this.run.dirty = true;
    } catch (error) {
      if (!(error instanceof CsmError)) throw error;
      if (line.state !== 'SUBMITTING') return;
      const now = this.run.now();
      if (error.kind === 'taskCap') {
        // Back-pressure, not a failure: CSM took nothing. The chunk waits for a slot like any other.
        this.run.lines.setState(index, 'PENDING');
        line.submittedAt = undefined;
        this.capBlockedUntil = now + ENGINE_TIMING.capBackoffMs;
        this.run.dirty = true;
        return;
      }
      if (isTransient(error)) {
        // Unknown whether CSM took it: stay SUBMITTING and resend later with the same key.
        line.nextPollAt = now + ENGINE_TIMING.retryLaterMs;
        job.lastError = describeCsmError(error);
        this.run.dirty = true;
        return;
      }
      if (refusesTheRows(error)) {
        const reason = `Customer Service Management refused the request: ${explainCsmError([error.message, ...error.details].join('; '))}`;
        // Refused for what was sent: not worth sending again as it is (isTransient is false for every such kind).
        const retryable = isTransient(error);
        const failed = chunk.operationIndexes.map((op) => ({ index: op, error: reason, retryable }));
        await this.outcomes.finishChunk(index, chunk, { succeeded: [], failed }, 'task', 'REJECTED');
        return;
      }
      throw error;
    }
  }
}
