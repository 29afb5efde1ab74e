import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { main, type CliIo } from '../../local/cli/main';
import { startEmulator, type CsmEmulator } from '../../local/emulator';

export const ROOT = path.resolve(__dirname, '../..');

/** tsx by its path: a process started outside the repository does not find it by name. */
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

type Result = { code: number | null; stdout: string; stderr: string };
type Interrupt = (ctrlC: () => void, kill: () => void) => void;

/**
 * Runs `npm run --silent bulk -- ARGS`: in this process by default (`main` with its own stdout, stderr, directory and
 * Ctrl-C), or with `options.process` as `npm run bulk` does, one Node process, which a Ctrl-C reaches directly.
 * `interrupt`, called every 20 ms while it runs, may press Ctrl-C, or (with `options.process` only) kill the process
 * (SIGKILL: nothing of it runs after, as when a machine stops).
 *
 * It runs in `options.cwd`, or else in a new empty directory removed after it: a command given no --state-dir then
 * keeps its state in that directory's .local/, never in the repository's own (which `npm start` uses) nor in one
 * another test shares. Give files by absolute path. With `options.timeoutMs`, a run still going then is given up
 * (killed, as a process; its code is then null), so that a command that would hang ends with the test.
 */
export async function bulk(
  args: string[],
  interrupt?: Interrupt,
  options: { cwd?: string; timeoutMs?: number; process?: boolean } = {},
): Promise<Result> {
  const cwd = options.cwd ?? mkdtempSync(path.join(tmpdir(), 'bulk-cwd-'));
  try {
    return await (options.process ? inChildProcess : inThisProcess)(args, cwd, interrupt, options.timeoutMs);
  } finally {
    if (!options.cwd) rmSync(cwd, { recursive: true, force: true });
  }
}

async function inThisProcess(args: string[], cwd: string, interrupt?: Interrupt, timeoutMs?: number): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const io: CliIo = {
    stdout: { write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
    cwd,
    onInterrupt(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    quit: () => undefined,
  };
  const ctrlC = () => [...listeners].forEach((listener) => listener());
  const kill = () => {
    throw new Error('A kill needs a process of its own: pass { process: true } to bulk().');
  };
  const timer = interrupt ? setInterval(() => interrupt(ctrlC, kill), 20) : undefined;
  let timeout: NodeJS.Timeout | undefined;
  const givenUp = new Promise<null>((resolve) => {
    if (timeoutMs !== undefined) timeout = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const code = await Promise.race([main(args, io), givenUp]);
    return { code, stdout, stderr };
  } finally {
    clearInterval(timer);
    clearTimeout(timeout);
  }
}

function inChildProcess(args: string[], cwd: string, interrupt?: Interrupt, timeoutMs?: number): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'local/cli/bulk.ts'), ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data) => (stdout += data));
    child.stderr.on('data', (data) => (stderr += data));
    const kill = () => child.kill('SIGKILL');
    const timer = interrupt ? setInterval(() => interrupt(() => child.kill('SIGINT'), kill), 20) : undefined;
    const timeout = timeoutMs === undefined ? undefined : setTimeout(kill, timeoutMs);
    child.on('close', (code) => {
      clearInterval(timer);
      clearTimeout(timeout);
      resolve({ code, stdout, stderr });
    });
  });
}

const made: string[] = [];
/** A new empty directory, removed when the test file ends (every test file importing this one). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The example profiles file, 20 organizations. */
export const PROFILES = path.join(ROOT, 'examples/organization-profiles.csv');

/** The example profiles file with the Region of its first five rows (plain cells) changed, written in `dir`. */
export function fiveRegionsChanged(dir: string): { file: string; header: string; rows: string[]; edited: string[] } {
  const [header, ...rows] = readFileSync(PROFILES, 'utf8').trim().split(/\r?\n/);
  const region = header.split(',').indexOf('Region');
  const edited = rows.map((row, i) => {
    if (i >= 5) return row;
    const cells = row.split(',');
    cells[region] = cells[region] === 'LATAM' ? 'EMEA' : 'LATAM';
    return cells.join(',');
  });
  const file = path.join(dir, 'changed.csv');
  writeFileSync(file, [header, ...edited].join('\n'));
  return { file, header, rows, edited };
}

/** The JSON summary: the last line of stdout. */
export const summaryOf = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!);

/** Bulk write requests the emulator received. */
export const writes = (emulator: CsmEmulator) =>
  Object.entries(emulator.stats().requests)
    .filter(([key]) => key.startsWith('POST') && key.endsWith('/bulk'))
    .reduce((sum, [, count]) => sum + count, 0);

/** The line `bulk apply` writes on stderr once its job is stored. */
export const startedLine = /^Job (\S+) started$/m;

/** Starts emulators for a describe block's tests, each closed after its test. */
export function emulatorsClosedAfterEach(): (options: Parameters<typeof startEmulator>[0]) => Promise<CsmEmulator> {
  const emulators: CsmEmulator[] = [];
  afterEach(async () => {
    for (const started of emulators.splice(0)) await started.close();
  });
  return async (options) => {
    const started = await startEmulator(options);
    emulators.push(started);
    return started;
  };
}
