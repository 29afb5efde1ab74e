import type { Lease } from '../../store/appStore';
import type { EngineDeps } from '../deps';

/**
 * One driver per job at a time: the background runner or the open admin page. A driver renews its lease as it
 * goes; a lease not renewed for LEASE_MS is free for another driver (and the watchdog takes that as a stopped
 * runner). Taking, renewing and giving back are conditional writes (store/kvsJobControl.ts), and every job write a
 * driver makes is conditional on its lease, so a driver that lost its lease can change nothing.
 */
export const LEASE_MS = 120_000;

/** A token of its own for each driver: two drivers started by the same (redelivered) event are still two. */
export function newRunnerToken(random: () => number): string {
  return `${Math.floor(random() * 36 ** 8).toString(36)}${Math.floor(random() * 36 ** 8).toString(36)}`;
}

export async function acquireLease(
  deps: EngineDeps,
  jobId: string,
  token: string,
  holder: Lease['holder'],
  replacing?: string,
): Promise<boolean> {
  const now = deps.clock.now();
  return deps.store.control.acquireLease(jobId, { token, holder, expiresAt: now + LEASE_MS }, now, replacing);
}

export async function releaseLease(deps: EngineDeps, jobId: string, token: string): Promise<void> {
  await deps.store.control.releaseLease(jobId, token);
}

export async function leaseIsLive(deps: EngineDeps, jobId: string): Promise<Lease | undefined> {
  const current = await deps.store.control.getLease(jobId);
  return current && current.expiresAt > deps.clock.now() ? current : undefined;
}

/**
 * Runs `work` holding the job's lease, for a change made outside a driver (a cancel, a retry's mark): undefined when
 * a driver holds the job, which then applies the change itself or is left to.
 */
export async function withLease<T>(
  deps: EngineDeps,
  jobId: string,
  work: (token: string) => Promise<T>,
): Promise<T | undefined> {
  const token = newRunnerToken(deps.random);
  if (!(await acquireLease(deps, jobId, token, 'page'))) return undefined;
  try {
    return await work(token);
  } finally {
    await releaseLease(deps, jobId, token);
  }
}

export { LeaseLostError } from '../../store/leaseLost';
