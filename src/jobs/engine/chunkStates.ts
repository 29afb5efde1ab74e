import type { ChunkLine, ChunkState } from '../../domain/job';

/**
 * The job's chunk lines, indexed by what the driver looks for, kept as their states change. A turn of the loop then
 * looks at the lines that can act (a task open, or a chunk being sent: at most the task cap) and at the next lines
 * to send, never at every line: over a 2,000-chunk job, scanning every line at each turn and each save made the
 * driver's own work grow with the square of the job (measured: 15 of the 30 s of CPU a 100,000-row job took).
 *
 * The rule this file keeps: **a line's state changes only through `setState`.** Every other field of a line changes
 * only while the line is live (SUBMITTING or OPEN), in the same synchronous step as a `setState`, or with a `touch`,
 * so `touched` names every line that may differ from what was last written.
 */
export class ChunkStates {
  /** SUBMITTING or OPEN. */
  private readonly live = new Set<number>();
  /** Lines whose state changed since `touched` was last called. */
  private readonly changed = new Set<number>();
  /** No line before this index is PENDING. */
  private pendingFrom = 0;
  private ended = 0;
  /** Lines not yet ended, by phase. */
  private readonly unended = new Map<number, number>();

  constructor(private readonly lines: ChunkLine[]) {
    lines.forEach((line, index) => this.count(line.state, index, 1));
  }

  get(index: number): ChunkLine {
    return this.lines[index];
  }

  setState(index: number, state: ChunkState): void {
    const line = this.lines[index];
    if (line.state === state) return;
    this.count(line.state, index, -1);
    line.state = state;
    this.count(state, index, 1);
    this.changed.add(index);
    if (state === 'PENDING') this.pendingFrom = Math.min(this.pendingFrom, index);
  }

  /** A line changed without a change of state (only while PENDING: see the rule above). */
  touch(index: number): void {
    this.changed.add(index);
  }

  /** The lines that may differ from what was last written: those whose state changed since, and every live one. */
  touched(): number[] {
    const touched = [...new Set([...this.changed, ...this.live])];
    this.changed.clear();
    return touched;
  }

  /** SUBMITTING and OPEN lines, in index order. */
  liveIndexes(): number[] {
    return [...this.live].sort((a, b) => a - b);
  }

  /** The lowest phase with chunks not yet done: a phase starts only when every chunk of the one before has ended. */
  currentPhase(): number {
    let phase = Infinity;
    for (const [candidate, count] of this.unended) if (count > 0) phase = Math.min(phase, candidate);
    return phase;
  }

  /** The first `limit` PENDING lines of `phase` (or of any), in index order. */
  pending(phase: number | 'any', limit: number): number[] {
    const found: number[] = [];
    if (!this.hasPending()) return found;
    for (let index = this.pendingFrom; index < this.lines.length && found.length < limit; index += 1) {
      const line = this.lines[index];
      if (line.state === 'PENDING' && (phase === 'any' || line.phase === phase)) found.push(index);
    }
    return found;
  }

  /** Whether any line is PENDING (moves the scan's start to the first one). */
  hasPending(): boolean {
    while (this.pendingFrom < this.lines.length && this.lines[this.pendingFrom].state !== 'PENDING')
      this.pendingFrom += 1;
    return this.pendingFrom < this.lines.length;
  }

  /** Every line has ended (DONE or SKIPPED). */
  allEnded(): boolean {
    return this.ended === this.lines.length;
  }

  private count(state: ChunkState, index: number, delta: 1 | -1): void {
    if (state === 'SUBMITTING' || state === 'OPEN') {
      if (delta > 0) this.live.add(index);
      else this.live.delete(index);
    }
    if (state === 'DONE' || state === 'SKIPPED') this.ended += delta;
    else this.unended.set(this.lines[index].phase, (this.unended.get(this.lines[index].phase) ?? 0) + delta);
  }
}
