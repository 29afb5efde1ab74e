import type { z } from 'zod';
import type { BulkKind } from '../types';
import type { EmulatorCore } from '../core';
import { ok, restError, validationError, type Reply } from '../http/reply';
import { canonicalJson, requestHash } from '../canonicalJson';
import { fieldErrors } from '../schemas/issues';
import { parseJsonBody, type ApiHandler, type ApiRequest } from './apiRequest';

export const TASK_CAP_MESSAGE = 'Maximum number of tasks reached';

/**
 * POST .../bulk (the experimental opt-in is checked for every CSM path in dispatch.ts): checks idempotency, body and the
 * task cap, then queues a task applied when it ends. `refuse` adds an endpoint's checks of the body against the site
 * (a refusal is a validation 400, replayed for the same key as the body's own).
 */
export function bulkSubmitHandler<S extends z.ZodType>(
  kind: BulkKind,
  schema: S,
  itemsOf: (body: z.infer<S>) => unknown[],
  refuse?: (core: EmulatorCore, body: z.infer<S>) => Reply | undefined,
): ApiHandler {
  return (core, req) => {
    const key = header(req, 'idempotency-key')?.trim();
    if (!key) {
      return restError(
        400,
        'The Idempotency-Key header is required: send a key unique to this request, and the same key when retrying it.',
        'missingIdempotencyKey',
      );
    }

    const json = parseJsonBody(req.bodyText);
    // The endpoint is part of what a key stands for: the same body sent elsewhere is a different request.
    const hash = requestHash(`${kind}\n${json.ok ? canonicalJson(json.value) : req.bodyText}`);
    const previous = core.ledger.lookup(key, hash, req.now);
    if (previous.kind === 'conflict') {
      return restError(
        409,
        `Idempotency-Key '${key}' was already used with a different request body: use a new key for a different request.`,
        'idempotencyConflict',
      );
    }
    if (previous.kind === 'replay') {
      core.stats.replay();
      return 'taskId' in previous.outcome ? accepted(core, req, previous.outcome.taskId) : previous.outcome.refusal;
    }

    const validated = json.ok ? validate(schema, json.value) : { ok: false as const, refusal: json.reply };
    const refusal = validated.ok ? refuse?.(core, validated.body) : undefined;
    const parsed = refusal ? { ok: false as const, refusal } : validated;
    if (!parsed.ok) {
      core.ledger.recordRefusal(key, hash, parsed.refusal, req.now);
      return parsed.refusal;
    }

    if (core.board.cappedCount(req.now) >= core.options.maxActiveTasks) {
      return restError(400, TASK_CAP_MESSAGE, 'taskCap', [
        {
          message: `${TASK_CAP_MESSAGE}: at most ${core.options.maxActiveTasks} bulk tasks may be NOT_STARTED or IN_PROGRESS at once. Wait for one to end, then retry with the same Idempotency-Key.`,
        },
      ]);
    }

    const failedEmpty = req.lateFault === 'failedEmpty';
    if (failedEmpty) core.stats.fault('failedEmpty');
    const task = core.board.submit(
      {
        kind,
        items: itemsOf(parsed.body),
        durationMs: core.taskDuration(),
        idempotencyKey: key,
        requestHash: hash,
        failedEmpty,
      },
      req.now,
    );
    core.ledger.recordTask(key, hash, task.id);
    core.stats.openTasks(core.board.openCount());
    core.version++;
    return accepted(core, req, task.id);
  };
}

function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
): { ok: true; body: z.infer<S> } | { ok: false; refusal: Reply } {
  const parsed = schema.safeParse(value, { reportInput: true });
  return parsed.success
    ? { ok: true, body: parsed.data }
    : { ok: false, refusal: validationError(fieldErrors(parsed.error)) };
}

/** The 200 answer, unless a late fault loses it on the way back (the task exists either way). */
function accepted(core: EmulatorCore, req: ApiRequest, taskId: string): Reply {
  if (req.lateFault === 'lostResponseDrop') {
    core.stats.fault('lostResponseDrop');
    return { status: 200, drop: true };
  }
  if (req.lateFault === 'lostResponse504') {
    core.stats.fault('lostResponse504');
    return restError(
      504,
      'Gateway timeout: the response was lost after the request was accepted. Retry with the same Idempotency-Key to learn the task id.',
    );
  }
  return ok({ id: taskId, statusUrl: `/api/v1/tasks/${taskId}` });
}

function header(req: ApiRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
