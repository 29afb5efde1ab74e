import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type CsmEmulator } from '../../local/emulator';
import { APP_ROOT } from '../../local/cli/session';
import { profilesCsv, writeRequests } from '../engine/harness';
import { bulk } from '../cli/bulkProcess';

describe('npm run bulk -- sync: consecutive runs diff through the state directory', () => {
  let emulator: CsmEmulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await startEmulator({ taskMs: 30 });
    dir = mkdtempSync(path.join(tmpdir(), 'bulk-sync-'));
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies the source, then sends nothing, then one operation for one changed value', async () => {
    const source = path.join(dir, 'orgs.csv');
    const common = ['--csm-url', emulator.url, '--state-dir', path.join(dir, 'state'), '--json'];
    writeFileSync(source, ['Organization Name,Region', 'Acme,EMEA', 'Globex,APAC', 'Initech,AMER'].join('\n'));

    const first = await bulk(['sync', source, ...common]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      status: 'SUCCEEDED',
      operations: 3,
      succeeded: 3,
      sync: { status: 'APPLIED', changed: 3 },
    });
    expect(writeRequests(emulator.stats())).toBe(1);

    const second = await bulk(['sync', source, ...common]);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      jobId: null,
      operations: 0,
      sync: { status: 'UNCHANGED', compared: 3, changed: 0 },
    });
    expect(writeRequests(emulator.stats())).toBe(1);

    writeFileSync(source, ['Organization Name,Region', 'Acme,EMEA', 'Globex,LATAM', 'Initech,AMER'].join('\n'));
    const third = await bulk(['sync', source, ...common]);
    expect(third.code).toBe(0);
    expect(JSON.parse(third.stdout)).toMatchObject({
      operations: 1,
      succeeded: 1,
      sync: { status: 'APPLIED', changed: 1 },
    });
    expect(writeRequests(emulator.stats())).toBe(2);
    expect(emulator.state().organizations.find((org) => org.name === 'Globex')?.details.Region).toEqual(['LATAM']);
  }, 60_000);

  it('says the plan leaves organizations removed from the source, and lists those a run found removed', async () => {
    const source = path.join(dir, 'removed.csv');
    const common = ['--csm-url', emulator.url, '--state-dir', path.join(dir, 'state-removed')];
    writeFileSync(source, ['Organization Name,Region', 'Hooli,EMEA', 'Pied Piper,APAC', 'Aviato,AMER'].join('\n'));
    const first = await bulk(['sync', source, ...common]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Organizations removed from the source are left as they are in CSM.');
    expect(first.stdout).not.toMatch(/no longer in the source/);

    writeFileSync(source, ['Organization Name,Region', 'Hooli,EMEA'].join('\n'));
    const second = await bulk(['sync', source, ...common, '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).sync).toMatchObject({
      status: 'UNCHANGED',
      compared: 1,
      changed: 0,
      removedFromSource: 'leave',
      removed: { count: 2, shown: ['pied piper', 'aviato'], action: 'leave' },
    });
    expect(emulator.state().organizations.map((org) => org.name)).toEqual(
      expect.arrayContaining(['Hooli', 'Pied Piper', 'Aviato']),
    );

    // Listed once, by the run that found them gone: the snapshot has forgotten them since.
    const third = await bulk(['sync', source, ...common]);
    expect(third.stdout).not.toMatch(/no longer in the source/);
    writeFileSync(source, ['Organization Name,Region', 'Pied Piper,APAC'].join('\n'));
    const fourth = await bulk(['sync', source, ...common]);
    expect(fourth.stdout).toContain('1 organization is no longer in the source, left as it is in CSM: hooli.');
  }, 60_000);

  it('answers that a run is going, and starts nothing, while the plan is claimed; a claim left by a dead run is taken over', async () => {
    const source = path.join(dir, 'claimed.csv');
    const state = path.join(dir, 'state-claimed');
    const common = ['--csm-url', emulator.url, '--state-dir', state];
    writeFileSync(source, ['Organization Name,Region', 'Hooli,EMEA'].join('\n'));
    expect((await bulk(['sync', source, ...common])).code).toBe(0);
    // Another run of the plan holds it (claimed as the app does, in the state directory's store).
    const claimAt = (claimedAt: number) => {
      const store = JSON.parse(readFileSync(path.join(state, 'kvs.json'), 'utf8'));
      store.namespaces['entity:sync-run-claim'] = {
        'sync-claim:cli': { value: { token: 'other', claimedAt }, createdAt: claimedAt, updatedAt: claimedAt },
      };
      writeFileSync(path.join(state, 'kvs.json'), JSON.stringify(store));
    };
    claimAt(Date.now());
    writeFileSync(source, ['Organization Name,Region', 'Hooli,APAC'].join('\n'));
    const before = writeRequests(emulator.stats());
    const refused = await bulk(['sync', source, ...common]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/A run of the sync plan "bulk sync \(CLI\)" is going .*no second run was started/);
    expect(writeRequests(emulator.stats())).toBe(before);

    claimAt(Date.now() - 7 * 60_000);
    const taken = await bulk(['sync', source, ...common, '--json']);
    expect(taken.code).toBe(0);
    expect(JSON.parse(taken.stdout)).toMatchObject({ succeeded: 1, sync: { status: 'APPLIED', changed: 1 } });
  }, 60_000);

  it('a bulk sync killed while its job goes on: the next one finishes that job first, then runs, starting no second job', async () => {
    const slow = await startEmulator({ taskMs: 2_000 });
    try {
      const source = path.join(dir, 'killed.csv');
      const state = path.join(dir, 'state-killed');
      writeFileSync(source, profilesCsv(120));
      const common = ['--csm-url', slow.url, '--state-dir', state, '--json'];
      // One process (node with the tsx loader), so that SIGKILL stops the runner with it.
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(APP_ROOT, 'local/cli/bulk.ts'), 'sync', source, ...common],
        {
          cwd: APP_ROOT,
          stdio: 'ignore',
        },
      );
      while (writeRequests(slow.stats()) < 1) await new Promise((resolve) => setTimeout(resolve, 20));
      // The store file is written at most every 50 ms: the claim and the job are in it well before this.
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      // Time passes: the killed runner's lease runs out (as the watchdog test lets it).
      const store = JSON.parse(readFileSync(path.join(state, 'kvs.json'), 'utf8'));
      delete store.namespaces['entity:job-lease'];
      writeFileSync(path.join(state, 'kvs.json'), JSON.stringify(store));

      const next = await bulk(['sync', source, ...common]);
      expect(next.code).toBe(0);
      expect(next.stderr).toMatch(/The last bulk sync stopped while its job \S+ was going: finishing that job first/);
      // The killed run's job applied the rows; this run finds them settled.
      expect(JSON.parse(next.stdout)).toMatchObject({ jobId: null, sync: { status: 'UNCHANGED', changed: 0 } });
      expect(slow.state().organizations).toHaveLength(120);
      expect(new Set(slow.state().tasks.map((task) => task.id)).size).toBeLessThanOrEqual(3);
    } finally {
      await slow.close();
    }
  }, 60_000);

  it('exits 2 and sends nothing when the source has errors', async () => {
    const source = path.join(dir, 'bad.csv');
    writeFileSync(source, ['Organization Name,Region', 'Acme,Narnia'].join('\n'));
    const before = writeRequests(emulator.stats());
    const run = await bulk([
      'sync',
      source,
      '--csm-url',
      emulator.url,
      '--state-dir',
      path.join(dir, 'state-bad'),
      '--json',
    ]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'INVALID', sync: { status: 'FAILED' } });
    // Refused when the CLI's plan is saved, each problem naming its row once.
    expect(run.stderr).toMatch(/^Row 2, column "Region": "Narnia" is not an option/m);
    expect(run.stderr.match(/Row 2/g)).toHaveLength(1);
    expect(writeRequests(emulator.stats())).toBe(before);
  }, 30_000);
});
