import { ok, restError } from '../http/reply';
import { taskStatusView } from '../tasks/task';
import type { ApiHandler } from './apiRequest';

/** GET /jsm/csm/api/v1/tasks/{taskId}; a task is gone once its retention has passed. */
export const getTaskStatus: ApiHandler = (core, req) => {
  const [taskId] = req.params;
  const task = core.board.get(taskId);
  if (!task)
    return restError(
      404,
      `Task ${taskId} not found: it never existed or its results expired (they are kept for a limited time after the task ends).`,
      'notFound',
    );
  if (task.ended && task.seenEndedAt === undefined) task.seenEndedAt = req.now;
  return ok(taskStatusView(task, req.now));
};
