/**
 * Points per 1,000 rows (issue 26, "a price on every call"): what each kind of work costs in Atlassian's hourly points
 * as the emulator meters them (local/emulator/points.ts: a base point a call, one per object read, writes flat),
 * beside the same work done naively. `tsx local/bench/points.ts [--quick]` alone, or as part of `npm run bench`.
 */
import { createLocalRuntime } from '../runtime';
import { APP_ROOT } from '../cli/session';
import { applyFile, type ApplySummary } from '../cli/bulkApply';
import { nativeProfilesCsv } from './data';
import { startEmulatorProcess } from './emulatorProcess';
import { warmUp } from './jobs';
import { previewLookup } from './resends';
import { benchSize, CAP, TASK_MS, type BenchSize } from './size';

export interface PointsRow {
  work: string;
  /** Points per 1,000 rows, as the app spends them. */
  app: number;
  /** The same work done naively, per 1,000 rows. */
  naive: number;
  how: string;
}

const TASK_POLL_POINTS = 2; // a base point and the task read
const PAGE_POLL_MS = 2_000; // the page's pace before it slowed down
const ADMIN_CHECK_POINTS = 2; // a base point and the one permission read

/**
 * The naive way polls each task every second until it ends and has the page ask every 2 s, each ask checking the
 * admin with Jira: those calls are added to the points the app's own job spent on everything else (its measured
 * status polls taken out).
 */
function naivePolling(summary: ApplySummary, taskPolls: number): number {
  const perTask = Math.ceil(TASK_MS / 1_000) + 1;
  const pagePolls = Math.ceil(summary.elapsedMs / PAGE_POLL_MS);
  return summary.tasks * perTask * TASK_POLL_POINTS + pagePolls * ADMIN_CHECK_POINTS - taskPolls;
}

export async function runPoints(size: BenchSize): Promise<PointsRow[]> {
  const emulator = await startEmulatorProcess();
  const runtime = await createLocalRuntime({ appRoot: APP_ROOT, csmUrl: emulator.url });
  const stats = async () =>
    (
      (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
        points: { spent: number; byRequest: Record<string, number> };
      }
    ).points;
  const TASKS = 'GET /jsm/csm/api/v1/tasks/{id}';
  /** Points spent by `work`, and by its status polls. */
  const spent = async <T>(work: () => Promise<T>) => {
    const before = await stats();
    const result = await work();
    const after = await stats();
    const polls = (after.byRequest[TASKS] ?? 0) - (before.byRequest[TASKS] ?? 0);
    return { result, points: after.spent - before.spent, polls };
  };
  const perThousand = (points: number) => Math.round((points * 1000) / size.rows);
  const apply = (text: string, sendAll = false) => applyFile(runtime, { text, kind: 'profiles', pollMs: 20, sendAll });
  try {
    await runtime.invokeResolver('saveSettings', { taskCap: CAP });
    await warmUp(runtime);
    const file = nativeProfilesCsv(size.rows);
    const tenth = nativeProfilesCsv(size.rows, (i) => i % 10 === 0);
    const imported = await spent(() => apply(file));
    const changed = await spent(() => apply(tenth));
    const everyRow = await spent(() => apply(tenth, true));
    const preview = await spent(() => previewLookup(runtime, emulator.url, tenth));
    // Naively, a preview reads the site and the page asks every 2 s (with the admin check) while it looks.
    const previewNaive = preview.points + Math.ceil(preview.result.ms / PAGE_POLL_MS) * ADMIN_CHECK_POINTS;
    return [
      {
        work: 'import',
        app: perThousand(imported.points),
        naive: perThousand(imported.points + naivePolling(imported.result, imported.polls)),
        how: 'naive: each task polled every second, the page asking every 2 s with an admin check',
      },
      {
        work: 're-import, a tenth changed',
        app: perThousand(changed.points),
        naive: perThousand(everyRow.points + naivePolling(everyRow.result, everyRow.polls)),
        how: 'naive: every row sent (measured), polled as above',
      },
      {
        work: 'preview (every row looked up)',
        app: perThousand(preview.points),
        naive: perThousand(previewNaive),
        how: 'naive: the page asking every 2 s with an admin check',
      },
    ];
  } finally {
    await runtime.close();
    emulator.stop();
  }
}

export function pointsTable(rows: PointsRow[]): string[] {
  return rows.map(
    (row) =>
      `points per 1,000 rows, ${row.work.padEnd(30)} ${String(row.app).padStart(6)}  naive ${String(row.naive).padStart(6)}  (${row.how})`,
  );
}

if (require.main === module) {
  const size = benchSize(process.argv.includes('--quick'));
  runPoints(size).then(
    (rows) => {
      for (const line of pointsTable(rows)) console.log(line);
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(3);
    },
  );
}
