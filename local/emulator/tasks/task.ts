import type { BulkKind, TaskFailure, TaskStatus } from '../types';

export const TASK_TYPES: Record<BulkKind, string> = {
  profiles: 'BULK_ORGANIZATION_PROFILE_CREATE_UPDATE',
  organizations: 'BULK_ORGANIZATION_CREATE_UPDATE',
  details: 'BULK_ORGANIZATION_DETAIL_FIELD_UPDATE',
  // [G] undocumented, as the others are.
  fields: 'BULK_ORGANIZATION_DETAIL_FIELD_DEFINITION_CREATE',
};

/** Share of a task's duration spent NOT_STARTED before it shows IN_PROGRESS. */
export const QUEUED_SHARE = 0.2;

export interface Task {
  id: string;
  kind: BulkKind;
  type: string;
  /** The validated items of the request; applied when the task ends. */
  items: unknown[];
  createdAt: number;
  dueAt: number;
  /** When a status look first found the task ended. */
  seenEndedAt?: number;
  /** Breaks ties between tasks due at the same instant: the earlier submit ends first. */
  seq: number;
  ended?: { status: 'FINISHED' | 'FAILED'; failures: TaskFailure[] };
  idempotencyKey?: string;
  requestHash?: string;
  failedEmpty: boolean;
}

export function startedAt(task: Task): number {
  return task.createdAt + Math.round(QUEUED_SHARE * (task.dueAt - task.createdAt));
}

export function statusAt(task: Task, now: number): TaskStatus {
  if (task.ended) return task.ended.status;
  return now >= startedAt(task) ? 'IN_PROGRESS' : 'NOT_STARTED';
}

export function updatedAt(task: Task, now: number): number {
  if (task.ended) return task.dueAt;
  return now >= startedAt(task) ? startedAt(task) : task.createdAt;
}

/** The body of GET /api/v1/tasks/{id}. */
export function taskStatusView(task: Task, now: number) {
  return {
    id: task.id,
    type: task.type,
    status: statusAt(task, now),
    failures: task.ended?.failures ?? [],
    createdAt: new Date(task.createdAt).toISOString(),
    updatedAt: new Date(updatedAt(task, now)).toISOString(),
  };
}
