/**
 * `npm run bench [-- --quick]`: the engine against the emulator, measured side by side in one run.
 * Prints a table and, as its last line, one JSON object with the ratios.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { createLocalRuntime } from '../runtime';
import { APP_ROOT } from '../cli/session';
import { applyFile } from '../cli/bulkApply';
import { nativeProfilesCsv, SITE_FIELDS } from './data';

const quick = process.argv.includes('--quick');
const ROWS = quick ? 2_000 : 10_000;
const PARSE_ROWS = quick ? 10_000 : 50_000;
const TASK_MS = 1_000;
const CAP = 5;

interface Run {
  makespanMs: number;
  writes: number;
  statusPolls: number;
  tasks: number;
  maxOpenTasks: number;
  status: string;
}

/** The emulator in its own process, as CSM is a remote service: its CPU time is not the app's. */
async function startEmulatorProcess(): Promise<{ url: string; stop(): void }> {
  const args = ['--import', 'tsx', path.join(APP_ROOT, 'local/cli/emulator.ts'), '--port', '0', '--task-ms', String(TASK_MS), '--jitter', '0'];
  args.push('--max-active-tasks', String(CAP), '--detail-fields', JSON.stringify(SITE_FIELDS));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (data: Buffer) => {
      const match = /listening on (http:\/\/\S+)/.exec(data.toString());
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited (${code})`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** One job of ROWS profiles through the app's handlers; the makespan runs from the job's creation to its end. */
async function runJob(taskCap: number): Promise<Run> {
  const emulator = await startEmulatorProcess();
  const runtime = await createLocalRuntime({ appRoot: APP_ROOT, csmUrl: emulator.url });
  try {
    await runtime.invokeResolver('saveSettings', { taskCap });
    const summary = await applyFile(runtime, { text: nativeProfilesCsv(ROWS), kind: 'profiles', pollMs: 20 });
    const view = await runtime.invokeResolver<{ ok: true; data: { createdAt: number; finishedAt: number } }>('getJob', { jobId: summary.jobId });
    const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as { maxOpenTasks: number };
    return {
      makespanMs: view.data.finishedAt - view.data.createdAt,
      writes: summary.requests.write,
      statusPolls: summary.requests.statusPolls,
      tasks: summary.tasks,
      maxOpenTasks: stats.maxOpenTasks,
      status: summary.status,
    };
  } finally {
    await runtime.close();
    emulator.stop();
  }
}

function runParse(rows: number, mode: 'time' | 'memory') {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'parse.ts'), String(rows), mode], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`parse benchmark failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim()) as { rows: number; parserOnlyMs: number; appMs: number; chunks: number; peakRssMb: number };
}

async function main() {
  const chunks = Math.ceil(ROWS / 100);
  const boundMs = Math.ceil(chunks / CAP) * TASK_MS;
  console.log(`bench${quick ? ' --quick' : ''}: ${ROWS} profiles, task time ${TASK_MS} ms, cap ${CAP}; parse ${PARSE_ROWS} rows`);

  const ours = await runJob(CAP);
  const sequential = await runJob(1);
  const parse = runParse(PARSE_ROWS, 'time');
  const memory = runParse(PARSE_ROWS, 'memory');
  for (const run of [ours, sequential]) if (run.status !== 'SUCCEEDED') throw new Error(`benchmark job ended ${run.status}`);

  const result = {
    throughputRatio: round(boundMs / ours.makespanMs),
    writeRequestRatio: round(ours.writes / chunks),
    pollsPerTask: round(ours.statusPolls / ours.tasks),
    speedupVsSequential: round(sequential.makespanMs / ours.makespanMs),
    parseRatio: round(parse.appMs / parse.parserOnlyMs),
    peakRssMb: memory.peakRssMb,
  };
  const table = [
    ['throughput', `bound ${boundMs} ms (ceil(${chunks}/${CAP}) × ${TASK_MS}) / measured ${ours.makespanMs} ms`, result.throughputRatio, '≥ 0.95'],
    ['write requests', `${ours.writes} / ceil(${ROWS}/100) = ${chunks}`, result.writeRequestRatio, '= 1'],
    ['status polls per task', `${ours.statusPolls} polls / ${ours.tasks} tasks`, result.pollsPerTask, ''],
    ['open tasks', `highest seen by the emulator: ${ours.maxOpenTasks}`, ours.maxOpenTasks, `≤ ${CAP}`],
    ['vs one task at a time', `${sequential.makespanMs} ms / ${ours.makespanMs} ms`, result.speedupVsSequential, '≥ 4.5'],
    ['parse+validate+plan vs parser alone', `${parse.appMs.toFixed(0)} ms / ${parse.parserOnlyMs.toFixed(0)} ms (${parse.rows} rows)`, result.parseRatio, '≤ 2'],
    ['peak memory, one import of the file', `${memory.peakRssMb} MB (whole process)`, memory.peakRssMb, '≤ 300'],
  ];
  for (const [name, detail, value, target] of table) console.log(`${String(name).padEnd(38)} ${String(value).padStart(7)}  ${String(target).padEnd(7)} ${detail}`);
  console.log(JSON.stringify(result));
}

const round = (value: number) => Math.round(value * 1000) / 1000;

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(3);
  },
);
