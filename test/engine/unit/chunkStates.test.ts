import { isDeepStrictEqual } from 'node:util';
import type { ChunkLine, ChunkState } from '../../../src/domain/job';
import { ChunkStates } from '../../../src/jobs/engine/chunkStates';

const line = (state: ChunkState, phase = 0): ChunkLine => ({ state, phase, size: 1 });

/** What Lines keeps by hand, computed by scanning every line: the two must always agree. */
function scanned(lines: ChunkLine[]) {
  const unended = lines.filter((l) => l.state !== 'DONE' && l.state !== 'SKIPPED');
  return {
    phase: Math.min(Infinity, ...unended.map((l) => l.phase)),
    live: lines.flatMap((l, i) => (l.state === 'OPEN' || l.state === 'SUBMITTING' ? [i] : [])),
    pending: (phase: number) => lines.flatMap((l, i) => (l.state === 'PENDING' && l.phase === phase ? [i] : [])),
    allEnded: unended.length === 0,
  };
}

describe('the engine’s index of chunk lines', () => {
  it('agrees with a scan of every line through 5,000 random state changes', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const STATES: ChunkState[] = ['PENDING', 'SUBMITTING', 'OPEN', 'DONE', 'SKIPPED'];
    const raw = Array.from({ length: 300 }, (_, i) => line(STATES[random(5)], i < 200 ? 0 : 1));
    const lines = new ChunkStates(raw);
    // Every step's answers are compared with the scan's (isDeepStrictEqual: no looser than toEqual) and the steps that
    // disagree kept: one expect at the end rather than four a step, whose 20,000 matcher calls were most of the suite's CPU.
    const disagreements: { step: number; kept: unknown; truth: unknown }[] = [];
    for (let step = 0; step < 5_000; step += 1) {
      lines.setState(random(raw.length), STATES[random(5)]);
      const truth = scanned(raw);
      const limit = random(4);
      const kept = {
        phase: lines.currentPhase(),
        live: lines.liveIndexes(),
        allEnded: lines.allEnded(),
        pending: lines.pending(truth.phase, limit),
      };
      const scan = { ...truth, pending: truth.pending(truth.phase).slice(0, limit) };
      if (!isDeepStrictEqual(kept, scan)) disagreements.push({ step, kept, truth: scan });
    }
    // Any disagreement fails; the first three are shown.
    expect(disagreements.slice(0, 3)).toEqual([]);
  });

  it('names every line whose state changed, and every live line, as touched; then only the live ones', () => {
    const raw = [line('PENDING'), line('PENDING'), line('OPEN'), line('DONE')];
    const lines = new ChunkStates(raw);
    lines.setState(0, 'SUBMITTING');
    lines.setState(1, 'SKIPPED');
    expect(lines.touched().sort()).toEqual([0, 1, 2]);
    expect(lines.touched().sort()).toEqual([0, 2]);
  });

  it('finds a line sent back to PENDING before the scan’s start (CSM said its slots were full)', () => {
    const raw = [line('PENDING'), line('PENDING'), line('PENDING')];
    const lines = new ChunkStates(raw);
    for (const index of lines.pending(0, 2)) lines.setState(index, 'SUBMITTING');
    expect(lines.pending(0, 5)).toEqual([2]);
    lines.setState(0, 'PENDING');
    expect(lines.pending(0, 5)).toEqual([0, 2]);
    expect(lines.pending('any', 1)).toEqual([0]);
  });
});
