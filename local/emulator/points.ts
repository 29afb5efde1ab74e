import type { Reply } from './http/reply';
import { restError } from './http/reply';

/**
 * Atlassian's points-based rate limits, as the emulator meters them. [V] developer.atlassian.com/cloud/jira/platform/
 * rate-limiting: "Each request starts with a base cost of 1 point, and additional points are added for each object
 * involved. Write requests are charged only the base cost"; the quota is counted per hour, and a 429 says which limit
 * in `RateLimit-Reason` (…/build-an-app-that-respects-rate-limits: `jira-quota-global-based` /
 * `jira-quota-tenant-based` for the hourly quota, stop every request until `Retry-After`; `jira-burst-based` per
 * second for one tenant, endpoint and method, slow that endpoint down). [T] the `Beta-RateLimit-Policy` /
 * `Beta-RateLimit` headers and a quota reset on the hour, from a log posted on the developer community
 * ("2026 point-based rate limits"). [unverified] that CSM's /jsm/csm calls share the pool (assumed, csm-api.md), what
 * counts as an object in a CSM answer (each organization, profile, field definition, task or permission returned),
 * and that a refused call costs nothing.
 */
export const QUOTA_REASON = 'jira-quota-global-based';
export const BURST_REASON = 'jira-burst-based';

export interface PointsOptions {
  /** Points the app may spend a window (Atlassian's default pool: 65,000 an hour); no refusal when absent. */
  pointsPerHour?: number;
  /** The quota's window, ms (an hour; tests shorten it). Windows start at multiples of it, as the hour does. */
  pointsWindowMs: number;
  /** Requests a second to one endpoint and method before a burst 429; none when absent. */
  burstPerSecond?: number;
}

export interface PointsStats {
  /** Every point charged since the emulator started or was reset. */
  spent: number;
  /** Points charged in the current window. */
  windowSpent: number;
  /** Points charged, by `METHOD /path` as in `requests`. */
  byRequest: Record<string, number>;
  quotaRefusals: number;
  burstRefusals: number;
  /** Burst refusals, by `METHOD /path`: the limit is per endpoint and method. */
  burstRefusedByRequest: Record<string, number>;
}

export function emptyPointsStats(): PointsStats {
  return {
    spent: 0,
    windowSpent: 0,
    byRequest: Object.create(null) as Record<string, number>,
    quotaRefusals: 0,
    burstRefusals: 0,
    burstRefusedByRequest: Object.create(null) as Record<string, number>,
  };
}

export class PointsMeter {
  private windowStart = -Infinity;
  private windowSpent = 0;
  private burstSecond = -Infinity;
  private burstCounts = new Map<string, number>();

  constructor(
    private readonly options: PointsOptions,
    private readonly stats: () => PointsStats,
  ) {}

  /** A 429 when a limit is reached, before anything is applied; undefined when the request may go on. */
  admit(key: string, now: number): Reply | undefined {
    this.roll(now);
    const { pointsPerHour, burstPerSecond, pointsWindowMs } = this.options;
    if (pointsPerHour !== undefined && this.windowSpent >= pointsPerHour) {
      this.stats().quotaRefusals++;
      const reset = this.windowStart + pointsWindowMs;
      const seconds = Math.max(1, Math.ceil((reset - now) / 1000));
      return restError(
        429,
        `Rate limit exceeded: the app's hourly points quota is spent until ${new Date(reset).toISOString()}.`,
        undefined,
        undefined,
        {
          'Retry-After': String(seconds),
          'RateLimit-Reason': QUOTA_REASON,
          'X-RateLimit-Reset': new Date(reset).toISOString(),
          ...this.quotaHeaders(now),
        },
      );
    }
    if (burstPerSecond !== undefined) {
      const second = Math.floor(now / 1000);
      if (second !== this.burstSecond) {
        this.burstSecond = second;
        this.burstCounts.clear();
      }
      const count = (this.burstCounts.get(key) ?? 0) + 1;
      this.burstCounts.set(key, count);
      if (count > burstPerSecond) {
        const stats = this.stats();
        stats.burstRefusals++;
        stats.burstRefusedByRequest[key] = (stats.burstRefusedByRequest[key] ?? 0) + 1;
        return restError(429, `Rate limit exceeded: too many ${key} calls a second.`, undefined, undefined, {
          'Retry-After': '1',
          'RateLimit-Reason': BURST_REASON,
        });
      }
    }
    return undefined;
  }

  /** Charges an answered request and adds the quota headers to its reply. */
  charge(key: string, method: string, reply: Reply, now: number): Reply {
    if (reply.status === 429 || reply.drop) return reply;
    this.roll(now);
    const points = method === 'GET' || isRead(key) ? 1 + objectsRead(reply) : 1;
    this.windowSpent += points;
    const stats = this.stats();
    stats.spent += points;
    stats.windowSpent = this.windowSpent;
    stats.byRequest[key] = (stats.byRequest[key] ?? 0) + points;
    return { ...reply, headers: { ...reply.headers, ...this.quotaHeaders(now) } };
  }

  private quotaHeaders(now: number): Record<string, string> {
    const { pointsPerHour, pointsWindowMs } = this.options;
    if (pointsPerHour === undefined) return {};
    const left = Math.max(0, pointsPerHour - this.windowSpent);
    const resetSeconds = Math.max(0, Math.ceil((this.windowStart + pointsWindowMs - now) / 1000));
    return {
      'Beta-RateLimit-Policy': `"global-app-quota";q=${pointsPerHour};w=${Math.round(pointsWindowMs / 1000)}`,
      'Beta-RateLimit': `"global-app-quota";r=${left};t=${resetSeconds}`,
      ...(left < pointsPerHour * 0.2 ? { 'X-RateLimit-NearLimit': 'true' } : {}),
    };
  }

  private roll(now: number): void {
    const start = Math.floor(now / this.options.pointsWindowMs) * this.options.pointsWindowMs;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.windowSpent = 0;
      this.stats().windowSpent = 0;
    }
  }

  reset(): void {
    this.windowStart = -Infinity;
    this.windowSpent = 0;
    this.burstSecond = -Infinity;
    this.burstCounts.clear();
  }
}

/** The POSTs that read (organization and profile fetches) cost like a GET. */
function isRead(key: string): boolean {
  return key.endsWith('/fetch');
}

/**
 * The objects an answer carries: what its handler counted (a user object counts 2: [T] csm-api.md's summary of
 * "Rate limiting"), else each item of its list, else the one object it is; none for a refusal.
 */
function objectsRead(reply: Reply): number {
  if (reply.status < 200 || reply.status >= 300 || reply.body === undefined || reply.body === null) return 0;
  if (reply.pointObjects !== undefined) return reply.pointObjects;
  const body = reply.body as Record<string, unknown>;
  for (const list of ['results', 'values']) if (Array.isArray(body[list])) return (body[list] as unknown[]).length;
  if (body.permissions && typeof body.permissions === 'object') return Object.keys(body.permissions).length;
  return 1;
}
