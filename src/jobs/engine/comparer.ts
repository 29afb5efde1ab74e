import type { ServiceDesk } from '../../csm/client';
import { afterJob, type OrganizationState } from '../../domain/replaced';
import { operationsOfChunk } from '../../domain/chunkOperations';
import { compareRows } from '../../domain/compareRows';
import { lineRowsOf, type ChunkRecord, type RowFailure } from '../../domain/job';
import type { DetailRowOperation } from '../../domain/operations';
import { appendOperations, detailsChunk, keepOperations } from '../../domain/plan';
import { ENGINE_TIMING } from '../../domain/timing';
import { currentOrganizations } from '../preview/preview';
import type { JobRun } from './jobRun';
import { loadJob } from './loadJob';
import { compareDeletions, serviceDesksOf } from './singleCalls';
import { compareMemberships } from './memberships';
import { compareServiceProjects } from './serviceProjects';
import { failHeldRows } from './skip';

/**
 * The stored requests of the chunks in flight and of those to be sent next. A finished chunk is dropped: the cache
 * holds at most what the site's task slots hold, plus the next ones read ahead while the driver has nothing to do.
 *
 * The rule this file keeps: **a chunk is compared with the site before it is first sent, and its stored record says
 * so before it may be sent.** Comparing reads what its organizations hold now (a read per 25), stores that for an
 * undo, and, unless the job sends every row, takes out the rows that would change nothing. After a crash in between,
 * the chunk is still PENDING and uncompared, and is compared again: nothing was sent, so the same rows come out.
 */
const noop = () => undefined;

export class ChunkComparer {
  private readonly chunks = new Map<number, ChunkRecord>();
  private readonly comparing = new Map<number, Promise<ChunkRecord>>();
  /** When a compare that failed in a read ahead may be tried again (the claim tries it at once, and says why). */
  private readonly retryAt = new Map<number, number>();
  /** Moves into spare requests run one at a time: two compares never fill the same spare from what each read. */
  private moving: Promise<unknown> = Promise.resolve();
  private afterUndone: Promise<Map<string, OrganizationState> | undefined> | undefined;

  constructor(private readonly run: JobRun) {}

  async get(index: number): Promise<ChunkRecord> {
    const cached = this.chunks.get(index);
    if (cached) return cached;
    const chunk = await this.run.deps.store.chunks.get(this.run.jobId, index);
    if (!chunk) throw new Error(`Chunk ${index} of job ${this.run.jobId} is missing from storage.`);
    // A chunk rewritten while this read was on its way is cached already: the read is older, never taken over it.
    if (!this.chunks.has(index)) this.chunks.set(index, chunk);
    return this.chunks.get(index)!;
  }

  /** The chunk as it is to be sent: compared with the site first, once (see the rule above). */
  compared(index: number): Promise<ChunkRecord> {
    const running = this.comparing.get(index);
    if (running) return running;
    const comparing = this.compare(index).finally(() => this.comparing.delete(index));
    this.comparing.set(index, comparing);
    return comparing;
  }

  drop(index: number): void {
    this.chunks.delete(index);
  }

  /**
   * Reads the chunks to be sent next and compares them with the site, so that refilling a freed slot waits for no
   * storage read and no read of the site. A compare that fails here is left to the claim, which says why.
   */
  async readAhead(phase: number): Promise<void> {
    const upcoming = this.run.lines.pending(phase, this.run.job.taskCap);
    const next = upcoming.filter((index) => !this.chunks.has(index));
    if (next.length > 0)
      for (const chunk of await this.run.deps.store.chunks.getMany(this.run.jobId, next))
        if (!this.chunks.has(chunk.index)) this.chunks.set(chunk.index, chunk);
    // Spares are never compared (they take rows already compared): launching them would only wake the loop again.
    const now = this.run.now();
    for (const index of upcoming) {
      if (this.chunks.get(index)?.compared || this.isSpare(index) || now < (this.retryAt.get(index) ?? 0)) continue;
      this.run.launch(`compare:${index}`, () =>
        this.compared(index).then(noop, () => {
          this.retryAt.set(index, this.run.now() + ENGINE_TIMING.retryLaterMs);
        }),
      );
    }
  }

