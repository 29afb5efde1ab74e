import { ENGINE_TIMING } from '../../src/domain/timing';
import { createLocalRuntime } from '../runtime';
import { APP_ROOT } from '../cli/session';
import { applyFile } from '../cli/bulkApply';
import { nativeProfilesCsv } from './data';
import { startEmulatorProcess } from './emulatorProcess';

/** Tasks just past the runner's parking threshold (ENGINE_TIMING.parkAfterMs, 30 s): the shortest that park. */
export const LONG_TASK_MS = 35_000;
const ROWS = 1_000;

export interface ComputeRun {
  jobMs: number;
  invocations: number;
  runnerSeconds: number;
  /** What Forge would bill the runner for an hour of such jobs: GB-seconds per job-hour. */
  gbSecondsPerJobHour: number;
}

/**
 * A 1,000-row job (10 tasks, two waves of 5) with 35 s tasks on a site whose task time is known, twice: the runner
 * as it ships (it ends its invocation while the tasks run and a delayed event wakes it), and with parking off (it
 * sleeps in its invocation, as before issue 26). What the local runtime metered for the job-runner function.
 */
export async function runCompute(): Promise<{ parked: ComputeRun; sleeping: ComputeRun }> {
  const once = async (parkAfterMs: number): Promise<ComputeRun> => {
    const timing = ENGINE_TIMING as { -readonly [K in keyof typeof ENGINE_TIMING]: number };
    const saved = timing.parkAfterMs;
    timing.parkAfterMs = parkAfterMs;
    const emulator = await startEmulatorProcess(LONG_TASK_MS);
    const runtime = await createLocalRuntime({ appRoot: APP_ROOT, csmUrl: emulator.url });
    try {
      await runtime.invokeResolver('saveSettings', { taskCap: 5 });
      await runtime.runAsFunction(async () => {
        const { kvs } = await import('@forge/kvs');
        await kvs.set('site:task-time', { meanMs: LONG_TASK_MS, minMs: LONG_TASK_MS, spreadMs: 100 });
      });
      const started = Date.now();
      const summary = await applyFile(runtime, { text: nativeProfilesCsv(ROWS), kind: 'profiles', pollMs: 200 });
      if (summary.status !== 'SUCCEEDED') throw new Error(`compute job ended ${summary.status}`);
      const jobMs = Date.now() - started;
      const runner = runtime.compute()['job-runner'];
      return {
        jobMs,
        invocations: runner.invocations,
        runnerSeconds: runner.seconds,
        gbSecondsPerJobHour: (runner.gbSeconds / jobMs) * 3_600_000,
      };
    } finally {
      timing.parkAfterMs = saved;
      await runtime.close();
      emulator.stop();
    }
  };
  return { parked: await once(ENGINE_TIMING.parkAfterMs), sleeping: await once(Infinity) };
}
