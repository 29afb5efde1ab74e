/** A failure a resolver reports to the page as it is (code and message), not as an internal error. */
export class ResolverFailure extends Error {
  constructor(
    readonly code: 'INVALID_INPUT' | 'NOT_FOUND' | 'NEEDS_CONFIRMATION' | 'OVERLAP' | 'RUN_GOING',
    message: string,
    readonly problems?: unknown[],
  ) {
    super(message);
  }
}

export interface Caller {
  accountId: string;
}
