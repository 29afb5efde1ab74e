import { spawn } from 'node:child_process';
import path from 'node:path';
import type { CsmEmulator } from '../../local/emulator';

export const ROOT = path.resolve(__dirname, '../..');

/**
 * Runs `npm run --silent bulk -- ARGS` as `npm run bulk` does: one Node process, which a Ctrl-C reaches directly.
 * `interrupt`, called every 20 ms while it runs, may send the process a Ctrl-C.
 */
export function bulk(
  args: string[],
  interrupt?: (ctrlC: () => void) => void,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'local/cli/bulk.ts'), ...args], {
      cwd: ROOT,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data) => (stdout += data));
    child.stderr.on('data', (data) => (stderr += data));
    const timer = interrupt ? setInterval(() => interrupt(() => child.kill('SIGINT')), 20) : undefined;
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The JSON summary: the last line of stdout. */
export const summaryOf = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!);

/** Bulk write requests the emulator received. */
export const writes = (emulator: CsmEmulator) =>
  Object.entries(emulator.stats().requests)
    .filter(([key]) => key.startsWith('POST') && key.endsWith('/bulk'))
    .reduce((sum, [, count]) => sum + count, 0);