  private async compare(index: number): Promise<ChunkRecord> {
    const { run } = this;
    const stored = await this.get(index);
    if (!stored.compared && stored.kind === 'deletions') {
      // Deletions: an organization already gone has nothing to delete (unchanged, not sent); what each other one holds
      // goes to the recycle bin first (a restore creates it again: CSM cannot undelete).
      // A merge's deletion (mergeInto) waits on its row's other changes, sent in the phases before: one failed, it is
      // not deleted (its members or values would be lost with it).
      const failedRows =
        stored.phase > 0 && run.job.kind === 'merges'
          ? new Set((await this.earlierFailures(stored.phase)).map((failure) => failure.row))
          : new Set<number>();
      const { compared, recycled } = await compareDeletions(run.csm, stored, failedRows, () => this.desksOfSite());
      const beforeParts = recycled.length > 0 ? await run.deps.store.recycled.put(run.jobId, index, recycled) : 0;
      await this.replace([{ ...compared, ...(beforeParts > 0 ? { beforeParts } : {}) }]);
    } else if (!stored.compared && stored.kind === 'memberships') {
      // Every addition ended before any removal is compared (phases): a MOVE whose addition failed is not removed.
      const failedAdditions =
        stored.phase > 0
          ? new Set((await this.earlierFailures(stored.phase)).map((failure) => failure.index))
          : new Set<number>();
      await this.replace([await compareMemberships(run.csm, stored, failedAdditions)]);
    } else if (!stored.compared && stored.kind === 'service-projects') {
      await this.replace([await compareServiceProjects(run.csm, stored, () => this.serviceDesks())]);
    }
    // A spare holds only rows compared in the chunk they came from (and is claimed after every chunk before it).
    else if (!stored.compared && !this.isSpare(index)) {
      const operations = operationsOfChunk(stored);
      const [current, afterUndone] = await Promise.all([
        currentOrganizations(run.csm, operations),
        this.afterUndoneJob(),
      ]);
      const { unchanged, changedSince, toDetails, replaced } = compareRows(operations, current, {
        sendAll: run.job.sendAll,
        spares: run.job.spareFrom !== undefined,
        afterUndone,
      });
      const heldIndexes = new Set(changedSince.map((failure) => failure.index));
      const kept = (op: number) => !unchanged.has(op) && !heldIndexes.has(op);
      const beforeParts = await run.deps.store.replaced.put(run.jobId, index, replaced);
      const creates = replaced.filter((value) => value.creates !== undefined).length;
      const compared: ChunkRecord = {
        ...keepOperations(stored, kept),
        compared: true,
        unchanged: [...unchanged],
        beforeParts,
        ...(creates > 0 ? { creates } : {}),
        ...(changedSince.length > 0 ? { held: changedSince.length } : {}),
      };
      // Held rows are stored with the chunk, in its transaction: its end (or a cancel) makes them failed rows.
      const heldRows = changedSince.length > 0 ? { index, rows: changedSince } : undefined;
      if (toDetails.length > 0) await this.moveToSpare(compared, toDetails, heldRows);
      else await this.replace([compared], heldRows);
      // A cancel may have skipped the chunk while it was being compared: its held rows end failed all the same.
      if (changedSince.length > 0 && run.lines.get(index).state === 'SKIPPED') {
        await failHeldRows(run.deps, run.jobId, run.lines.get(index), this.chunks.get(index)!);
        run.lines.touch(index);
        run.dirty = true;
      }
    }
    const chunk = this.chunks.get(index)!;
    // Also when the chunk was compared by a driver that stopped before saving its line.
    this.countRows(chunk);
    return chunk;
  }

  /**
   * For an undo: what the undone job left each organization holding (read once per run), so that rows whose
   * organization changed after it are held back instead of overwritten unasked. Undefined for any other job.
   */
  private afterUndoneJob(): Promise<Map<string, OrganizationState> | undefined> {
    const undone = this.run.job.undoOf;
    if (!undone) return Promise.resolve(undefined);
    this.afterUndone ??= (async () => {
      const job = await loadJob(this.run.deps.store, undone);
      if (!job) return new Map<string, OrganizationState>();
      const chunks = job.chunks.flatMap((line, index) =>
        line.beforeParts ? [{ index, parts: line.beforeParts }] : [],
      );
      return afterJob(await this.run.deps.store.replaced.read(undone, chunks));
    })();
    // A failed read is tried again by the next compare, not kept.
    this.afterUndone.catch(() => {
      this.afterUndone = undefined;
    });
    return this.afterUndone;
  }

  private failedBefore: Promise<RowFailure[]> | undefined;
  private desksOf: Promise<Map<string, string[]>> | undefined;

