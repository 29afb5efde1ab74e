import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, type CsmEmulator, type EmulatorOptions } from '../emulator';
import { createLocalRuntime, type LocalRuntime } from '../runtime';
import { lockStateDir, type StateLock } from './stateLock';

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
  /**
   * Keeps the app's storage (jobs, snapshots) in DIR/kvs.json and, for an embedded emulator, its organizations in
   * DIR/emulator.json, so that a later command (`bulk resume`) finds them. Overrides `store`. The directory is
   * locked (DIR/bulk.lock, see stateLock.ts) until close(): a second command on it is refused.
   */
  stateDir?: string;
  /** With `stateDir`: false keeps an embedded emulator's organizations in memory only. Default true. */
  emulatorInStateDir?: boolean;
  /** The command named in the lock, for the message another command gets while this one holds it. */
  command?: string;
  accountId?: string;
}): Promise<LocalSession> {
  const stateDir = options.stateDir ? path.resolve(options.stateDir) : undefined;
  let lock: StateLock | undefined;
  if (stateDir) {
    mkdirSync(stateDir, { recursive: true });
    // Before anything in DIR is read: what another command is writing there must not be read half-done either.
    lock = lockStateDir(stateDir, options.command ?? 'bulk');
  }
  let emulator: CsmEmulator | undefined;
  try {
    emulator = options.csmUrl
      ? undefined
      : await startEmulator({
          taskMs: 300,
          ...(stateDir && options.emulatorInStateDir !== false
            ? { statePath: path.join(stateDir, 'emulator.json') }
            : {}),
          ...options.emulator,
        });
    const csmUrl = options.csmUrl ?? emulator!.url;
    const runtime = await createLocalRuntime({
      appRoot: APP_ROOT,
      csmUrl,
      store: stateDir ? { kind: 'file', path: path.join(stateDir, 'kvs.json') } : (options.store ?? { kind: 'memory' }),
      defaultAccountId: options.accountId,
    });
    return {
      runtime,
      csmUrl,
      emulator,
      async close() {
        try {
          await runtime.close();
          await emulator?.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    await emulator?.close();
    lock?.release();
    throw error;
  }
}
