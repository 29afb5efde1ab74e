import { useCallback, useEffect, useState } from 'react';
import type { SyncPlan } from '../../domain/sync';
import { call, type Loaded } from './useResolver';

/** A plan whose latest run is sending rows: its status changes without anyone asking. */
export function isRunning(plan: SyncPlan): boolean {
  return plan.history[0]?.status === 'RUNNING';
}

/**
 * The sync plans, read again every `pollMs` while any plan's run is going (listSyncPlans settles a run whose job has
 * ended), and no more once none is, as useJobPolling follows a job. `reload` reads them at once (after an action).
 */
export function useSyncPlans(pollMs: number) {
  const [loaded, setLoaded] = useState<Loaded<{ plans: SyncPlan[] }>>({ state: 'loading' });
  const [readings, setReadings] = useState(0);
  const reload = useCallback(() => setReadings((count) => count + 1), []);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const result = await call('listSyncPlans');
      if (stopped) return;
      setLoaded(
        result.ok
          ? { state: 'ready', data: result.data }
          : { state: 'error', code: result.code, message: result.message },
      );
      if (result.ok && result.data.plans.some(isRunning)) timer = setTimeout(() => void tick(), pollMs);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [pollMs, readings]);

  return { loaded, reload };
}
