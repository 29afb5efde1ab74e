import { createLocalRuntime, type LocalRuntime } from '../runtime';
import { APP_ROOT } from '../cli/session';
import { applyFile } from '../cli/bulkApply';
import { nativeProfilesCsv } from './data';
import { startEmulatorProcess } from './emulatorProcess';
import { CAP, type BenchSize } from './size';

export interface Run {
  /** From CSM accepting the job's first task to the job's end: what the bound ceil(chunks / K) × T models. */
  makespanMs: number;
  /** From the job's creation (the start button) to CSM accepting its first task: planning, storage, the queue. */
  startupMs: number;
  writes: number;
  statusPolls: number;
  tasks: number;
  maxOpenTasks: number;
  status: string;
}

/**
 * The site as an admin who has used the app before has it, and CSM as a service that is already running: one
 * small job first (so the app knows the site's task time, and neither process compiles its code while the
 * measured jobs wait). The very first job on a site polls blind until its first task ends, which costs it up to
 * 5% of one task time, once.
 */
export async function warmUp(runtime: LocalRuntime): Promise<void> {
  const warm = await applyFile(runtime, {
    text: nativeProfilesCsv(CAP * 100).replaceAll('Customer ', 'Warm-up '),
    kind: 'profiles',
    pollMs: 20,
  });
  if (warm.status !== 'SUCCEEDED') throw new Error(`warm-up job ended ${warm.status}`);
}

/**
 * `runs` jobs of size.rows profiles through the app's handlers, one after another on one site; before each, the emulator
 * is reset to an empty site with zeroed stats, so every job creates the same organizations from scratch.
 */
export async function runJobs(size: BenchSize, taskCap: number, runs: number): Promise<Run[]> {
  const emulator = await startEmulatorProcess();
  const runtime = await createLocalRuntime({ appRoot: APP_ROOT, csmUrl: emulator.url });
  try {
    await runtime.invokeResolver('saveSettings', { taskCap });
    await warmUp(runtime);
    const results: Run[] = [];
    for (let run = 0; run < runs; run += 1) {
      const reset = await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
      if (!reset.ok) throw new Error(`emulator reset: ${reset.status}`);
      const summary = await applyFile(runtime, { text: nativeProfilesCsv(size.rows), kind: 'profiles', pollMs: 20 });
      const view = await runtime.invokeResolver<{ ok: true; data: { createdAt: number; finishedAt: number } }>(
        'getJob',
        { jobId: summary.jobId },
      );
      const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as { maxOpenTasks: number };
      const state = (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as {
        tasks: { createdAt: string }[];
      };
      const firstTaskAt = Math.min(...state.tasks.map((task) => Date.parse(task.createdAt)));
      results.push({
        makespanMs: view.data.finishedAt - firstTaskAt,
        startupMs: firstTaskAt - view.data.createdAt,
        writes: summary.requests.write,
        statusPolls: summary.requests.statusPolls,
        tasks: summary.tasks,
        maxOpenTasks: stats.maxOpenTasks,
        status: summary.status,
      });
    }
    return results;
  } finally {
    await runtime.close();
    emulator.stop();
  }
}
