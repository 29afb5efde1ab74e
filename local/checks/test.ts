/**
 * `npm test`: everything CI checks, timed. The app's tests start at once, their output shown as it comes; so do the
 * engine's tests (with their coverage gate), and beside them the static checks and the domain tests (with theirs)
 * run two at a time; each of these is reported in one line, its output shown only if it fails. Most app and
 * engine suites wait on an emulator, a timer or the browser, so the checks fill the idle CPU instead of adding their
 * time to the run's (STATIC_LANES to change how many run at once).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

interface Step {
  name: string;
  command: string;
  args: string[];
}

/**
 * The engine's gate: src/jobs/engine's lines run by its own tests (test/engine/unit, its classes one by one; and
 * test/engine, jobs run through the local runtime). Given here, not in jest.config.js, whose gate is the domain's.
 */
const ENGINE_COVERAGE = 95;
const ENGINE_TESTS: Step = {
  name: `engine tests, coverage ≥ ${ENGINE_COVERAGE}%`,
  command: bin('jest'),
  args: [
    '--selectProjects',
    'engine',
    '--coverage',
    '--collectCoverageFrom',
    'src/jobs/engine/**/*.ts',
    '--coverageThreshold',
    JSON.stringify({ 'src/jobs/engine/': { lines: ENGINE_COVERAGE } }),
  ],
};

/**
 * The checks, two steps at a time beside the app's and the engine's tests. The bundle is built fast (no type
 * check, which the static step makes with the same options, and no minifying: local/checks/bundle.ts
 * BundleOptions.fast); `npm run check:bundle` builds it as forge deploy does. The static step is the type-check,
 * ESLint and forge lint's offline half over one TypeScript program (local/checks/static.ts; each stays a command of
 * its own: npm run typecheck, npm run lint, npm run check:manifest).
 */
const CHECKS: Step[] = [
  { name: 'bundle (@forge/bundler, fast)', command: bin('tsx'), args: ['local/checks/bundle.ts', '--fast'] },
  {
    name: 'type-check, eslint, manifest (@forge/manifest, @forge/lint)',
    command: bin('tsx'),
    args: ['local/checks/static.ts'],
  },
  // One worker: the domain's suites are CPU only and short, and two workers each instrumented every domain file for
  // coverage (a fresh clone has no transform cache): 25 CPU-s against 30.
  {
    name: 'domain tests, coverage ≥ 95%',
    command: bin('jest'),
    args: ['--selectProjects', 'domain', '--coverage', '--maxWorkers', '1'],
  },
  { name: 'format (prettier)', command: bin('prettier'), args: ['--check', '.'] },
];
/** Three workers on the 2-core machine: most app suites wait on an emulator, a timer or the browser, not the CPU. */
const APP_TESTS: Step = {
  name: 'app tests (jest)',
  command: bin('jest'),
  args: ['--selectProjects', 'app', '--maxWorkers', '3'],
};

interface Outcome {
  step: Step;
  ok: boolean;
  ms: number;
  output: string;
}

function run(step: Step, live = false): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { cwd: ROOT, stdio: live ? 'inherit' : 'pipe' });
    let output = '';
    child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
    child.on('error', (error) => resolve({ step, ok: false, ms: Date.now() - started, output: String(error) }));
    child.on('close', (code) => resolve({ step, ok: code === 0, ms: Date.now() - started, output }));
  });
}

/** Runs the steps `width` at a time, in order. */
async function pool(steps: Step[], width: number, done: (outcome: Outcome) => void): Promise<Outcome[]> {
  const queue = [...steps];
  const outcomes: Outcome[] = [];
  const worker = async () => {
    for (let step = queue.shift(); step; step = queue.shift()) {
      const outcome = await run(step);
      done(outcome);
      outcomes.push(outcome);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return outcomes;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  const started = Date.now();
  // Two: one lane of checks finished last, alone on one core, while the tests had ended (287.5 s on a fresh clone;
  // 258.5 s with two, the static step and the bundle side by side).
  const lanes = Number(process.env.STATIC_LANES ?? 2);
  const report = (outcome: Outcome) => {
    process.stdout.write(`${outcome.ok ? '✓' : '✗'} ${outcome.step.name} (${seconds(outcome.ms)})\n`);
    if (!outcome.ok) process.stdout.write(`${outcome.output.trimEnd()}\n\n`);
    return outcome;
  };
  const tests = run(APP_TESTS, true);
  // The engine's suites wait on emulators and timers, not on the CPU: they start at once rather than queue in a lane.
  const engine = run(ENGINE_TESTS).then(report);
  const checks = await pool(CHECKS, lanes, report);
  const outcomes = [...checks, await engine, await tests];
  const failed = outcomes.filter((outcome) => !outcome.ok);
  const times = outcomes.map((outcome) => `${outcome.step.name} ${seconds(outcome.ms)}`).join(', ');
  const verdict = failed.length === 0 ? 'passed' : `FAILED (${failed.map((outcome) => outcome.step.name).join(', ')})`;
  process.stdout.write(`\nnpm test ${verdict} in ${seconds(Date.now() - started)}: ${times}\n`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm test could not run: ${String(error)}\n`);
    process.exit(1);
  },
);