  /**
   * The service projects each organization is shared with, for the recycle bin: every desk's list read once a run, not
   * once a chunk (a job deleting 5,000 organizations has 200 chunks). Only organizations about to be deleted are looked
   * up in it, and this run's deletes only take deleted organizations out of it.
   */
  private desksOfSite(): Promise<Map<string, string[]>> {
    this.desksOf ??= serviceDesksOf(this.run.csm);
    this.desksOf.catch(() => {
      this.desksOf = undefined;
    });
    return this.desksOf;
  }

  private desks: Promise<ServiceDesk[]> | undefined;

  /**
   * The site's service desks, for the service projects a chunk names: read once a run, not once a chunk (1,500 rows
   * are 30 chunks). A later run (another invocation) reads them again: the site may have changed in between.
   */
  private serviceDesks(): Promise<ServiceDesk[]> {
    if (!this.desks) {
      // A failed read is not kept: the next chunk asks again.
      this.desks = this.run.csm.listServiceDesks();
      this.desks.catch(() => (this.desks = undefined));
    }
    return this.desks;
  }

  /**
   * The failures of the phases before `phase`, read once a run, when the first chunk that needs them is compared
   * (every earlier phase has ended then): a MOVE's removal asks whether its addition failed, a merge's deletion whether
   * a change of its row did. Both ask about the additions and changes of the phases before the first one asking.
   */
  private earlierFailures(phase: number): Promise<RowFailure[]> {
    this.failedBefore ??= (async () => {
      const earlier = this.run.job.chunks.flatMap((line, index) =>
        line.phase < phase && (line.failed ?? 0) > 0 ? [{ index, parts: line.failureParts ?? 1 }] : [],
      );
      return this.run.deps.store.failures.read(this.run.jobId, earlier);
    })();
    this.failedBefore.catch(() => {
      this.failedBefore = undefined;
    });
    return this.failedBefore;
  }

  private isSpare(index: number): boolean {
    const { spareFrom } = this.run.job;
    return spareFrom !== undefined && index >= spareFrom;
  }

  /**
   * Stores `compared` without the rows `toDetails` sends instead, and those in the first spare details request of
   * its phase with room for them, in one transaction; with no room anywhere, `compared` keeps them as profiles.
   */
  private moveToSpare(
    compared: ChunkRecord,
    toDetails: DetailRowOperation[],
    held?: { index: number; rows: RowFailure[] },
  ): Promise<void> {
    const move = this.moving.then(async () => {
      const { lines, job } = this.run;
      for (let spare = job.spareFrom!; spare < job.chunks.length; spare += 1) {
        if (lines.get(spare).state !== 'PENDING' || lines.get(spare).phase !== compared.phase) continue;
        const filled = appendOperations(await this.get(spare), detailsChunk(spare, compared.phase, toDetails));
        if (!filled) continue;
        const moved = new Set(toDetails.map((op) => op.index));
        // The spare names the chunk the rows came from: what they replaced is stored under it (their names too).
        const movedFrom = [...new Set([...(filled.movedFrom ?? []), compared.index])];
        await this.replace(
          [keepOperations(compared, (op) => !moved.has(op)), { ...filled, compared: true, movedFrom }],
          held,
        );
        return;
      }
      await this.replace([compared], held);
    });
    this.moving = move.catch(() => undefined);
    return move;
  }

  /**
   * Stores chunks rewritten before they are first sent, all or none, while this driver holds the job; their lines
   * then count their rows as stored.
   */
  async replace(chunks: ChunkRecord[], held?: { index: number; rows: RowFailure[] }): Promise<void> {
    const written = await this.run.deps.store.chunks.replace(this.run.jobId, chunks, this.run.options.token, held);
    for (const chunk of written) {
      this.chunks.set(chunk.index, chunk);
      this.countRows(chunk);
    }
  }

  /**
   * A line's rows are those its chunk sends, those taken out as unchanged and those held back (rows moved in or out
   * change them).
   */
  private countRows(chunk: ChunkRecord): void {
    const line = this.run.lines.get(chunk.index);
    const rows = lineRowsOf(chunk);
    if ((Object.keys(rows) as (keyof typeof rows)[]).every((key) => line[key] === rows[key])) return;
    Object.assign(line, rows);
    this.run.lines.touch(chunk.index);
    this.run.dirty = true;
  }
}
