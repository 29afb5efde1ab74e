import type { FaultKind } from './types';
import { seededRandom } from './seededRandom';

export const FAULT_KINDS: FaultKind[] = [
  'rate429RetryAfter',
  'rate429ResetOnly',
  'server500',
  'server503',
  'lostResponseDrop',
  'lostResponse504',
  'failedEmpty',
];

/** Faults that refuse a request before anything is applied; any API request can meet them. */
export const REFUSING_FAULTS: FaultKind[] = ['rate429RetryAfter', 'rate429ResetOnly', 'server500', 'server503'];

/**
 * A single write (DELETE /organization/{id}, POST or DELETE …/organization/{id}/user or …/servicedesk/{id}/organization)
 * can also be applied and its answer lost: the caller sends it again and meets what its first call did (a 404 for a
 * delete).
 */
export const SINGLE_WRITE_FAULTS: FaultKind[] = [...REFUSING_FAULTS, 'lostResponseDrop', 'lostResponse504'];
/** Bulk submits can also be accepted and then go wrong. */
export const BULK_FAULTS: FaultKind[] = FAULT_KINDS;

/** Draws faults from their own seeded stream, so changing task jitter does not move them. */
export class FaultInjector {
  private random: () => number;

  constructor(
    private readonly rate: number,
    private readonly seed: number,
    /** Only these kinds strike (all when absent): lets a test aim at one awkward case. */
    private readonly kinds?: readonly FaultKind[],
  ) {
    this.random = seededRandom(seed);
  }

  pick(eligible: FaultKind[]): FaultKind | undefined {
    const allowed = this.kinds ? eligible.filter((kind) => this.kinds!.includes(kind)) : eligible;
    if (allowed.length === 0 || this.rate <= 0 || this.random() >= this.rate) return undefined;
    return allowed[Math.floor(this.random() * allowed.length)];
  }

  reset(): void {
    this.random = seededRandom(this.seed);
  }
}
