import type { RejectionCause } from '../types';

export interface FieldError {
  field?: string;
  message: string;
}

/** The RestError shape every non-2xx answer carries. */
export interface RestErrorBody {
  errorMessage: string;
  errors: FieldError[];
  statusCode: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Set on refusals so stats can count them by cause. */
  rejection?: RejectionCause;
  /** Destroy the socket instead of answering (a response lost on the way back). */
  drop?: boolean;
  /** The objects a read answer counts for points, when it is not one per listed item (user objects count 2). */
  pointObjects?: number;
}

export function ok(body: unknown): Reply {
  return { status: 200, body };
}

export function restError(
  status: number,
  errorMessage: string,
  rejection?: RejectionCause,
  errors: FieldError[] = [{ message: errorMessage }],
  headers?: Record<string, string>,
): Reply {
  const body: RestErrorBody = { errorMessage, errors, statusCode: status };
  return { status, body, rejection, headers };
}

/** One 400 listing every problem; the errorMessage leads with the first ones so a log line is enough to act on. */
export function validationError(errors: FieldError[], rejection: RejectionCause = 'validation'): Reply {
  const shown = errors.slice(0, 3).map(describe).join('; ');
  const more = errors.length > 3 ? `; and ${errors.length - 3} more problem(s)` : '';
  return restError(400, shown + more, rejection, errors);
}

function describe(e: FieldError): string {
  return e.field ? `${e.field}: ${e.message}` : e.message;
}
