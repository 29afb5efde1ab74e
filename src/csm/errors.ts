import { ExternalEndpointNotAllowedError, FetchError, NeedsAuthenticationError, ProxyRequestError } from '@forge/api';
import { namesContentProblem } from '../domain/outcomes/explainCsmError';

/**
 * Every way a CSM call can go wrong, as the job engine needs to tell them apart, and the one place that decides
 * which of them pass on their own (transient), which wait for a user, and what an admin is told.
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
  | 'needsAuthentication' // Forge: no user token (consent not given, or offline impersonation not allowed)
  | 'egressRefused' // Forge: the URL's origin is not declared in the manifest
  | 'unexpected'; // a 2xx whose body is not what the API documents

export class CsmError extends Error {
  constructor(
    readonly kind: CsmErrorKind,
    message: string,
    readonly status?: number,
    readonly details: string[] = [],
    /** For a transient error given up on before a deadline: how long CSM asked the caller to wait. */
    readonly retryAfterMs?: number,
    /** A 429 for Atlassian's hourly points quota: when (clock ms) calls may start again. */
    readonly quotaResetAt?: number,
  ) {
    super(message);
    this.name = 'CsmError';
  }
}

export const TASK_CAP_MESSAGE = 'Maximum number of tasks reached';

const TRANSIENT: ReadonlySet<CsmErrorKind> = new Set(['rateLimited', 'server', 'lostResponse']);

/** Passes on its own: the same request, sent again later (with the same idempotency key), may succeed. */
export function isTransient(error: CsmError): boolean {
  return isTransientKind(error.kind);
}

export function isTransientKind(kind: CsmErrorKind): boolean {
  return TRANSIENT.has(kind);
}

/**
 * The kind of CSM's own words for one row in a task's failures, in the same model as the answers above. CSM documents
 * no such texts, so these patterns are guesses; quoted parts (the names and values a text repeats) are left out, so
 * an organization called 'Busy Bee' is not taken for a busy CSM. A row refused for what it holds (it exists already,
 * was not found, a value is not allowed…) is `validation`; an empty text, a refusal without a reason, counts as
 * `server`: nothing says the row itself is wrong.
 */
export function errorKindOfRowText(text: string): CsmErrorKind {
  const own = text.replace(/'[^']*'|"[^"]*"/g, ' ').trim();
  if (own === '') return 'server';
  // What the row holds first: "Value 'Mars' is not a valid option. Fix the value and try again." is no passing refusal.
  if (namesContentProblem(own)) return 'validation';
  if (/rate.?limit|too many requests|throttl/i.test(own)) return 'rateLimited';
  if (/timed? ?out|timeout|deadline exceeded/i.test(own)) return 'lostResponse';
  if (
    /try again|temporar|unavailable|busy|locked|being (updated|modified|processed)|internal (server )?error/i.test(own)
  )
    return 'server';
  return 'validation';
}

/**
 * Whether a row CSM refused with these texts (one per failure it listed for the row) may pass if sent again as it
 * is: only when every text is a passing one. No text at all (a row whose task gave no reason) passes.
 */
export function rowFailurePasses(texts: readonly string[]): boolean {
  return texts.every((text) => isTransientKind(errorKindOfRowText(text)));
}

/** A refusal of the caller, not of the rows: a job waits until its owner (or another admin) opens the page. */
export function waitsForUser(error: CsmError): boolean {
  return error.kind === 'unauthorized' || error.kind === 'needsAuthentication' || error.kind === 'forbidden';
}

/** A refusal of what was sent: the rows of that request fail with the reason, and the job goes on. */
export function refusesTheRows(error: CsmError): boolean {
  return (
    error.kind === 'validation' ||
    error.kind === 'conflict' ||
    error.kind === 'idempotencyKeyMissing' ||
    error.kind === 'unexpected'
  );
}

/** The kind of a CSM answer that is not 2xx. */
export function errorKindOfStatus(status: number, message: string): CsmErrorKind {
  if (status === 400) {
    if (message.includes(TASK_CAP_MESSAGE)) return 'taskCap';
    if (/idempotency/i.test(message)) return 'idempotencyKeyMissing';
    return 'validation';
  }
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 409) return 'conflict';
  if (status === 412) return 'preconditionFailed';
  if (status === 429) return 'rateLimited';
  // A gateway timeout means the request may have been applied: resend with the same key.
  if (status === 504) return 'lostResponse';
  if (status >= 500) return 'server';
  return 'unexpected';
}

