import type { EmulatorStats, FaultKind, Principal, RejectionCause } from './types';
import { FAULT_KINDS } from './faults';
import { emptyPointsStats, type PointsStats } from './points';

const REJECTION_CAUSES: RejectionCause[] = [
  'taskCap',
  'validation',
  'invalidJson',
  'bodyTooLarge',
  'missingExperimentalHeader',
  'missingIdempotencyKey',
  'idempotencyConflict',
  'unauthorized',
  'forbidden',
  'notFound',
  'methodNotAllowed',
  'serverError',
];

/** Past this many distinct request keys, unknown paths share one key so a scan cannot grow the map without bound. */
const MAX_REQUEST_KEYS = 1000;

export class StatsRecorder {
  private stats = emptyStats();

  request(key: string): void {
    const requests = this.stats.requests;
    if (!(key in requests) && Object.keys(requests).length >= MAX_REQUEST_KEYS)
      key = `${key.split(' ')[0]} (other paths)`;
    requests[key] = (requests[key] ?? 0) + 1;
  }

  rejection(cause: RejectionCause): void {
    this.stats.rejections[cause]++;
  }

  fault(kind: FaultKind): void {
    this.stats.faults[kind]++;
  }

  principal(principal: Principal): void {
    this.stats.principals[principal]++;
  }

  replay(): void {
    this.stats.idempotentReplays++;
  }

  openTasks(count: number): void {
    this.stats.openTasks = count;
    this.stats.maxOpenTasks = Math.max(this.stats.maxOpenTasks, count);
  }

  /** Live, for the points meter to charge. */
  points(): PointsStats {
    return this.stats.points;
  }

  snapshot(): EmulatorStats {
    return structuredClone(this.stats);
  }

  reset(): void {
    this.stats = emptyStats();
  }
}

function emptyStats(): EmulatorStats {
  return {
    requests: Object.create(null) as Record<string, number>,
    rejections: Object.fromEntries(REJECTION_CAUSES.map((c) => [c, 0])) as Record<RejectionCause, number>,
    faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
    idempotentReplays: 0,
    maxOpenTasks: 0,
    openTasks: 0,
    principals: { user: 0, app: 0, impersonated: 0 },
    points: emptyPointsStats(),
  };
}
