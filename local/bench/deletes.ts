/**
 * A delete job at scale (issue 24): N organizations deleted by a deletions file through the app's handlers, once on
 * a quiet CSM and once under 30% faults (refusals, 5xx, answers lost after the delete was made), each on a site of
 * its own: every organization deleted exactly once (a resend after a lost answer finds it gone: 404, counted done),
 * and the time beside the quiet run's (the paced minimum: the job's task cap of chunks at once, each chunk's calls one
 * after another). `tsx local/bench/deletes.ts [--quick]` alone, or in `npm run bench`.
 */
import { createLocalRuntime } from '../runtime';
import { APP_ROOT } from '../cli/session';
import { applyFile } from '../cli/bulkApply';
import { startEmulatorProcess } from './emulatorProcess';
import { benchSize, type BenchSize } from './size';

export interface DeletesRun {
  faultRate: number;
  organizations: number;
  status: string;
  deleted: number;
  left: number;
  deleteCalls: number;
  ms: number;
}

export async function runDeletes(size: BenchSize): Promise<DeletesRun[]> {
  const count = size.quick ? 1_000 : 5_000;
  const runs: DeletesRun[] = [];
  for (const faultRate of [0, 0.3]) {
    const emulator = await startEmulatorProcess(undefined, undefined, [
      '--fault-rate',
      String(faultRate),
      '--retry-after-seconds',
      '0',
      '--seed',
      '7',
    ]);
    const runtime = await createLocalRuntime({ appRoot: APP_ROOT, csmUrl: emulator.url });
    try {
      const organizations = Array.from({ length: count }, (_, i) => ({
        id: String(i + 1),
        name: `Old ${i + 1}`,
        details: {},
        customerIds: [],
        productIds: [],
      }));
      const state = await fetch(`${emulator.url}/_emulator/state`, {
        method: 'POST',
        body: JSON.stringify({ organizations }),
      });
      if (!state.ok) throw new Error(`emulator state: ${state.status}`);
      const text = ['Organization ID', ...organizations.map((org) => org.id)].join('\n');
      const started = Date.now();
      const summary = await applyFile(runtime, { text, kind: 'deletions', confirmDelete: true, pollMs: 20 });
      const ms = Date.now() - started;
      const after = (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as { organizations: unknown[] };
      const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
        requests: Record<string, number>;
      };
      runs.push({
        faultRate,
        organizations: count,
        status: summary.status,
        deleted: summary.deleted ?? 0,
        left: after.organizations.length,
        deleteCalls: stats.requests['DELETE /jsm/csm/api/v1/organization/{id}'] ?? 0,
        ms,
      });
    } finally {
      await runtime.close();
      emulator.stop();
    }
  }
  return runs;
}

export function deletesTable(runs: DeletesRun[]): string[] {
  const quiet = runs.find((run) => run.faultRate === 0);
  return runs.map(
    (run) =>
      `delete job, ${run.organizations} organizations, ${Math.round(run.faultRate * 100)}% faults: ${run.status}, ${run.deleted} deleted, ${run.left} left, ` +
      `${run.deleteCalls} delete calls (resends after faults answer 404: done), ${(run.ms / 1000).toFixed(1)} s` +
      (quiet && run !== quiet ? ` (${(run.ms / quiet.ms).toFixed(2)}× the quiet run)` : ''),
  );
}

if (require.main === module) {
  runDeletes(benchSize(process.argv.includes('--quick'))).then(
    (runs) => {
      for (const line of deletesTable(runs)) console.log(line);
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(3);
    },
  );
}
