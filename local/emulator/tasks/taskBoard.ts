import { randomUUID } from 'node:crypto';
import type { BulkKind, TaskState } from '../types';
import type { ApplyOutcome } from '../apply/outcome';
import { QUEUED_SHARE, TASK_TYPES, statusAt, updatedAt, type Task } from './task';

/** Tasks unfinished for this long no longer count toward the site's cap. */
export const CAP_WINDOW_MS = 30 * 60 * 1000;

export interface NewTask {
  kind: BulkKind;
  items: unknown[];
  durationMs: number;
  idempotencyKey?: string;
  requestHash?: string;
  failedEmpty: boolean;
}

/**
 * The site's bulk tasks. Nothing runs in the background: `settle` ends every task whose due time has passed,
 * in due-time order, so a run is a pure function of the clock and the requests.
 */
export class TaskBoard {
  private readonly tasks = new Map<string, Task>();
  /** Unfinished tasks, ordered by (dueAt, seq). */
  private open: Task[] = [];
  /** Finished tasks, ordered by the time they ended, so the oldest expire first. */
  private ended: Task[] = [];
  private seq = 0;

  constructor(
    private readonly retentionMs: number,
    private readonly complete: (task: Task) => ApplyOutcome,
    private readonly forget: (task: Task) => void,
  ) {}

  get(id: string): Task | undefined {
    return this.tasks.get(id);
  }

  submit(spec: NewTask, now: number): Task {
    const task: Task = {
      id: randomUUID(),
      kind: spec.kind,
      type: TASK_TYPES[spec.kind],
      items: spec.items,
      createdAt: now,
      dueAt: now + spec.durationMs,
      seq: this.seq++,
      idempotencyKey: spec.idempotencyKey,
      requestHash: spec.requestHash,
      failedEmpty: spec.failedEmpty,
    };
    this.tasks.set(task.id, task);
    insertByDueAt(this.open, task);
    return task;
  }

  /** Ends due tasks and drops expired ones; true when anything changed. */
  settle(now: number): boolean {
    let changed = false;
    while (this.open.length && this.open[0].dueAt <= now) {
      const task = this.open.shift() as Task;
      const outcome = this.complete(task);
      const failedAll = outcome.units > 0 && outcome.failedUnits === outcome.units;
      task.ended = task.failedEmpty
        ? { status: 'FAILED', failures: [] }
        : { status: failedAll ? 'FAILED' : 'FINISHED', failures: outcome.failures };
      insertByDueAt(this.ended, task);
      changed = true;
    }
    let expired = 0;
    while (expired < this.ended.length && this.ended[expired].dueAt + this.retentionMs <= now) {
      const task = this.ended[expired++];
      this.tasks.delete(task.id);
      this.forget(task);
    }
    if (expired) {
      this.ended = this.ended.slice(expired);
      changed = true;
    }
    return changed;
  }

  /** Tasks NOT_STARTED or IN_PROGRESS. */
  openCount(): number {
    return this.open.length;
  }

  /** Open tasks that still hold one of the site's slots. */
  cappedCount(now: number): number {
    let count = 0;
    for (const task of this.open) if (now - task.createdAt < CAP_WINDOW_MS) count++;
    return count;
  }

  all(): Task[] {
    return [...this.tasks.values()];
  }

  toState(now: number): TaskState[] {
    return this.all().map((task) => ({
      id: task.id,
      status: statusAt(task, now),
      kind: task.kind,
      items: task.items,
      failures: task.ended?.failures ?? [],
      type: task.type,
      createdAt: new Date(task.createdAt).toISOString(),
      updatedAt: new Date(updatedAt(task, now)).toISOString(),
      dueAt: new Date(task.dueAt).toISOString(),
      ...(task.seenEndedAt === undefined ? {} : { seenEndedAt: new Date(task.seenEndedAt).toISOString() }),
      idempotencyKey: task.idempotencyKey,
      requestHash: task.requestHash,
      failedEmpty: task.failedEmpty || undefined,
    }));
  }

  /** Replaces every task with those of a (validated) state; missing times are filled in from `now`. */
  load(states: TaskState[], now: number, defaultDurationMs: number): Task[] {
    this.tasks.clear();
    this.open = [];
    this.ended = [];
    for (const state of states) {
      const finished = state.status === 'FINISHED' || state.status === 'FAILED';
      const createdAt = state.createdAt
        ? Date.parse(state.createdAt)
        : now -
          (finished
            ? defaultDurationMs
            : state.status === 'IN_PROGRESS'
              ? Math.ceil(QUEUED_SHARE * defaultDurationMs)
              : 0);
      const dueAt = state.dueAt
        ? Date.parse(state.dueAt)
        : finished
          ? Date.parse(state.updatedAt ?? '') || now
          : createdAt + defaultDurationMs;
      const task: Task = {
        id: state.id,
        kind: state.kind,
        type: state.type ?? TASK_TYPES[state.kind],
        items: state.items,
        createdAt,
        dueAt,
        ...(state.seenEndedAt ? { seenEndedAt: Date.parse(state.seenEndedAt) } : {}),
        seq: this.seq++,
        ended: finished ? { status: state.status as 'FINISHED' | 'FAILED', failures: state.failures } : undefined,
        idempotencyKey: state.idempotencyKey,
        requestHash: state.requestHash,
        failedEmpty: state.failedEmpty ?? false,
      };
      this.tasks.set(task.id, task);
      insertByDueAt(finished ? this.ended : this.open, task);
    }
    return this.all();
  }
}

/** Keeps `tasks` ordered by dueAt, later arrivals after earlier ones due at the same time; new tasks usually go last. */
function insertByDueAt(tasks: Task[], task: Task): void {
  let i = tasks.length;
  while (i > 0 && tasks[i - 1].dueAt > task.dueAt) i--;
  tasks.splice(i, 0, task);
}
