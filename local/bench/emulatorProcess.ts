import { spawn } from 'node:child_process';
import path from 'node:path';
import { APP_ROOT } from '../cli/session';
import type { DetailFieldDefinition } from '../../src/domain/schemas';
import { SITE_FIELDS } from './data';
import { CAP, TASK_MS } from './size';

/** The emulator in its own process, as CSM is a remote service: its CPU time is not the app's. */
export async function startEmulatorProcess(
  taskMs = TASK_MS,
  maxActiveTasks = CAP,
  extraArgs: readonly string[] = [],
  detailFields: readonly DetailFieldDefinition[] = SITE_FIELDS,
): Promise<{ url: string; pid?: number; stop(): void }> {
  const args = [
    '--import',
    'tsx',
    path.join(APP_ROOT, 'local/cli/emulator.ts'),
    '--port',
    '0',
    '--task-ms',
    String(taskMs),
    '--jitter',
    '0',
  ];
  args.push(
    '--max-active-tasks',
    String(maxActiveTasks),
    '--detail-fields',
    JSON.stringify(detailFields),
    ...extraArgs,
  );
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (data: Buffer) => {
      const match = /listening on (http:\/\/\S+)/.exec(data.toString());
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited (${code})`)));
  });
  return { url, pid: child.pid, stop: () => child.kill('SIGTERM') };
}
