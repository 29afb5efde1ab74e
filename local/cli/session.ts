import path from 'node:path';
import { startEmulator, type CsmEmulator, type EmulatorOptions } from '../emulator';
import { createLocalRuntime, type LocalRuntime } from '../runtime';

export const APP_ROOT = path.resolve(__dirname, '../..');

export interface LocalSession {
  runtime: LocalRuntime;
  csmUrl: string;
  emulator?: CsmEmulator;
  close(): Promise<void>;
}

/**
 * The app's real handlers in the local Forge runtime, against a CSM at `csmUrl`, or against
 * an embedded emulator when none is given.
 */
export async function openSession(options: {
  csmUrl?: string;
  emulator?: EmulatorOptions;
  store?: { kind: 'memory' } | { kind: 'file'; path: string };
  accountId?: string;
}): Promise<LocalSession> {
  const emulator = options.csmUrl ? undefined : await startEmulator({ taskMs: 300, ...options.emulator });
  const csmUrl = options.csmUrl ?? emulator!.url;
  const runtime = await createLocalRuntime({
    appRoot: APP_ROOT,
    csmUrl,
    store: options.store ?? { kind: 'memory' },
    defaultAccountId: options.accountId,
  });
  return {
    runtime,
    csmUrl,
    emulator,
    async close() {
      await runtime.close();
      await emulator?.close();
    },
  };
}
