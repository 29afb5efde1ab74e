/**
 * `npm run bench:memory`: each function's heaviest realistic input (memoryChild.ts) against the memoryMB manifest.yml
 * gives it. Each flow runs in a process of its own whose heap is limited to what its functions have (a function given
 * little memory collects its garbage sooner; one over it is stopped). Prints a table; exits 1 when a flow does not
 * complete under its limit or a function needs more than it has. About 3 minutes.
 * `npm run bench:memory -- --find [files] [sync] [before]`: the least memory each flow completes in, found by halving
 * the heap limit, with the sync source held joined as before issue 26 (`before`) beside it. About 5 minutes a flow.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { APP_ROOT } from '../cli/session';
import { loadManifest } from '../runtime/manifest';
import { DEFAULT_MEMORY_MB } from '../runtime/functionHost';
import { memoryVerdicts, type MemoryVerdict } from '../runtime/memory';
import { wideProfilesCsv } from './data';
import { ROWS, SOURCE_ROW_BYTES, type FlowMemory } from './memoryChild';

/**
 * What node itself and the app's code take outside V8's heap (a child's resident memory before any invocation, 108
 * MB, less its heap, 22 MB, rounded up): the heap may have the rest of the function's memory.
 */
export const OUTSIDE_HEAP_MB = 90;

const FLOW_FUNCTIONS: Record<string, string[]> = {
  files: ['admin-page-resolver', 'preview-lookup', 'job-runner', 'job-watchdog'],
  sync: ['organization-sync', 'sync-plan-runner', 'admin-page-resolver'],
};

export interface FlowRun {
  name: string;
  heapLimitMb: number;
  /** Undefined when the flow ran out of memory (its process died over the heap limit). */
  result?: FlowMemory;
  verdicts: MemoryVerdict[];
}

/** The memory manifest.yml gives each function (Forge's 512 MB when it says none). */
export function manifestMemory(appRoot = APP_ROOT): (functionKey: string) => number {
  const { functions } = loadManifest(appRoot);
  return (key) => functions[key]?.memoryMB ?? DEFAULT_MEMORY_MB;
}

