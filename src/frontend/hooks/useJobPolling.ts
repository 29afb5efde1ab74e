import { useEffect, useRef, useState } from 'react';
import { isFinal } from '../../domain/job';
import type { JobAnswer } from '../../resolvers/contract';
import type { ShownError } from '../components/ResolverError';
import { pageHidden, pollDelay, whenShown } from './pollSchedule';
import { call } from './useResolver';

export const POLL_MS = 2000;
const FAILURES_SHOWN = 100;

/**
 * Follows a job until it is final: getJob every `pollMs`, less often while nothing changes, and not at all while the
 * page is hidden (pollSchedule.ts); once the job waits for a user, the open page drives it with advanceJob (each call
 * runs it for a few seconds as the present user) until it ends, hidden or not.
 */
export function useJobPolling(jobId: string, pollMs: number, restartKey: number) {
  const [view, setView] = useState<JobAnswer>();
  const [error, setError] = useState<ShownError>();
  const [driving, setDriving] = useState(false);
  const drivingRef = useRef(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** Reads in a row that showed nothing new, and what the last one showed. */
    let unchanged = 0;
    let lastSeen = '';
    /** A read left for when the page is shown again. */
    let waitingToBeShown = false;
    const next = () => {
      if (drivingRef.current) timer = setTimeout(() => void tick(), 0);
      else if (pageHidden()) waitingToBeShown = true;
      else timer = setTimeout(whenDue, pollDelay(pollMs, unchanged));
    };
    /** A read that falls due while the page is hidden waits until it is shown. */
    const whenDue = () => {
      if (pageHidden()) waitingToBeShown = true;
      else void tick();
    };
    const stopWatching = whenShown(() => {
      if (!waitingToBeShown || stopped) return;
      waitingToBeShown = false;
      unchanged = 0;
      void tick();
    });
    const tick = async () => {
      const result = drivingRef.current
        ? await call('advanceJob', { jobId })
        : await call('getJob', { jobId, failuresLimit: FAILURES_SHOWN });
      if (stopped) return;
      if (result.ok) {
        const seen = JSON.stringify([result.data.status, result.data.progress, result.data.lastError]);
        unchanged = seen === lastSeen ? unchanged + 1 : 0;
        lastSeen = seen;
        setView(result.data);
        setError(undefined);
        if (isFinal(result.data.status)) {
          drivingRef.current = false;
          setDriving(false);
          return;
        }
        if (result.data.status === 'WAITING_FOR_USER' && !drivingRef.current) {
          drivingRef.current = true;
          setDriving(true);
          timer = setTimeout(() => void tick(), 0);
          return;
        }
      } else {
        setError({ code: result.code, message: result.message, action: 'Following the job' });
        if (result.code === 'NOT_FOUND' || result.code === 'NOT_ADMIN') return;
      }
      next();
    };
    void tick();
    return () => {
      stopped = true;
      stopWatching();
      if (timer) clearTimeout(timer);
    };
  }, [jobId, pollMs, restartKey]);

  return { view, error, driving, setView };
}
