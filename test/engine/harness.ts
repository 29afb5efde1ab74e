import { startEmulator, type CsmEmulator, type EmulatorOptions } from '../../local/emulator';
import { createLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../local/runtime';
import { APP_ROOT } from '../../local/cli/session';
import { ledgerAddsUp } from '../../src/domain/job';
import type { ResolverResult } from '../../src/resolvers/contract';
import type { ResolverAnswers } from '../../src/resolvers/contract';
import { fnv1a64Hex } from '../../src/domain/plan';
import { splitTextByBytes } from '../../src/domain/text/parts';

export const ADMIN_ACCOUNT = '5b10a2844c20165700ede21g';

/**
 * Whether a suite runs at its full size: under `npm run test:reliability` (RELIABILITY_ROWS set). npm test runs a
 * smaller size where what the test proves holds at it too (each such suite says why).
 */
export const FULL_SIZE = Boolean(process.env.RELIABILITY_ROWS);

/**
 * A clock for the emulator (its `now` option) that a test can hold: while held no CSM task ends, however slow the
 * machine; let go, it goes on from where it stood, so tasks keep their length.
 */
export class HoldableCsmClock {
  private heldAt: number | undefined;
  private lagMs = 0;
  readonly now = (): number => this.heldAt ?? Date.now() - this.lagMs;

  hold(): void {
    this.heldAt ??= this.now();
  }

  letGo(): void {
    if (this.heldAt !== undefined) this.lagMs = Date.now() - this.heldAt;
    this.heldAt = undefined;
  }
}

export interface EngineHarness {
  emulator: CsmEmulator;
  runtime: LocalRuntime;
  call<K extends keyof ResolverAnswers>(name: K, payload?: unknown): Promise<ResolverAnswers[K]>;
  raw<K extends keyof ResolverAnswers>(name: K, payload?: unknown): Promise<ResolverResult<ResolverAnswers[K]>>;
  waitForJob(jobId: string, timeoutMs?: number): Promise<ResolverAnswers['getJob']>;
  close(): Promise<void>;
}

/** The app's real handlers in the local Forge runtime against a fresh emulator. */
export async function startHarness(
  emulatorOptions: EmulatorOptions = {},
  runtimeOptions: Partial<
    Pick<
      LocalRuntimeOptions,
      | 'appRoot'
      | 'store'
      | 'storageFault'
      | 'timeScale'
      | 'limits'
      | 'externalRoutes'
      | 'clock'
      | 'pause'
      | 'queryLagMs'
      | 'batchItemFault'
      | 'kvsQuota'
    >
  > = {},
): Promise<EngineHarness> {
  const emulator = await startEmulator({ taskMs: 40, ...emulatorOptions });
  const runtime = await createLocalRuntime({
    appRoot: APP_ROOT,
    store: { kind: 'memory' },
    ...runtimeOptions,
    csmUrl: emulator.url,
    defaultAccountId: ADMIN_ACCOUNT,
  });
  const raw = <K extends keyof ResolverAnswers>(name: K, payload?: unknown) =>
    runtime.invokeResolver<ResolverResult<ResolverAnswers[K]>>(name, payload ?? {});
  const call = async <K extends keyof ResolverAnswers>(name: K, payload?: unknown) => {
    const result = await raw(name, payload);
    if (!result.ok) throw new Error(`${name} failed: ${result.code} ${result.message}`);
    return result.data;
  };
  return {
    emulator,
    runtime,
    raw,
    call,
    async waitForJob(jobId, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const result = await raw('getJob', { jobId, failuresLimit: 1000 });
        // Like the admin page, a poller shrugs off a call CSM answered with a passing fault (e.g. the admin check under 429s).
        if (!result.ok && result.code !== 'CSM_UNAVAILABLE')
          throw new Error(`getJob failed: ${result.code} ${result.message}`);
        const view = result.ok ? result.data : undefined;
        if (view && ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'].includes(view.status)) {
          // The ledger's invariant holds for every job any engine test ends: each row in exactly one place (a job
          // stopped whole before its end leaves its undecided rows pending).
          const stoppedWhole = view.status === 'FAILED' && view.progress.chunksDone < view.progress.chunks;
          if (!ledgerAddsUp(view.ledger, !stoppedWhole))
            throw new Error(`job ${jobId}'s ledger does not add up: ${JSON.stringify(view.ledger)}`);
          return view;
        }
        if (Date.now() > until)
          throw new Error(
            `job ${jobId} still ${view?.status ?? 'unreadable'} after ${timeoutMs} ms (last error: ${view?.lastError ?? 'none'}; progress ${JSON.stringify(view?.progress)})`,
          );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      await runtime.close();
      await emulator.close();
    },
  };
}

export function profilesCsv(
  count: number,
  region = (i: number) => ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'][i % 5],
): string {
  const lines = ['Organization Name,Region,Phone Number'];
  for (let i = 0; i < count; i += 1)
    lines.push(`Org ${String(i).padStart(5, '0')},${region(i)},+1 555 ${String(i).padStart(4, '0')}`);
  return lines.join('\n');
}

export const BULK_PROFILES = 'POST /jsm/csm/api/v1/organization/profile/bulk';

export function writeRequests(stats: { requests: Record<string, number> }): number {
  return Object.entries(stats.requests)
    .filter(([key]) => key.startsWith('POST ') && key.endsWith('/bulk'))
    .reduce((sum, [, count]) => sum + count, 0);
}

/** A file cut as the page cuts it, ready to send part by part (uploadPart). */
export function partsOf(text: string, uploadId: string) {
  const texts = splitTextByBytes(text);
  const fileHash = fnv1a64Hex(text);
  return texts.map((partText, part) => ({ uploadId, part, parts: texts.length, fileHash, text: partText }));
}
