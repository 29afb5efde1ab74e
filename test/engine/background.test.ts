import { kvs } from '@forge/kvs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { startEmulator } from '../../local/emulator';
import { createLocalRuntime } from '../../local/runtime';
import { APP_ROOT } from '../../local/cli/session';
import { BULK_PROFILES, profilesCsv, startHarness, type EngineHarness } from './harness';

describe('background drivers', () => {
  let harness: EngineHarness | undefined;
  afterEach(async () => harness?.close());

  it('waits visibly for a user when the site refuses impersonation, then finishes through advanceJob', async () => {
    harness = await startHarness({ impersonation: false });
    const started = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(150) });
    let view = await harness.call('getJob', { jobId: started.id });
    for (let i = 0; i < 100 && view.status !== 'WAITING_FOR_USER'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      view = await harness.call('getJob', { jobId: started.id });
    }
    expect(view.status).toBe('WAITING_FOR_USER');
    expect(view.waitingReason).toMatch(/Open this page/);
    expect(harness.emulator.state().organizations).toHaveLength(0);

    for (let i = 0; i < 50 && !['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(view.status); i += 1) {
      view = await harness.call('advanceJob', { jobId: started.id });
    }
    expect(view.status).toBe('SUCCEEDED');
    expect(harness.emulator.state().organizations).toHaveLength(150);
  });

  it('a runner killed mid-job is restarted by the watchdog, and nothing is lost or sent twice', async () => {
    const emulator = await startEmulator({ taskMs: 150 });
    const storePath = path.join(mkdtempSync(path.join(tmpdir(), 'csm-bulk-')), 'kvs.json');
    // One process (node with the tsx loader), not the tsx CLI, which would leave its child running after SIGKILL.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'fixtures/startJobAndRun.ts'), emulator.url, storePath, '1500'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const jobId = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (data: Buffer) => resolve(JSON.parse(data.toString()).jobId));
      child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    // Kill the process hosting the runner once a few tasks are under way: no chance to clean up.
    while ((emulator.stats().requests[BULK_PROFILES] ?? 0) < 4) await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const sentBeforeCrash = emulator.stats().requests[BULK_PROFILES];

    const runtime = await createLocalRuntime({
      appRoot: APP_ROOT,
      csmUrl: emulator.url,
      store: { kind: 'file', path: storePath },
    });
    try {
      // Time passes: the dead runner's lease expires, and the five-minute watchdog fires.
      await kvs.entity('job-lease').delete(`job-lease:${jobId}`);
      await runtime.fireTrigger('job-watchdog-trigger');
      let view: { status: string; progress: { succeeded: number; failed: number; unchanged: number } } | undefined;
      for (let i = 0; i < 600 && !['SUCCEEDED', 'PARTIAL', 'FAILED'].includes(view?.status ?? ''); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        view = (await runtime.invokeResolver<{ ok: true; data: typeof view }>('getJob', { jobId })).data;
      }
      // The local file store keeps the last 50 ms of writes in memory: a chunk sent just before the kill may be
      // stored as not sent. Compared before it is sent again, its rows are found applied and counted unchanged.
      expect(view).toMatchObject({ status: 'SUCCEEDED', progress: { failed: 0, pending: 0 } });
      expect(view!.progress.succeeded + view!.progress.unchanged).toBe(1500);
      const organizations = emulator.state().organizations;
      expect(organizations).toHaveLength(1500);
      expect(new Set(organizations.map((org) => org.name)).size).toBe(1500);
      expect(sentBeforeCrash).toBeGreaterThanOrEqual(4);
      // Chunks in flight are sent again as replays. A chunk whose SUBMITTING write the file store lost (its last 50 ms;
      // Forge keeps every acknowledged write) is compared again while its task runs and may go out once more without
      // the rows CSM already applied: at most one such request per open task (5).
      const fresh = emulator.stats().requests[BULK_PROFILES] - emulator.stats().idempotentReplays;
      expect(fresh).toBeGreaterThanOrEqual(15);
      expect(fresh).toBeLessThanOrEqual(20);
    } finally {
      await runtime.close();
      await emulator.close();
    }
  });
});