/** The flow's process: its result, or undefined when it ran out of memory (its heap passed the limit). */
function runChild(args: string[], heapLimitMb: number): Promise<FlowMemory | undefined> {
  process.stderr.write(`  ${args.join(' ').replace(/http\S+/, 'SOURCE')} under a heap limit of ${heapLimitMb} MB\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${heapLimitMb}`,
        '--expose-gc',
        '--import',
        'tsx',
        path.join(__dirname, 'memoryChild.ts'),
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    child.stderr.on('data', (data: Buffer) => (err += data.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      const emulator = /^emulator (\d+)$/m.exec(out)?.[1];
      try {
        if (emulator) process.kill(Number(emulator), 'SIGTERM');
      } catch {
        // Stopped by its own process already.
      }
    });
    child.on('close', (code) => {
      if (code === 0) return resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as FlowMemory);
      if (/heap out of memory|Reached heap limit/.test(err)) {
        process.stderr.write('    out of memory\n');
        return resolve(undefined);
      }
      reject(new Error(`memory benchmark ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

/** The 80 MB CSV export on 127.0.0.1, served as a CRM would serve it (with its length, written in chunks). */
export async function serveSource(): Promise<{ url: string; bytes: number; close(): Promise<void> }> {
  const body = Buffer.from(wideProfilesCsv(ROWS, SOURCE_ROW_BYTES, true));
  const server = createServer((_, res) => {
    res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Length': String(body.length) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bytes: body.length,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Whether the flow did all its work: every row read and the job run (a run slowed past its time limit did not). */
function completed(result: FlowMemory | undefined): boolean {
  const outcome: Record<string, unknown> = result?.outcome ?? {};
  if (result?.flow === 'files') return outcome.job === 'SUCCEEDED';
  const run = (name: string) => outcome[name] as { status?: string; compared?: number } | undefined;
  return (
    run('first')?.status === 'RUNNING' && run('unchanged')?.status === 'UNCHANGED' && run('runNow')?.compared === ROWS
  );
}

/**
 * One flow in its own process, its heap limited to what the most generous of its functions has: those are checked
 * by the flow completing under the limit (their measured growth, garbage included, comes up to it); the others by
 * their need (memoryVerdicts), which must be within their own memoryMB.
 */
export async function runFlow(name: string, args: string[], memoryOf = manifestMemory()): Promise<FlowRun> {
  const most = Math.max(...FLOW_FUNCTIONS[args[0]].map(memoryOf));
  const heapLimitMb = most - OUTSIDE_HEAP_MB;
  const result = await runChild(args, heapLimitMb).catch(() => undefined);
  const done = completed(result) ? result : undefined;
  const verdicts = done
    ? memoryVerdicts(done.memory, done.baseRssMb).map((verdict) =>
        verdict.memoryMB >= most ? { ...verdict, over: false } : verdict,
      )
    : [];
  return { name, heapLimitMb, result: done, verdicts };
}

/**
 * `--find`: the least memory each flow runs in, to 16 MB: the smallest heap limit (found by halving) under which its
 * process completes, plus what node and the code take outside the heap. Several runs a flow: minutes.
 */
export async function findNeed(args: string[]): Promise<number> {
  let fits = 704;
  let fails = 192;
  while (fits - fails > 16) {
    const limit = Math.round((fits + fails) / 2);
    const result = await runChild(args, limit).catch((error: Error) => {
      process.stderr.write(`    failed: ${error.message.slice(0, 300)}\n`);
      return undefined;
    });
    if (result && !completed(result)) process.stderr.write(`    did not complete: ${JSON.stringify(result.outcome)}\n`);
    if (completed(result)) fits = limit;
    else fails = limit;
  }
  return fits + OUTSIDE_HEAP_MB;
}

/** Every flow as the app runs it, each within the memory manifest.yml gives its functions. */
export async function runMemory(): Promise<FlowRun[]> {
  const source = await serveSource();
  try {
    return [await runFlow('files', ['files']), await runFlow('sync', ['sync', source.url])];
  } finally {
    await source.close();
  }
}

export function memoryTable(runs: FlowRun[]): string[] {
  const lines = [
    `${'flow'.padEnd(8)} ${'function'.padEnd(20)} ${'has'.padStart(5)} ${'heap+'.padStart(6)} ${'need'.padStart(5)} ${'rss'.padStart(5)}  heaviest invocation`,
  ];
  for (const run of runs) {
    if (!run.result) {
      lines.push(`${run.name.padEnd(8)} did not complete under a heap limit of ${run.heapLimitMb} MB`);
      continue;
    }
    const { memory, baseRssMb } = run.result;
    for (const verdict of run.verdicts) {
      const use = memory[verdict.functionKey];
      const need = verdict.memoryMB - OUTSIDE_HEAP_MB === run.heapLimitMb ? 'limit' : String(verdict.needMb);
      lines.push(
        `${run.name.padEnd(8)} ${verdict.functionKey.padEnd(20)} ${String(verdict.memoryMB).padStart(5)} ${String(use.heapGrowthMb).padStart(6)} ${need.padStart(5)} ${String(use.peakRssMb).padStart(5)}  ${use.heaviest}${verdict.over ? '  OVER' : ''}`,
      );
    }
    lines.push(`${run.name.padEnd(8)} completed under a heap limit of ${run.heapLimitMb} MB; base ${baseRssMb} MB`);
  }
  return lines;
}

/** `--find [files] [sync] [before]`: the flows named (all by default). */
async function findAll(only: string[]): Promise<void> {
  const source = await serveSource();
  try {
    for (const [name, args] of [
      ['files', ['files']],
      ['sync', ['sync', source.url]],
      ['before', ['sync', source.url, '--whole']],
    ] as const)
      if (only.length === 0 || only.includes(name))
        console.log(`${name}: completes in ${await findNeed([...args])} MB`);
  } finally {
    await source.close();
  }
}

if (require.main === module && process.argv.includes('--find')) {
  findAll(process.argv.slice(process.argv.indexOf('--find') + 1)).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(3);
    },
  );
} else if (require.main === module) {
  runMemory().then(
    (runs) => {
      for (const line of memoryTable(runs)) console.log(line);
      console.log(JSON.stringify(runs.map(({ name, heapLimitMb, result }) => ({ name, heapLimitMb, ...result }))));
      process.exit(runs.every((run) => run.result && run.verdicts.every((verdict) => !verdict.over)) ? 0 : 1);
    },
    (error) => {
      console.error(error);
      process.exit(3);
    },
  );
}
