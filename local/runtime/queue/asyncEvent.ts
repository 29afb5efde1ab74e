/**
 * What a consumer function receives as its first argument: @forge/events 3's `AsyncEvent`
 * (the pushed event plus queueName, jobId, eventId and, on a retry, retryContext).
 */
export interface RetryContext {
  retryCount: number;
  retryReason: string;
  retryData: unknown;
}

export interface AsyncEvent {
  body: Record<string, unknown>;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
  queueName: string;
  jobId: string;
  eventId: string;
  retryContext?: RetryContext;
}

/** What `new InvocationError(...)` from @forge/events becomes once returned: `{ _retry: true, retryOptions }`. */
export interface RetryRequest {
  retryAfter: number;
  retryReason: string;
  retryData?: unknown;
}

export function retryRequestOf(result: unknown): RetryRequest | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const response = result as { _retry?: unknown; retryOptions?: Partial<RetryRequest> };
  if (response._retry !== true) return undefined;
  return {
    retryAfter: response.retryOptions?.retryAfter ?? 1,
    retryReason: response.retryOptions?.retryReason ?? 'FUNCTION_RETRY_REQUEST',
    retryData: response.retryOptions?.retryData,
  };
}
