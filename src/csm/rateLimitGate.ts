import type { Clock } from '../clock';
import { CsmError } from './errors';
import type { CsmRequest, TransportResponse } from './transport';

/**
 * What Atlassian's rate limits asked of the calls that share one gate (one engine's calls in an invocation). Two
 * limits answer 429 with different scopes (developer.atlassian.com/cloud/jira/platform/build-an-app-that-respects-
 * rate-limits): the hourly points quota (`RateLimit-Reason: jira-quota-…`) covers every call of the app, so after one
 * such refusal no call is made until the reset; the per-second burst (`jira-burst-based`) covers one endpoint and
 * method, so only that endpoint's calls are spaced out, more after each burst refusal and less after each answer.
 */
export interface RateLimitGate {
  /** Clock ms until which no call is made (the hourly quota is spent); 0 when none. */
  quotaPausedUntil: number;
  /** Per endpoint: the gap kept between two calls, and when the next may start. */
  readonly spacing: Map<string, { gapMs: number; nextAt: number }>;
  /** Told when a quota 429 starts (or moves) the pause: a job's driver says so on its page at once. */
  readonly onQuotaPause: Set<() => void>;
}

export function createRateLimitGate(): RateLimitGate {
  return { quotaPausedUntil: 0, spacing: new Map(), onQuotaPause: new Set() };
}

/** What a client tells its callers of the quota's pause. */
export function quotaPause(gate: RateLimitGate, clock: Clock) {
  return {
    quotaPausedUntil: () => (gate.quotaPausedUntil > clock.now() ? gate.quotaPausedUntil : undefined),
    /** Holds every call until `until` (a pause another runner met, read from storage). */
    holdUntil(until: number): void {
      gate.quotaPausedUntil = Math.max(gate.quotaPausedUntil, until);
    },
    whenQuotaPaused(listener: () => void): () => void {
      gate.onQuotaPause.add(listener);
      return () => gate.onQuotaPause.delete(listener);
    },
  };
}

export type RateLimitScope = 'quota' | 'burst' | 'other';

/** [V] the `RateLimit-Reason` values: `jira-quota-global-based`, `jira-quota-tenant-based`, `jira-burst-based`. */
export function rateLimitScope(reason: string | null): RateLimitScope {
  if (!reason) return 'other';
  if (/^jira-quota/i.test(reason.trim())) return 'quota';
  if (/^jira-burst/i.test(reason.trim())) return 'burst';
  return 'other';
}

/** Endpoint and method, as the burst limit counts them. */
export function endpointKey(request: CsmRequest): string {
  return request.endpoint === 'bulk' ? `bulk:${request.kind}` : request.endpoint;
}

const FIRST_GAP_MS = 250;
const MAX_GAP_MS = 4_000;
/** Below this the endpoint is no longer spaced out. */
const MIN_GAP_MS = 20;

/** A burst refusal: the endpoint's calls are spaced twice as far apart (a quarter second at first, 4 s at most). */
export function slowDown(gate: RateLimitGate, key: string, now: number, retryAfterMs: number): void {
  const entry = gate.spacing.get(key);
  const gapMs = Math.min(MAX_GAP_MS, entry ? entry.gapMs * 2 : FIRST_GAP_MS);
  gate.spacing.set(key, { gapMs, nextAt: Math.max(entry?.nextAt ?? 0, now + retryAfterMs) });
}

/** An answer: the gap shrinks by a tenth, and goes once it is small. */
export function easeOff(gate: RateLimitGate, key: string): void {
  const entry = gate.spacing.get(key);
  if (!entry) return;
  entry.gapMs *= 0.9;
  if (entry.gapMs < MIN_GAP_MS) gate.spacing.delete(key);
}

/** How long the next call to this endpoint waits (0: at once); takes its turn, so calls in parallel queue up. */
export function takeTurn(gate: RateLimitGate, key: string, now: number): number {
  const entry = gate.spacing.get(key);
  if (!entry) return 0;
  const at = Math.max(now, entry.nextAt);
  entry.nextAt = at + entry.gapMs;
  return at - now;
}

/**
 * Before each call: while the hourly quota is spent, the call waits for the reset (every call of the gate waits, so
 * none is made before it), or is refused at once when the reset is past the caller's deadline; an endpoint slowed
 * down for bursts waits its turn.
 */
export async function waitForLimits(gate: RateLimitGate, key: string, clock: Clock, deadline?: number): Promise<void> {
  let now = clock.now();
  if (gate.quotaPausedUntil > now) {
    if (deadline !== undefined && gate.quotaPausedUntil > deadline) throw quotaError(gate.quotaPausedUntil, now);
    await clock.sleep(gate.quotaPausedUntil - now);
    now = clock.now();
  }
  const wait = takeTurn(gate, key, now);
  if (wait <= 0) return;
  if (deadline !== undefined && now + wait > deadline)
    throw new CsmError('rateLimited', 'Atlassian asked the app to slow down.', 429, [], wait);
  await clock.sleep(wait);
}

/**
 * A 429: for the hourly quota, every call of the gate is held until the reset (true: the call is made again then,
 * without counting as an attempt); for a burst, the endpoint is slowed down and the call retried as any transient
 * error (false).
 */
export function heedRateLimit(
  gate: RateLimitGate,
  key: string,
  response: TransportResponse,
  retryAfterMs: number | undefined,
  now: number,
): boolean {
  const scope = rateLimitScope(response.header('RateLimit-Reason'));
  if (scope === 'quota') {
    // At least a second: a reset said to be now must not become a loop of refused calls.
    const waitMs = Math.max(1_000, retryAfterMs ?? untilNextHour(now));
    if (now + waitMs > gate.quotaPausedUntil) {
      gate.quotaPausedUntil = now + waitMs;
      for (const listener of gate.onQuotaPause) listener();
    }
    return true;
  }
  if (scope === 'burst') slowDown(gate, key, now, retryAfterMs ?? 1_000);
  return false;
}

export function quotaError(resetAt: number, now: number): CsmError {
  const message = "Atlassian's hourly limit on the app's calls is spent.";
  return new CsmError('rateLimited', message, 429, [], resetAt - now, resetAt);
}

/** [T] the quota resets on the hour; used only when a quota 429 names no time. */
function untilNextHour(now: number): number {
  const HOUR = 3_600_000;
  return Math.floor(now / HOUR) * HOUR + HOUR - now;
}