/**
 * What the Forge product fetch threw. @forge/api throws its own classes (errors.js): NeedsAuthenticationError when
 * Forge has no user token to attach (the user's consent is missing, or an offline impersonation is not allowed),
 * ProxyRequestError when Forge's proxy refused or failed, ExternalEndpointNotAllowedError for an undeclared origin.
 * Anything else (a dropped connection) leaves it unknown whether CSM took the request.
 */
export function errorFromThrown(error: unknown): CsmError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof CsmError) return error;
  if (error instanceof NeedsAuthenticationError) return new CsmError('needsAuthentication', message, 401);
  if (error instanceof ExternalEndpointNotAllowedError) return new CsmError('egressRefused', message, 403);
  if (error instanceof ProxyRequestError) {
    const kind =
      error.status === 401
        ? 'unauthorized'
        : error.status === 403
          ? 'forbidden'
          : error.status === 429
            ? 'rateLimited'
            : 'server';
    return new CsmError(kind, message, error.status);
  }
  if (error instanceof FetchError) return new CsmError('lostResponse', message);
  return new CsmError('lostResponse', message);
}

/** Sentences an admin can act on, by kind. */
export function describeCsmError(error: CsmError): string {
  switch (error.kind) {
    case 'taskCap':
      return 'Customer Service Management is already running the maximum number of bulk tasks for this site. The job waits and continues when a slot frees up.';
    case 'unauthorized':
      return 'Customer Service Management refused the call on behalf of the job owner. Open this page as a Jira administrator to continue the job.';
    case 'needsAuthentication':
      return "Jira did not let the app act on the job owner's behalf (their consent is missing, or background work as a user is not allowed on this site). Open this page to continue the job as you; if Jira asks, allow access.";
    case 'forbidden':
      return 'Your account lacks the Customer Service Management or Jira Service Management permission this action needs. Ask a site admin to grant it.';
    case 'preconditionFailed':
      return 'Customer Service Management refused the experimental bulk API. Check that the bulk organization APIs are available on this site.';
    case 'rateLimited':
      if (error.quotaResetAt !== undefined) return quotaPauseText(error.quotaResetAt);
      return error.retryAfterMs !== undefined
        ? `Atlassian is limiting how fast the app may call the site. Try again in ${Math.max(1, Math.ceil(error.retryAfterMs / 1000))} s.`
        : 'Atlassian is limiting how fast the app may call the site. The job will retry later.';
    case 'server':
      return error.retryAfterMs !== undefined
        ? `Customer Service Management is busy. Try again in ${Math.max(1, Math.ceil(error.retryAfterMs / 1000))} s.`
        : 'Customer Service Management had a temporary problem. The job will retry.';
    case 'lostResponse':
      return 'The connection to Customer Service Management dropped before it answered. The job resends with the same idempotency key, so nothing is applied twice.';
    case 'notFound':
      return 'Customer Service Management no longer knows this item (task results are kept for 3 days).';
    case 'conflict':
      return 'Customer Service Management saw the same request key with different content. This is a bug in the app; please report it.';
    case 'egressRefused':
      return `The app may not call this address: ${error.message}`;
    default:
      return error.message;
  }
}

/**
 * What a job (and the page) says while Atlassian's hourly limit holds the app's calls. The time is UTC: the engine
 * does not know the reader's time zone.
 */
export function quotaPauseText(resetAt: number): string {
  const time = new Date(resetAt).toISOString().slice(11, 16);
  return `${QUOTA_PAUSE_OPENING} ${time} UTC by Atlassian's hourly limit on the calls apps make to Jira. The job continues by itself then; nothing is lost.`;
}

const QUOTA_PAUSE_OPENING = 'Paused until';

/** What the page says when a call it made itself (a preview, a start) met Atlassian's spent hourly limit. */
export function quotaRefusalText(resetAt: number): string {
  const time = new Date(resetAt).toISOString().slice(11, 16);
  return `Atlassian's hourly limit on the calls apps make to Jira is spent until ${time} UTC. Try again then.`;
}

/** Whether a job's last error is the pause notice above (cleared once the reset has passed). */
export function isQuotaPauseText(text: string | undefined): boolean {
  return text?.startsWith(QUOTA_PAUSE_OPENING) === true && text.includes("Atlassian's hourly limit");
}
