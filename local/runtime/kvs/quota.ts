import { JsonTexts } from './jsonTexts';
import { KvsError } from './limits';

/**
 * [docs] Forge KVS and Custom Entity Store limits per installation (platform/forge/limits-kvs-ce): 4,000 reads and
 * 4,000 writes a minute, each counted in 10 KB units ("Request sizes are rounded up to the nearest 10KB … a request
 * with a payload of 65KB … is counted as 7 requests"); a request past a quota answers 429 RATE_LIMIT_EXCEEDED
 * (storage-reference/handling-errors-kvs).
 *
 * [unverified], each the stricter reading: a unit is 10,000 bytes (not 10,240); a batch or transaction counts each of
 * its items as a request of its own; a read is sized by what it returns (a value, each query result, each batch
 * item), at least one unit; the minute slides (the units of the last 60 s of the runtime's clock), rather than being
 * a calendar minute that a burst across its edge would fit twice; a refused request spends nothing.
 */
export const KVS_UNIT_BYTES = 10_000;
export const QUOTA_WINDOW_MS = 60_000;

export interface KvsQuota {
  readUnitsPerMinute: number;
  writeUnitsPerMinute: number;
}

export const FORGE_KVS_QUOTA: KvsQuota = { readUnitsPerMinute: 4000, writeUnitsPerMinute: 4000 };

export type KvsSpend = 'read' | 'write';

/** What a runtime's storage spent: in all, and the most units within any 60 s, by kind. */
export interface KvsUsage {
  total: Record<KvsSpend, number>;
  peakPerMinute: Record<KvsSpend, number>;
  refused: Record<KvsSpend, number>;
}

const READ_PATHS = new Set([
  '/api/v1/get',
  '/api/v1/secret/get',
  '/api/v1/entity/get',
  '/api/v1/query',
  '/api/v1/entity/query',
  '/api/v1/batch/get',
]);

export const unitsOf = (bytes: number) => Math.max(1, Math.ceil(bytes / KVS_UNIT_BYTES));
const jsonBytes = (value: unknown) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)));
const items = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const sumUnits = (list: unknown[], bytes: (item: unknown) => number = jsonBytes) =>
  list.reduce<number>((sum, item) => sum + unitsOf(bytes(item)), 0);

export class KvsMeter {
  private readonly spent: Record<KvsSpend, Array<[at: number, units: number]>> = { read: [], write: [] };
  private readonly inWindow: Record<KvsSpend, number> = { read: 0, write: 0 };
  private readonly usage: KvsUsage = {
    total: { read: 0, write: 0 },
    peakPerMinute: { read: 0, write: 0 },
    refused: { read: 0, write: 0 },
  };

  /**
   * `quota` undefined: storage is metered (report()) but never refused. `windowMs`: the minute, shortened with the
   * runtime's timeScale as its event delays are.
   */
  constructor(
    private readonly now: () => number,
    private readonly quota: KvsQuota | undefined,
    private readonly windowMs = QUOTA_WINDOW_MS,
  ) {}

  isRead(path: string): boolean {
    return READ_PATHS.has(path);
  }

  /** The units a write request spends, from its body. `json`: the request's values serialised once (jsonTexts.ts). */
  writeUnits(path: string, body: unknown, json = new JsonTexts()): number {
    const itemUnits = (list: unknown[]) => sumUnits(list, (item) => json.itemBytes(item));
    if (path === '/api/v1/batch/set' || path === '/api/v1/batch/delete') return Math.max(1, itemUnits(items(body)));
    if (path === '/api/v1/transaction') {
      const request = (body ?? {}) as { set?: unknown; delete?: unknown; check?: unknown };
      return Math.max(1, itemUnits([...items(request.set), ...items(request.delete), ...items(request.check)]));
    }
    return unitsOf(json.itemBytes(body));
  }

  /** The units a read spends, from what it answers. */
  readUnits(path: string, reply: unknown): number {
    const answer = (reply ?? {}) as { data?: unknown; successfulKeys?: unknown; failedKeys?: unknown };
    if (path === '/api/v1/batch/get')
      return Math.max(1, sumUnits([...items(answer.successfulKeys), ...items(answer.failedKeys)]));
    if (path.endsWith('/query')) return Math.max(1, sumUnits(items(answer.data)));
    return unitsOf(jsonBytes(reply));
  }

  /** Spends `units` of `kind` now, or throws 429 RATE_LIMIT_EXCEEDED (spending nothing) past the quota. */
  charge(kind: KvsSpend, units: number): void {
    const now = this.now();
    const window = this.spent[kind];
    while (window.length > 0 && window[0][0] <= now - this.windowMs) this.inWindow[kind] -= window.shift()![1];
    const used = this.inWindow[kind];
    const limit = kind === 'read' ? this.quota?.readUnitsPerMinute : this.quota?.writeUnitsPerMinute;
    if (limit !== undefined && used + units > limit) {
      this.usage.refused[kind] += 1;
      throw new KvsError(
        429,
        'RATE_LIMIT_EXCEEDED',
        `The installation has spent ${used} of its ${limit} storage ${kind} units (10 KB each) in the last minute; ` +
          `this request needs ${units} more.`,
      );
    }
    window.push([now, units]);
    this.inWindow[kind] += units;
    this.usage.total[kind] += units;
    this.usage.peakPerMinute[kind] = Math.max(this.usage.peakPerMinute[kind], used + units);
  }

  report(): KvsUsage {
    return structuredClone(this.usage);
  }
}
