import type { Reply } from '../http/reply';

type Outcome = { taskId: string } | { refusal: Reply };

interface Entry {
  requestHash: string;
  outcome: Outcome;
  /** Refusals are not tied to a task, so they expire on their own. */
  expiresAt?: number;
}

export type Lookup = { kind: 'new' } | { kind: 'conflict' } | { kind: 'replay'; outcome: Outcome };

/** Idempotency keys of one site: a key stands for one request body and what the site answered to it. */
export class IdempotencyLedger {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly retentionMs: number) {}

  lookup(key: string, requestHash: string, now: number): Lookup {
    const entry = this.entries.get(key);
    if (!entry || (entry.expiresAt !== undefined && entry.expiresAt <= now)) {
      if (entry) this.entries.delete(key);
      return { kind: 'new' };
    }
    return entry.requestHash === requestHash ? { kind: 'replay', outcome: entry.outcome } : { kind: 'conflict' };
  }

  recordTask(key: string, requestHash: string, taskId: string): void {
    this.entries.set(key, { requestHash, outcome: { taskId } });
  }

  recordRefusal(key: string, requestHash: string, refusal: Reply, now: number): void {
    this.entries.set(key, { requestHash, outcome: { refusal }, expiresAt: now + this.retentionMs });
  }

  forgetTask(key: string, taskId: string): void {
    const entry = this.entries.get(key);
    if (entry && 'taskId' in entry.outcome && entry.outcome.taskId === taskId) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
