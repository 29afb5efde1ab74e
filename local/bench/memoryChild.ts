/**
 * Child process of the memory benchmark (memory.ts): the heaviest realistic input of each function, run through the
 * local runtime in a process of its own, with what its memory meter measured (local/runtime/memory.ts).
 * argv: FLOW [SOURCE_URL] [--whole]. `files`: a 50 MB upload of 100,000 rows previewed with every row looked up,
 * started and run to its end, then the watchdog; `sync`: an 80 MB URL source of 100,000 rows run by the hourly
 * trigger, then by "Run now" (`--whole`: the source held joined, as runs did before issue 26). Prints one JSON line.
 * Run with --expose-gc (each measured invocation starts after a collection) and a heap limit (memory.ts).
 */
import { APP_ROOT } from '../cli/session';
import { fileSource } from '../cli/resolverCall';
import { createLocalRuntime, type LocalRuntime } from '../runtime';
import { ManualClock } from '../runtime/clock';
import type { MemoryUse } from '../runtime/memory';
import { wideProfilesCsv, WIDE_SITE_FIELDS } from './data';
import { startEmulatorProcess } from './emulatorProcess';

export const ROWS = 100_000;
/** 100,000 rows of 495 bytes: just under the 50 MB an upload may be (250 parts of 200,000 bytes of JSON). */
export const UPLOAD_ROW_BYTES = 495;
/** 100,000 rows of 800 bytes: the 80 MB a URL source may be (SOURCE_LIMITS.maxBytes). */
export const SOURCE_ROW_BYTES = 800;
const CRM = 'https://crm.example.com';

export interface FlowMemory {
  flow: string;
  /** The process's resident memory before any invocation: node, tsx, the app's code and the runtime's. */
  baseRssMb: number;
  outcome: Record<string, unknown>;
  memory: Record<string, MemoryUse>;
}

type Call = (name: string, payload: unknown) => Promise<Record<string, unknown>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function caller(runtime: LocalRuntime): Call {
  return async (name, payload) => {
    const result = await runtime.invokeResolver<{ ok: boolean; data: unknown; message?: string }>(name, payload);
    if (!result.ok) throw new Error(`${name}: ${result.message}`);
    return result.data as Record<string, unknown>;
  };
}

/** Lets the queue's events fall due, at about real time, until none waits and no consumer runs. */
async function driveUntilIdle(runtime: LocalRuntime, clock: ManualClock, limitMs = 600_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (runtime.queueStats().pending > 0) {
    if (Date.now() > until) throw new Error(`the queue was still busy after ${limitMs / 1000} s`);
    await clock.advance(100);
    await sleep(100);
  }
}

/** Lets the events due now start, then waits (real time, the clock held) until `functionKey` has ended once more. */
async function runDue(runtime: LocalRuntime, clock: ManualClock, functionKey: string): Promise<void> {
  const ended = () => {
    const use = runtime.memory()[functionKey];
    return use ? use.measured + use.overlapped : 0;
  };
  const before = ended();
  await clock.advance(0);
  while (ended() === before) await sleep(50);
}

/**
 * The clock is held while a resolver runs, so the events it queues (the lookup, the runner) start only when it has
 * ended: each function is measured alone.
 */
async function filesFlow(runtime: LocalRuntime, clock: ManualClock): Promise<Record<string, unknown>> {
  const call = caller(runtime);
  const source = await fileSource(runtime, wideProfilesCsv(ROWS, UPLOAD_ROW_BYTES), 'bench');
  const request = { kind: 'profiles', ...source };
  const preview = await call('previewImport', { ...request, lookUpAll: true });
  await driveUntilIdle(runtime, clock);
  const job = await call('startJob', { ...request, fileName: 'bench.csv' });
  await driveUntilIdle(runtime, clock);
  // The watchdog after the job: before it, it would queue a second runner for the job whose event the clock holds.
  await runtime.fireTrigger('job-watchdog-trigger');
  const status = await runtime.runAsFunction(async () => {
    // Loaded here: @forge/kvs reads the runtime's globals when it loads.
    const { kvs } = await import('@forge/kvs');
    return (await kvs.get<{ status: string }>(`job-meta:${String(job.id)}`))?.status;
  });
  return { rows: preview.rowCount, job: status };
}

/**
 * The hourly trigger queues the due plan's run (the sync-plan-runner): every row new, a job of them all, run to its
 * end. Then "Run now" of that plan (the resolver): the same source, found unchanged, as most scheduled runs find it.
 * Last, "Run now" of another plan of the same source (the resolver): every row new again.
 */
async function syncFlow(runtime: LocalRuntime, clock: ManualClock): Promise<Record<string, unknown>> {
  const call = caller(runtime);
  const source = { kind: 'url', url: `${CRM}/export.csv` };
  const summary = (run: unknown) => {
    const { status, compared, changed, reasons } = (run ?? {}) as Record<string, unknown>;
    return { status, compared, changed, ...(reasons ? { reasons } : {}) };
  };
  const hourly = await call('saveSyncPlan', { name: 'hourly', source, schedule: { every: 'hour' } });
  await runtime.fireTrigger('organization-sync-trigger');
  await runDue(runtime, clock, 'sync-plan-runner');
  const plans = (await call('listSyncPlans', {})).plans as { id: string; history: unknown[] }[];
  const first = summary(plans.find((plan) => plan.id === hourly.id)?.history[0]);
  await driveUntilIdle(runtime, clock);
  const again = summary((await call('runSyncNow', { planId: hourly.id })).run);
  const unchangedGrowthMb = runtime.memory()['admin-page-resolver'].lastHeapGrowthMb;
  const plan = await call('saveSyncPlan', { name: 'now', source, schedule: { every: 'hour' }, enabled: false });
  const runNow = summary((await call('runSyncNow', { planId: plan.id })).run);
  return { first, unchanged: { ...again, heapGrowthMb: unchangedGrowthMb }, runNow };
}

async function main() {
  const [flow, sourceUrl] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const emulator = await startEmulatorProcess(50, 5, [], WIDE_SITE_FIELDS);
  // A process that runs out of memory dies at once, its emulator with no one to stop it: memory.ts stops it.
  process.stdout.write(`emulator ${emulator.pid}\n`);
  const clock = new ManualClock(Date.now());
  const runtime = await createLocalRuntime({
    appRoot: APP_ROOT,
    csmUrl: emulator.url,
    clock,
    // What the app stores is kept out of the heap, as on Forge it is out of the function's memory; queries consistent,
    // since the clock is held while a function runs (a lag would keep every overwritten value until it moves).
    store: { kind: 'serialized' },
    queryLagMs: 0,
    ...(sourceUrl ? { externalRoutes: { [CRM]: sourceUrl } } : {}),
  });
  // Loaded once the runtime is: @forge/api keeps the fetch it finds when it loads, and the runtime's is the one that
  // routes the CRM's address to the local server.
  const { SOURCE_HOLDING } = await import('../../src/sources/fetchSource');
  SOURCE_HOLDING.whole = process.argv.includes('--whole');
  globalThis.gc?.();
  const baseRssMb = Math.round(process.memoryUsage.rss() / 1024 / 1024);
  try {
    await caller(runtime)('saveSettings', { taskCap: 5 });
    const outcome = flow === 'sync' ? await syncFlow(runtime, clock) : await filesFlow(runtime, clock);
    const result: FlowMemory = { flow, baseRssMb, outcome, memory: runtime.memory() };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await runtime.close();
    emulator.stop();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(3);
    },
  );
}
