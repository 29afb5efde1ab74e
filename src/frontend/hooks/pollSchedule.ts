/**
 * When the page asks again, and whether it asks at all. Every resolver call has a price in Atlassian's hourly points
 * (a job's read is cheap, but an open page asks all day): a job whose view has not changed is asked less and less
 * often (half as often again each time, at most every 15 `pollMs`), and a hidden page asks nothing until it is shown.
 */
export const POLL_GROWTH = 1.5;
export const POLL_MAX_FACTOR = 15;

/** The wait before the next read, after `unchanged` reads in a row that showed nothing new. */
export function pollDelay(pollMs: number, unchanged: number): number {
  return Math.round(pollMs * Math.min(POLL_MAX_FACTOR, POLL_GROWTH ** unchanged));
}

/** Whether the page is hidden now (another tab, a minimised window); a host without a document never is. */
export function pageHidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}

/** Calls `shown` each time the page becomes visible again; returns how to stop. */
export function whenShown(shown: () => void): () => void {
  if (typeof document === 'undefined') return () => undefined;
  const listener = () => {
    if (document.visibilityState !== 'hidden') shown();
  };
  document.addEventListener('visibilitychange', listener);
  return () => document.removeEventListener('visibilitychange', listener);
}
