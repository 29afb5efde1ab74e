/**
 * Every way a CSM call can go wrong, as the job engine needs to tell them apart.
 * The engine reacts per kind: back-pressure, retry, wait for a user, or fail the rows.
 */
export type CsmErrorKind =
  | 'validation' // 400 about the request body: the rows in it cannot be sent as they are
  | 'taskCap' // 400 "Maximum number of tasks reached": back-pressure, not a failure of the rows
  | 'idempotencyKeyMissing' // 400 without Idempotency-Key: a bug in this app
  | 'unauthorized' // 401: the user (or the impersonation) was refused
  | 'forbidden' // 403: the user lacks a CSM / Jira permission
  | 'notFound' // 404: e.g. a task past its 3-day retention
  | 'conflict' // 409: the same Idempotency-Key was used for another body
  | 'preconditionFailed' // 412: the experimental opt-in header was refused
  | 'rateLimited' // 429 after every retry
  | 'server' // 5xx after every retry
  | 'lostResponse' // the request may or may not have been applied: no answer came back
  | 'needsAuthentication' // Forge: the user has not granted the app access yet
  | 'unexpected'; // a 2xx whose body is not what the API documents

export class CsmError extends Error {
  constructor(
    readonly kind: CsmErrorKind,
    message: string,
    readonly status?: number,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'CsmError';
  }

  /** A refusal that a present user (the admin page) may be able to get past. */
  get needsPresentUser(): boolean {
    return this.kind === 'unauthorized' || this.kind === 'needsAuthentication';
  }
}

export const TASK_CAP_MESSAGE = 'Maximum number of tasks reached';

/** Sentences an admin can act on, by kind. */
export function describeCsmError(error: CsmError): string {
  switch (error.kind) {
    case 'taskCap':
      return 'Customer Service Management is already running the maximum number of bulk tasks for this site. The job waits and continues when a slot frees up.';
    case 'unauthorized':
      return 'Customer Service Management refused the call on behalf of the job owner. Open this page as a Jira administrator to continue the job.';
    case 'needsAuthentication':
      return 'The app needs your consent to act on your behalf. Reload the page and allow access when Jira asks.';
    case 'forbidden':
      return 'Your account lacks the Customer Service Management or Jira Service Management permission this action needs. Ask a site admin to grant it.';
    case 'preconditionFailed':
      return 'Customer Service Management refused the experimental bulk API. Check that the bulk organization APIs are available on this site.';
    case 'rateLimited':
      return 'Atlassian is limiting how fast the app may call the site. The job will retry later.';
    case 'server':
      return 'Customer Service Management had a temporary problem. The job will retry.';
    case 'lostResponse':
      return 'The connection to Customer Service Management dropped before it answered. The job resends with the same idempotency key, so nothing is applied twice.';
    case 'notFound':
      return 'Customer Service Management no longer knows this item (task results are kept for 3 days).';
    case 'conflict':
      return 'Customer Service Management saw the same request key with different content. This is a bug in the app; please report it.';
    default:
      return error.message;
  }
}
