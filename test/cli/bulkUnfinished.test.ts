import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bulk, PROFILES, summaryOf, tempDir, writes, emulatorsClosedAfterEach, startedLine } from './bulkProcess';

/** A profiles file of `count` new organizations, written in `dir`. */
function newOrganizations(dir: string, count: number): { file: string; names: string[] } {
  const names = Array.from({ length: count }, (_, i) => `Org ${String(i).padStart(5, '0')}`);
  const file = path.join(dir, 'organizations.csv');
  writeFileSync(file, ['Organization Name,Region', ...names.map((name) => `${name},EMEA`)].join('\n'));
  return { file, names };
}

describe('bulk: jobs a command left unfinished, and the jobs list', () => {
  const emulator = emulatorsClosedAfterEach();

  it('A `bulk apply` killed with SIGKILL mid-job is listed by `bulk jobs --json` and finished by `bulk resume`: every organization present once', async () => {
    // Slow tasks: the kill lands with tasks open and rows still to send.
    const csm = await emulator({ taskMs: 400 });
    const dir = tempDir('bulk-killed-');
    const { file, names } = newOrganizations(dir, 4_000);
    const at = ['--csm-url', csm.url, '--state-dir', dir];
    let killed = false;
    const applied = await bulk(
      ['apply', file, ...at],
      (_ctrlC, kill) => {
        // Right after a request reaches CSM once a first task has freed its slot: the moment a kill may lose what the
        // app stored just before sending it.
        if (!killed && writes(csm) > 5) {
          killed = true;
          kill();
        }
      },
      { process: true },
    );
    expect({ code: applied.code, killed }).toEqual({ code: null, killed: true });
    const jobId = startedLine.exec(applied.stderr)?.[1];
    expect(jobId).toBeDefined();
    // It had not ended: it left its lock behind, and CSM holds some of the rows only.
    expect(existsSync(path.join(dir, 'bulk.lock'))).toBe(true);
    expect(csm.state().organizations.length).toBeLessThan(4_000);

    const listed = await bulk(['jobs', '--state-dir', dir, '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ jobId, status: expect.stringMatching(/^(QUEUED|RUNNING)$/), rows: 4_000, notSent: 0 }),
    ]);

    // Applying the file again is refused as an overlap: apply says which job holds the organizations, and how to end it.
    const again = await bulk(['apply', file, ...at, '--json']);
    expect(again.code).toBe(2);
    expect(summaryOf(again.stdout).errors[0].message).toContain(`job ${jobId}`);
    expect(again.stderr).toContain(`Job ${jobId} (Organization profiles from organizations.csv, started`);
    expect(again.stderr).toContain(`Finish it first with: npm run --silent bulk -- resume ${jobId} --state-dir ${dir}`);

    // Retry and undo would wait for good: they say that resume finishes it.
    const early = await bulk(['retry', jobId!, ...at]);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain(`Finish it first with: npm run --silent bulk -- resume ${jobId} --state-dir ${dir}`);

    const resumed = await bulk(['resume', jobId!, ...at, '--json']);
    expect(resumed.stderr).toContain(`Job ${jobId} had not ended`);
    expect(resumed.code).toBe(0);
    const summary = summaryOf(resumed.stdout);
    // Every row counted as written by the job: none found "unchanged" because the kill lost the job's note that its
    // request had been sent (the local store makes what the app stored durable before each write to CSM).
    expect(summary).toMatchObject({
      jobId,
      status: 'SUCCEEDED',
      succeeded: 4_000,
      unchanged: 0,
      failed: 0,
      notSent: 0,
    });
    const held = csm.state().organizations.map((org) => org.name);
    expect(held.sort()).toEqual(names);

    // Ended, the job is what retry and undo expect: nothing failed, nothing existed before it.
    const writesBefore = writes(csm);
    const retried = await bulk(['retry', jobId!, ...at]);
    expect({ code: retried.code, stderr: retried.stderr }).toEqual({
      code: 2,
      stderr: 'This job has no failed rows to retry.\n',
    });
    const undone = await bulk(['undo', jobId!, ...at]);
    expect(undone.code).toBe(2);
    expect(undone.stderr).toMatch(/^This job changed no organization that existed before it/);
    expect(writes(csm)).toBe(writesBefore);
    const after = await bulk(['jobs', '--state-dir', dir, '--json']);
    expect(JSON.parse(after.stdout)).toEqual([expect.objectContaining({ jobId, status: 'SUCCEEDED' })]);
  }, 120_000);

  it('A job a second Ctrl-C left unfinished (its tasks still open) is finished by resume, then resume sends the rows it did not send: every organization once', async () => {
    // Tasks of 3 s: the second Ctrl-C, a little over a second after the first, lands while the cancel waits for them.
    const csm = await emulator({ taskMs: 3_000 });
    const dir = tempDir('bulk-quit-');
    const { file, names } = newOrganizations(dir, 1_000);
    const at = ['--csm-url', csm.url, '--state-dir', dir];
    let firstAt = 0;
    let second = false;
    const quit = await bulk(
      ['apply', file, ...at],
      (ctrlC) => {
        if (!firstAt && writes(csm) > 0) {
          firstAt = Date.now();
          ctrlC();
        } else if (firstAt && !second && Date.now() - firstAt > 1_200) {
          second = true;
          ctrlC();
        }
      },
      { process: true },
    );
    expect({ code: quit.code, second }).toEqual({ code: 130, second: true });
    const jobId = startedLine.exec(quit.stderr)![1];
    // The lock went with the process (a second Ctrl-C exits cleanly); the job did not end.
    expect(existsSync(path.join(dir, 'bulk.lock'))).toBe(false);
    const listed = JSON.parse((await bulk(['jobs', '--state-dir', dir, '--json'])).stdout);
    // Running still, or cancelling: the cancel asked is a mark of its own, which the runner had or had not yet seen.
    expect(listed).toEqual([
      expect.objectContaining({ jobId, status: expect.stringMatching(/^(RUNNING|CANCELLING)$/) }),
    ]);

    const finished = await bulk(['resume', jobId, ...at, '--json']);
    expect(finished.stderr).toMatch(new RegExp(`Job ${jobId} had not ended \\((running|cancelling), `));
    const cancelled = summaryOf(finished.stdout);
    expect(cancelled).toMatchObject({ jobId, status: 'CANCELLED', failed: 0 });
    expect(cancelled.notSent).toBeGreaterThan(0);
    expect(cancelled.succeeded + cancelled.notSent).toBe(1_000);
    const rest = await bulk(['resume', jobId, ...at, '--json']);
    expect(rest.code).toBe(0);
    expect(summaryOf(rest.stdout)).toMatchObject({ status: 'SUCCEEDED', succeeded: cancelled.notSent });
    expect(
      csm
        .state()
        .organizations.map((org) => org.name)
        .sort(),
    ).toEqual(names);
  }, 120_000);

  it('apply prints "Job JOB_ID started" on stderr, also without --json; bulk jobs lists jobs newest first with their counts', async () => {
    const csm = await emulator({ taskMs: 50 });
    const dir = tempDir('bulk-jobs-');
    const at = ['--csm-url', csm.url, '--state-dir', dir];
    const first = await bulk(['apply', PROFILES, ...at]);
    expect(first.code).toBe(0);
    const firstId = startedLine.exec(first.stderr)?.[1];
    const ghost = path.join(dir, 'ghost.csv');
    writeFileSync(ghost, ['Organization Name,Operation,Region', 'Acme,UPSERT,EMEA', 'Ghost,UPDATE,APAC'].join('\n'));
    const second = await bulk(['apply', ghost, ...at, '--json']);
    expect(second.code).toBe(1);
    const secondId = summaryOf(second.stdout).jobId;
    expect(second.stderr).toMatch(new RegExp(`^Job ${secondId} started$`, 'm'));

    const listed = await bulk(['jobs', '--state-dir', dir, '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        jobId: secondId,
        title: expect.stringMatching(/^Organization profiles from ghost\.csv, started \d{4}-\d\d-\d\d \d\d:\d\d UTC$/),
        status: 'PARTIAL',
        kind: 'profiles',
        createdAt: expect.any(String),
        rows: 2,
        succeeded: 1,
        created: 1,
        updated: 0,
        deleted: 0,
        added: 0,
        removed: 0,
        failed: 1,
        unchanged: 0,
        skipped: 0,
        notSent: 0,
        pending: 0,
      },
      expect.objectContaining({ jobId: firstId, status: 'SUCCEEDED', rows: 20, succeeded: 20, failed: 0 }),
    ]);
    const text = await bulk(['jobs', '--state-dir', dir]);
    expect(text.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${secondId} +PARTIAL +Rows: 2 · Created: 1 · Failed: 1 +Organization`)),
      expect.stringMatching(new RegExp(`^${firstId} +SUCCEEDED +Rows: 20 · Created: 20 +Organization`)),
    ]);
    // A directory with no jobs: an empty list, and nothing created there.
    const none = path.join(dir, 'none');
    expect(await bulk(['jobs', '--state-dir', none, '--json'])).toMatchObject({ code: 0, stdout: '[]\n' });
    expect(existsSync(none)).toBe(false);
  });

  it('apply against a site refusing impersonation ends within a minute with exit 3 and the reason; the job is cancelled and resume sends its rows once the site allows it', async () => {
    const refusing = await emulator({ taskMs: 50, impersonation: false });
    const dir = tempDir('bulk-refused-');
    const started = Date.now();
    const applied = await bulk(
      ['apply', PROFILES, '--csm-url', refusing.url, '--state-dir', dir, '--json'],
      undefined,
      {
        timeoutMs: 60_000,
      },
    );
    expect(applied.code).toBe(3);
    expect(Date.now() - started).toBeLessThan(60_000);
    // Only the summary on stdout: the app's log of the refused runner goes to stderr.
    expect(applied.stdout.trimEnd().split('\n')).toHaveLength(1);
    const summary = summaryOf(applied.stdout);
    expect(summary).toMatchObject({ status: 'CANCELLED', succeeded: 0, notSent: 20 });
    expect(applied.stderr).toContain(`Job ${summary.jobId} cannot go on: `);
    expect(applied.stderr).toContain(
      'Customer Service Management refused the call on behalf of the job owner. The command',
    );
    expect(applied.stderr).toContain('The command line has no admin page to run it as you instead');
    expect(applied.stderr).toContain(
      `Send them with: npm run --silent bulk -- resume ${summary.jobId} --state-dir ${dir}`,
    );
    expect(summary.stoppedBecause).toContain('cannot go on');
    expect(writes(refusing)).toBe(0);

    // The same site, now allowing it: resume sends the 20 rows.
    const allowing = await emulator({ taskMs: 50 });
    const resumed = await bulk(['resume', summary.jobId, '--csm-url', allowing.url, '--state-dir', dir, '--json']);
    expect(resumed.code).toBe(0);
    expect(summaryOf(resumed.stdout)).toMatchObject({ status: 'SUCCEEDED', succeeded: 20 });
    expect(allowing.state().organizations).toHaveLength(20);
  }, 120_000);
});
