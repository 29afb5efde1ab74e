import { fileSource } from '../../local/cli/bulkApply';
import { startHarness, type EngineHarness } from '../engine/harness';

/** PLATFORM_RULES.md, Forge KVS: a value holds at most 240 KiB. */
export const VALUE_MAX_BYTES = 240 * 1024;

/** The largest stored value, by its JSON's bytes, and its key. */
export function largestValue(dump: Record<string, unknown>): { key: string; bytes: number } {
  let largest = { key: '', bytes: 0 };
  for (const [key, value] of Object.entries(dump)) {
    const bytes = Buffer.byteLength(JSON.stringify(value));
    if (bytes > largest.bytes) largest = { key, bytes };
  }
  return largest;
}

/**
 * An organizations job of `rows` rows (50 a request, names all the same length) run to its end on a fresh emulator:
 * what the store holds then, for a test to weigh. The harness is closed when it returns.
 */
export async function storedAfterOrganizationsJob(
  rows: number,
  timeoutMs: number,
): Promise<{ dump: Record<string, unknown>; organizations: string[] }> {
  let harness: EngineHarness | undefined;
  try {
    harness = await startHarness({ taskMs: 1, jitter: 0, maxActiveTasks: 50 });
    await harness.call('saveSettings', { taskCap: 10 });
    const lines = ['Organization Name'];
    for (let i = 0; i < rows; i += 1) lines.push(`Org ${String(i).padStart(6, '0')}`);
    const started = await harness.call('startJob', {
      kind: 'organizations',
      ...(await fileSource(harness.runtime, lines.join('\n'))),
    });
    const view = await harness.waitForJob(started.id, timeoutMs);
    expect(view).toMatchObject({
      status: 'SUCCEEDED',
      progress: { total: rows, succeeded: rows, chunks: Math.ceil(rows / 50) },
    });
    return {
      dump: harness.runtime.kvsDump(),
      organizations: harness.emulator.state().organizations.map((org) => org.name),
    };
  } finally {
    await harness?.close();
  }
}
