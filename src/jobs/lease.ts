import type { Lease } from '../store/jobStore';
import type { EngineDeps } from './deps';

/**
 * One driver per job at a time: the background runner or the open admin page. A driver
 * renews its lease on every step; a lease not renewed for LEASE_MS is free for another
 * driver (and the watchdog takes that as a stopped runner).
 */
export const LEASE_MS = 120_000;

export function newRunnerToken(random: () => number): string {
  return Math.floor(random() * 36 ** 8).toString(36);
}

export async function acquireLease(
  deps: EngineDeps,
  jobId: string,
  token: string,
  holder: Lease['holder'],
): Promise<boolean> {
  const now = deps.clock.now();
  const current = await deps.store.control.getLease(jobId);
  if (current && current.token !== token && current.expiresAt > now) return false;
  await deps.store.control.putLease(jobId, { token, holder, expiresAt: now + LEASE_MS });
  // KVS has no compare-and-set: read back so that of two drivers racing, only the last writer drives.
  const settled = await deps.store.control.getLease(jobId);
  return settled?.token === token;
}

export async function releaseLease(deps: EngineDeps, jobId: string, token: string): Promise<void> {
  const current = await deps.store.control.getLease(jobId);
  if (current?.token === token) await deps.store.control.deleteLease(jobId);
}

export async function leaseIsLive(deps: EngineDeps, jobId: string): Promise<Lease | undefined> {
  const current = await deps.store.control.getLease(jobId);
  return current && current.expiresAt > deps.clock.now() ? current : undefined;
}
