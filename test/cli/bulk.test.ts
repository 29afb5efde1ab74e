import Papa from 'papaparse';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bulk, fiveRegionsChanged, writes, ROOT, tempDir } from './bulkProcess';
import { startEmulator, type CsmEmulator } from '../../local/emulator';
import { profilesCsv } from '../engine/harness';

describe('npm run bulk', () => {
  let emulator: CsmEmulator;
  beforeEach(async () => {
    emulator = await startEmulator({ taskMs: 50 });
  });
  afterEach(async () => emulator.close());

  it('apply --json ends SUCCEEDED and the emulator holds exactly the file’s values; export writes them back', async () => {
    const file = path.join(ROOT, 'examples/organization-profiles.csv');
    const result = await bulk(['apply', file, '--csm-url', emulator.url, '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(summary).toMatchObject({
      kind: 'profiles',
      status: 'SUCCEEDED',
      rows: 20,
      operations: 20,
      chunks: 1,
      succeeded: 20,
      failed: 0,
      errors: [],
      failures: [],
    });
    expect(summary.requests.write).toBe(1);

    const rows = Papa.parse<string[]>(readFileSync(file, 'utf8').trim()).data.slice(1);
    const organizations = emulator.state().organizations;
    expect(organizations).toHaveLength(rows.length);
    for (const [name, region, phone] of rows) {
      expect(organizations.find((org) => org.name === name)?.details).toEqual({
        Region: [region],
        'Phone Number': [phone],
      });
    }

    const out = path.join(tempDir('csm-export-'), 'orgs.csv');
    const exported = await bulk(['export', '--csm-url', emulator.url, '--out', out]);
    expect(exported.code).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toMatch(/^Organization Name,Organization ID,/);
    expect(csv).toContain('Wayne Enterprises');
  });

  it('apply of the same file again sends no write request and reports every row unchanged; --send-all sends them', async () => {
    const file = path.join(ROOT, 'examples/organization-profiles.csv');
    expect((await bulk(['apply', file, '--csm-url', emulator.url, '--json'])).code).toBe(0);
    const writesBefore = writes(emulator);
    const again = await bulk(['apply', file, '--csm-url', emulator.url, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout.trim().split('\n').pop()!)).toMatchObject({
      status: 'SUCCEEDED',
      succeeded: 0,
      unchanged: 20,
      chunks: 1,
      tasks: 0,
      tasksSaved: 1,
      requests: { write: 0 },
    });
    expect(writes(emulator)).toBe(writesBefore);
    const all = await bulk(['apply', file, '--csm-url', emulator.url, '--json', '--send-all']);
    expect(JSON.parse(all.stdout.trim().split('\n').pop()!)).toMatchObject({ succeeded: 20, unchanged: 0 });
    expect(writes(emulator)).toBe(writesBefore + 1);
  });

  it('undo JOB_ID puts back the values a job replaced, once', async () => {
    const dir = tempDir('csm-bulk-undo-');
    const file = path.join(ROOT, 'examples/organization-profiles.csv');
    expect((await bulk(['apply', file, '--csm-url', emulator.url, '--state-dir', dir, '--json'])).code).toBe(0);
    const original = emulator.state().organizations.map(({ name, details }) => ({ name, details }));
    const changed = fiveRegionsChanged(dir).file;
    const applied = await bulk(['apply', changed, '--csm-url', emulator.url, '--state-dir', dir, '--json']);
    const job = JSON.parse(applied.stdout.trim().split('\n').pop()!);
    expect(job).toMatchObject({ status: 'SUCCEEDED', succeeded: 5, unchanged: 15 });

    const unconfirmed = await bulk([
      'undo',
      job.jobId,
      '--delete-created',
      '--csm-url',
      emulator.url,
      '--state-dir',
      dir,
    ]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/add --yes to confirm/);
    const undone = await bulk(['undo', job.jobId, '--csm-url', emulator.url, '--state-dir', dir, '--json']);
    expect(undone.code).toBe(0);
    expect(JSON.parse(undone.stdout.trim().split('\n').pop()!)).toMatchObject({ status: 'SUCCEEDED', succeeded: 5 });
    expect(emulator.state().organizations.map(({ name, details }) => ({ name, details }))).toEqual(original);
    const again = await bulk(['undo', job.jobId, '--csm-url', emulator.url, '--state-dir', dir, '--json']);
    expect(JSON.parse(again.stdout.trim().split('\n').pop()!).jobId).toBe(
      JSON.parse(undone.stdout.trim().split('\n').pop()!).jobId,
    );
  });

  it('undo leaves an organization changed again since the job, says so and how to restore it; retry restores it', async () => {
    const dir = tempDir('csm-bulk-undo-changed-');
    const file = path.join(ROOT, 'examples/organization-profiles.csv');
    expect((await bulk(['apply', file, '--csm-url', emulator.url, '--state-dir', dir, '--json'])).code).toBe(0);
    const original = emulator.state().organizations.map(({ name, details }) => ({ name, details }));
    // The first five rows get another Region.
    const { file: changed, header, rows, edited } = fiveRegionsChanged(dir);
    const regionColumn = header.split(',').indexOf('Region');
    const nameColumn = header.split(',').indexOf('Organization Name');
    const job = JSON.parse(
      (await bulk(['apply', changed, '--csm-url', emulator.url, '--state-dir', dir, '--json'])).stdout
        .trim()
        .split('\n')
        .pop()!,
    );
    // Someone gives the first organization yet another Region after the job.
    const firstName = rows[0].split(',')[nameColumn];
    const jobSet = edited[0].split(',')[regionColumn];
    const state = emulator.state();
    state.organizations.find((org) => org.name === firstName)!.details.Region = ['Asia'];
    emulator.setState(state);

    const undone = await bulk(['undo', job.jobId, '--csm-url', emulator.url, '--state-dir', dir, '--json']);
    expect(undone.code).toBe(1);
    const undo = JSON.parse(undone.stdout.trim().split('\n').pop()!);
    expect(undo).toMatchObject({ status: 'PARTIAL', changedSince: 1, failed: 1 });
    expect(undo.failures[0].error).toContain(`Region is now “Asia” (the job set “${jobSet}”)`);
    expect(undone.stderr).toContain(`npm run --silent bulk -- retry ${undo.jobId} --state-dir ${dir}`);
    const region = (name: string) => emulator.state().organizations.find((org) => org.name === name)!.details.Region;
    expect(region(firstName)).toEqual(['Asia']);

    expect((await bulk(['retry', undo.jobId, '--csm-url', emulator.url, '--state-dir', dir])).code).toBe(0);
    expect(emulator.state().organizations.map(({ name, details }) => ({ name, details }))).toEqual(original);
  });

  it('apply --dry-run counts what every row of the file would do to the site as it is now, and sends nothing', async () => {
    const dir = tempDir('csm-bulk-dry-');
    const existing = path.join(dir, 'existing.csv');
    writeFileSync(existing, profilesCsv(200));
    expect((await bulk(['apply', existing, '--csm-url', emulator.url])).code).toBe(0);
    const writesBefore = writes(emulator);
    // 600 rows: the first 100 set to LATAM, the next 100 as they are, 400 new.
    const file = path.join(dir, 'file.csv');
    writeFileSync(
      file,
      profilesCsv(600, (i) => (i < 100 ? 'LATAM' : ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'][i % 5])),
    );
    const dry = await bulk(['apply', file, '--csm-url', emulator.url, '--dry-run']);
    expect(dry.code).toBe(0);
    // Of the first 100, those whose Region was LATAM already (i % 5 = 4) are unchanged.
    expect(dry.stdout).toContain(
      'DRY_RUN: nothing was sent. 600 operations in 6 requests as planned: 400 would be created, 80 updated, 120 are unchanged (not sent), 0 would fail as the site is now.',
    );
    expect(writes(emulator)).toBe(writesBefore);
  });

  it('an invalid file exits 2 with row-level errors and sends nothing', async () => {
    const result = await bulk([
      'apply',
      path.join(ROOT, 'examples/invalid-profiles.csv'),
      '--csm-url',
      emulator.url,
      '--json',
    ]);
    expect(result.code).toBe(2);
    const summary = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(summary.status).toBe('INVALID');
    const rows = summary.errors.map((error: { row: number | null }) => error.row);
    expect(rows).toEqual(expect.arrayContaining([3, 4, 5]));
    expect(summary.errors.some((error: { column?: string }) => error.column === 'Phone Numbr')).toBe(true);
    expect(writes(emulator)).toBe(0);
  });

  it('--failed-rows writes the refused rows as an import file; corrected, it imports cleanly', async () => {
    const dir = tempDir('bulk-failed-');
    const file = path.join(dir, 'changes.csv');
    writeFileSync(
      file,
      ['Organization Name,Operation,Region', 'Acme,UPSERT,EMEA', 'Ghost,UPDATE,APAC', 'Phantom,UPDATE,LATAM'].join(
        '\n',
      ),
    );
    const out = path.join(dir, 'failed.csv');
    // One state directory for the job and the dry run after it: the site's task time is kept there.
    const result = await bulk(['apply', file, '--csm-url', emulator.url, '--failed-rows', out, '--json'], undefined, {
      cwd: dir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`2 failed rows written to ${out}`);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Organization Name,Operation,Region,Failure Reason');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual([
      'Ghost,UPDATE,APAC',
      'Phantom,UPDATE,LATAM',
    ]);

    const dryRun = await bulk(['apply', out, '--csm-url', emulator.url, '--dry-run', '--json'], undefined, {
      cwd: dir,
    });
    expect(dryRun.code).toBe(0);
    // The job before it measured the site's task time: the dry run says how long the job would take.
    expect(JSON.parse(dryRun.stdout.trim().split('\n').pop()!)).toMatchObject({
      status: 'DRY_RUN',
      operations: 2,
      estimatedMs: expect.any(Number),
    });
    writeFileSync(out, readFileSync(out, 'utf8').replace(/,UPDATE,/g, ',CREATE,'));
    const fixed = await bulk(['apply', out, '--csm-url', emulator.url, '--json']);
    expect(fixed.code).toBe(0);
    expect(
      emulator
        .state()
        .organizations.map((org) => org.name)
        .sort(),
    ).toEqual(['Acme', 'Ghost', 'Phantom']);
  });

  it('--help on the tool and on each command prints its usage and exits 0', async () => {
    const tool = await bulk(['--help']);
    expect(tool.code).toBe(0);
    for (const command of ['apply', 'resume', 'retry', 'export', 'sync', 'jobs'])
      expect(tool.stdout).toContain(command);
    // Every command answers --help through the same parser (local/cli/flags.ts); two of them stand for the rest.
    for (const [command, flag] of [
      ['apply', '--failed-rows'],
      ['retry', '--confirm-stale'],
      ['jobs', '--state-dir'],
    ]) {
      const usage = await bulk([command, '--help']);
      expect({ command, code: usage.code }).toEqual({ command, code: 0 });
      expect(usage.stdout).toContain(flag);
    }
  });

  it('exits 2 on a usage error or a missing file', async () => {
    expect((await bulk(['apply'])).code).toBe(2);
    expect((await bulk(['apply', 'no-such-file.csv', '--csm-url', emulator.url])).code).toBe(2);
    expect((await bulk(['apply', 'x.csv', '--kind', 'widgets'])).code).toBe(2);
  });

  it('export quotes and neutralises hostile names; apply refuses a name with a hidden character and sends nothing', async () => {
    const hostile = ["x;=cmd|' /C calc'!A0;", 'Ring\u0007ing', 'gro\u202emoc.elgoog', '@SUM(1+1)'];
    emulator.setState({
      ...emulator.state(),
      organizations: hostile.map((name, i) => ({
        id: String(100 + i),
        name,
        details: {},
        customerIds: [],
        productIds: [],
      })),
    });
    const out = path.join(tempDir('csm-export-'), 'orgs.csv');
    expect((await bulk(['export', '--csm-url', emulator.url, '--out', out])).code).toBe(0);
    const csv = readFileSync(out, 'utf8');
    for (const delimiter of [',', ';']) {
      const cells = Papa.parse<string[]>(csv, { delimiter }).data.flat();
      expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
    }
    expect(csv).toContain('"Ring\u0007ing"');
    expect(csv).toContain("'@SUM(1+1)");

    const file = path.join(tempDir('csm-bel-'), 'bel.csv');
    writeFileSync(file, 'Organization Name,Region\nRing\u0007ing,EMEA\nFine,EMEA\n');
    const result = await bulk(['apply', file, '--csm-url', emulator.url, '--json']);
    expect(result.code).toBe(2);
    const summary = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(summary).toMatchObject({ status: 'INVALID', rows: 2, errors: [{ row: 2, column: 'Organization Name' }] });
    expect(summary.errors[0].message).toMatch(/U\+0007/);
    expect(writes(emulator)).toBe(0);
  });

  it('retry sends only the rows that failed for a passing reason and reports those left out; with none, says to fix them', async () => {
    const dir = tempDir('bulk-retry-');
    const file = path.join(dir, 'organizations.csv');
    writeFileSync(file, ['Organization Name,Operation', 'Busy,CREATE', 'Ghost,UPDATE', 'Fine,CREATE'].join('\n'));
    emulator.setState({ ...emulator.state(), rowFaults: [{ organization: 'Busy' }] });
    const applied = await bulk([
      'apply',
      file,
      '--kind',
      'profiles',
      '--csm-url',
      emulator.url,
      '--state-dir',
      dir,
      '--json',
    ]);
    expect(applied.code).toBe(1);
    const first = JSON.parse(applied.stdout.trim().split('\n').pop()!);
    expect(first).toMatchObject({ status: 'PARTIAL', succeeded: 1, failed: 2 });

    const sentBefore = emulator.state().tasks.reduce((sum, task) => sum + task.items.length, 0);
    const retried = await bulk(['retry', first.jobId, '--csm-url', emulator.url, '--state-dir', dir, '--json']);
    expect(retried.code).toBe(0);
    const second = JSON.parse(retried.stdout.trim().split('\n').pop()!);
    expect(second).toMatchObject({ status: 'SUCCEEDED', operations: 1, succeeded: 1, leftOut: 1 });
    expect(retried.stderr).toMatch(/1 failed row of job \S+ was left out: CSM refused it for what it holds/);
    expect(emulator.state().tasks.reduce((sum, task) => sum + task.items.length, 0)).toBe(sentBefore + 1);

    // A job whose only failed row was refused for what it holds: nothing to retry; --failed-rows writes it to fix.
    const onlyGhost = path.join(dir, 'ghost.csv');
    writeFileSync(onlyGhost, ['Organization Name,Operation', 'Ghost,UPDATE'].join('\n'));
    const ghost = JSON.parse(
      (
        await bulk(['apply', onlyGhost, '--kind', 'profiles', '--csm-url', emulator.url, '--state-dir', dir, '--json'])
      ).stdout
        .trim()
        .split('\n')
        .pop()!,
    );
    const out = path.join(dir, 'to-fix.csv');
    const nothing = await bulk([
      'retry',
      ghost.jobId,
      '--csm-url',
      emulator.url,
      '--state-dir',
      dir,
      '--failed-rows',
      out,
    ]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/Nothing to retry: the job's 1 failed row needs fixing/);
    expect(readFileSync(out, 'utf8').split('\r\n')[1]).toMatch(/^Ghost,UPDATE,.*not found/i);
  });

  it('Ctrl-C during apply --state-dir cancels the job; resume sends exactly the rows not sent, once', async () => {
    const slow = await startEmulator({ taskMs: 400 });
    try {
      const dir = tempDir('bulk-state-');
      const file = path.join(dir, 'organizations.csv');
      const names = Array.from({ length: 4_000 }, (_, i) => `Org ${String(i).padStart(5, '0')}`);
      writeFileSync(file, ['Organization Name,Region', ...names.map((name) => `${name},EMEA`)].join('\n'));
      let interrupted = false;
      const cancelled = await bulk(['apply', file, '--csm-url', slow.url, '--state-dir', dir, '--json'], (ctrlC) => {
        // Once CSM holds some of the rows, as an admin would after watching it start.
        if (!interrupted && slow.state().organizations.length > 0) {
          interrupted = true;
          ctrlC();
        }
      });
      expect(cancelled.code).toBe(3);
      const first = JSON.parse(cancelled.stdout.trim().split('\n').pop()!);
      expect(first).toMatchObject({ status: 'CANCELLED', operations: 4_000 });
      expect(first.notSent).toBeGreaterThan(0);
      expect(first.succeeded + first.failed + first.notSent).toBe(4_000);
      expect(cancelled.stderr).toContain(`resume ${first.jobId} --state-dir ${dir}`);
      // Cancelled (exit 3), it still removed its lock: resume may take the directory.
      expect(existsSync(path.join(dir, 'bulk.lock'))).toBe(false);

      const resumed = await bulk(['resume', first.jobId, '--csm-url', slow.url, '--state-dir', dir, '--json']);
      expect(resumed.code).toBe(0);
      const second = JSON.parse(resumed.stdout.trim().split('\n').pop()!);
      expect(second).toMatchObject({ status: 'SUCCEEDED', operations: first.notSent, succeeded: first.notSent });
      const held = slow.state().organizations.map((org) => org.name);
      expect(held.sort()).toEqual(names);

      // Asked again, it follows the same job and sends nothing.
      const writesBefore = writes(slow);
      const again = await bulk(['resume', first.jobId, '--csm-url', slow.url, '--state-dir', dir, '--json']);
      expect(JSON.parse(again.stdout.trim().split('\n').pop()!).jobId).toBe(second.jobId);
      expect(writes(slow)).toBe(writesBefore);

      const unknown = await bulk(['resume', 'no-such-job', '--csm-url', slow.url, '--state-dir', dir]);
      expect(unknown.code).toBe(2);
    } finally {
      await slow.close();
    }
  });
});
