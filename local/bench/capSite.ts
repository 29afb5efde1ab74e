import { createLocalRuntime } from '../runtime';
import { APP_ROOT } from '../cli/session';
import { applyFile } from '../cli/bulkApply';
import { nativeProfilesCsv } from './data';
import { startEmulatorProcess } from './emulatorProcess';
import type { BenchSize } from './size';

/** A site whose CSM takes 10 open tasks (Atlassian's page says 10 on one copy, 5 on another). */
export const SITE_CAP = 10;

export interface CapSiteRun {
  makespanMs: number;
  maxOpenTasks: number;
  /** Share of the time from the first send to the last with at least 9 tasks held (sent, not yet seen ended). */
  heldNineShare: number;
  taskCapRefusals: number;
}

interface EmulatorTask {
  createdAt: string;
  dueAt: string;
  seenEndedAt?: string;
}

/** The share of [first send, last send] during which at least `atLeast` tasks were held: sent, not yet seen ended. */
export function heldShare(tasks: EmulatorTask[], atLeast: number): number {
  const spans = tasks.map((task) => [Date.parse(task.createdAt), Date.parse(task.seenEndedAt ?? task.dueAt)]);
  const [first, last] = [Math.min(...spans.map(([from]) => from)), Math.max(...spans.map(([from]) => from))];
  const edges = spans.flatMap(([from, to]) => [
    [from, 1],
    [to, -1],
  ]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let [open, at, covered] = [0, first, 0];
  for (const [when, change] of edges) {
    const until = Math.min(when, last);
    if (until > at && open >= atLeast) covered += until - at;
    at = Math.max(at, until);
    open += change;
  }
  return last > first ? covered / (last - first) : 0;
}

/**
 * One job of size.rows profiles, the first on a new site whose CSM takes 10 tasks: with the cap pinned at 5 (the app
 * before it learnt the cap), and learning it. Each on a fresh site, both paying the first job's blind first poll.
 */
export async function runCapSite(size: BenchSize): Promise<{ pinned: CapSiteRun; learnt: CapSiteRun }> {
  const once = async (pin: number | undefined): Promise<CapSiteRun> => {
    const emulator = await startEmulatorProcess(undefined, SITE_CAP);
    const runtime = await createLocalRuntime({ appRoot: APP_ROOT, csmUrl: emulator.url });
    try {
      if (pin !== undefined) await runtime.invokeResolver('saveSettings', { taskCap: pin });
      const summary = await applyFile(runtime, { text: nativeProfilesCsv(size.rows), kind: 'profiles', pollMs: 20 });
      if (summary.status !== 'SUCCEEDED') throw new Error(`cap-site job ended ${summary.status}`);
      const view = await runtime.invokeResolver<{ ok: true; data: { finishedAt: number } }>('getJob', {
        jobId: summary.jobId,
      });
      const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
        maxOpenTasks: number;
        rejections: { taskCap: number };
      };
      const { tasks } = (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as { tasks: EmulatorTask[] };
      return {
        makespanMs: view.data.finishedAt - Math.min(...tasks.map((task) => Date.parse(task.createdAt))),
        maxOpenTasks: stats.maxOpenTasks,
        heldNineShare: heldShare(tasks, SITE_CAP - 1),
        taskCapRefusals: stats.rejections.taskCap,
      };
    } finally {
      await runtime.close();
      emulator.stop();
    }
  };
  return { pinned: await once(5), learnt: await once(undefined) };
}
