import Papa from 'papaparse';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bulk, summaryOf, tempDir, writes, emulatorsClosedAfterEach, startedLine } from './bulkProcess';
import { profilesCsv } from '../engine/harness';

/** Issue 22, the command line's findings: what it says of a job is the job's ledger, in words that fit the counts. */
describe('npm run bulk: issue 22', () => {
  const emulator = emulatorsClosedAfterEach();

  it('--skip-invalid lists the skipped rows in --json, and --failed-rows writes them as the file held them with the refused rows; corrected, the file imports', async () => {
    const csm = await emulator({ taskMs: 20 });
    const dir = tempDir('bulk-skipped-');
    const file = path.join(dir, 'changes.csv');
    writeFileSync(
      file,
      [
        'Organization Name,Operation,Region,Phone Number',
        'Acme,UPSERT,EMEA,+1 555 0100',
        'Ghost,UPDATE,APAC,',
        'Bad Row,UPSERT,LATAM,not a phone number at all',
      ].join('\n'),
    );
    const out = path.join(dir, 'failed.csv');
    const applied = await bulk(['apply', file, '--csm-url', csm.url, '--skip-invalid', '--failed-rows', out, '--json']);
    expect(applied.code).toBe(1);
    const summary = summaryOf(applied.stdout);
    expect(summary).toMatchObject({ rows: 3, created: 1, failed: 1, skipped: 1 });
    expect(summary.skippedRows).toEqual([
      { row: 4, column: 'Phone Number', message: expect.stringContaining('Row 4') },
    ]);
    expect(applied.stderr).toContain(`1 failed row and 1 row left out for errors in the file written to ${out}`);

    const [header, ...rows] = Papa.parse<string[]>(readFileSync(out, 'utf8').trim()).data;
    expect(header).toEqual(['Organization Name', 'Operation', 'Region', 'Phone Number', 'Failure Reason']);
    const byName = new Map(rows.map((cells) => [cells[0], cells]));
    expect(byName.get('Ghost')?.slice(0, 3)).toEqual(['Ghost', 'UPDATE', 'APAC']);
    expect(byName.get('Bad Row')?.slice(0, 4)).toEqual(['Bad Row', 'UPSERT', 'LATAM', 'not a phone number at all']);
    expect(byName.get('Bad Row')?.[4]).toBe(summary.skippedRows[0].message);

    // Corrected (Ghost is new, the phone number a phone number), the file imports as it is.
    const fixed = readFileSync(out, 'utf8')
      .replace('Ghost,UPDATE', 'Ghost,CREATE')
      .replace('not a phone number at all', '+1 555 0199');
    writeFileSync(out, fixed);
    const again = await bulk(['apply', out, '--csm-url', csm.url, '--json']);
    expect(again.code).toBe(0);
    expect(summaryOf(again.stdout)).toMatchObject({ status: 'SUCCEEDED', created: 2, skipped: 0 });
    expect(
      csm
        .state()
        .organizations.map((org) => org.name)
        .sort(),
    ).toEqual(['Acme', 'Bad Row', 'Ghost']);
  }, 120_000);

  it('--dry-run --skip-invalid exits as the run it stands for: 0 when the valid rows would pass, the skipped rows listed', async () => {
    const csm = await emulator({ taskMs: 20 });
    const dir = tempDir('bulk-dry-skip-');
    const file = path.join(dir, 'new.csv');
    writeFileSync(file, `${profilesCsv(4)}\nBad Row,EMEA,not a phone number at all\n`);
    const dry = await bulk(['apply', file, '--csm-url', csm.url, '--dry-run', '--skip-invalid', '--json']);
    expect(dry.code).toBe(0);
    expect(summaryOf(dry.stdout)).toMatchObject({
      status: 'DRY_RUN',
      rows: 5,
      operations: 4,
      skipped: 1,
      errors: [],
      skippedRows: [{ row: 6, column: 'Phone Number' }],
    });
    expect(writes(csm)).toBe(0);
    const text = await bulk(['apply', file, '--csm-url', csm.url, '--dry-run', '--skip-invalid']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('1 row with errors would be left out');

    const real = await bulk(['apply', file, '--csm-url', csm.url, '--skip-invalid', '--json']);
    expect(real.code).toBe(0);
    expect(summaryOf(real.stdout)).toMatchObject({ status: 'SUCCEEDED', created: 4, skipped: 1 });

    // Every row in error: the real run sends nothing and exits 2, and so does its dry run.
    const allBad = path.join(dir, 'bad.csv');
    writeFileSync(allBad, 'Organization Name,Region,Phone Number\nBad Row,EMEA,not a phone number at all\n');
    const dryBad = await bulk(['apply', allBad, '--csm-url', csm.url, '--dry-run', '--skip-invalid', '--json']);
    const realBad = await bulk(['apply', allBad, '--csm-url', csm.url, '--skip-invalid', '--json']);
    expect({ dry: dryBad.code, real: realBad.code }).toEqual({ dry: 2, real: 2 });
  }, 120_000);

  it('text mode names the job in its last line, and counts in words that fit them (1 row, 1 write request)', async () => {
    const csm = await emulator({ taskMs: 20 });
    const dir = tempDir('bulk-words-');
    const file = path.join(dir, 'one.csv');
    writeFileSync(file, profilesCsv(1));
    const dry = await bulk(['apply', file, '--csm-url', csm.url, '--dry-run']);
    expect(dry.stdout).toContain('DRY_RUN: nothing was sent. 1 operation in 1 request as planned: 1 would be created');
    expect(dry.stdout).toContain('0 are unchanged');

    const applied = await bulk(['apply', file, '--csm-url', csm.url]);
    expect(applied.code).toBe(0);
    const jobId = startedLine.exec(applied.stderr)?.[1];
    expect(jobId).toBeDefined();
    const last = applied.stdout.trim().split('\n').pop()!;
    expect(last).toMatch(
      new RegExp(`^SUCCEEDED: job ${jobId}: 1 succeeded, 0 failed, .* of 1 row, in 1 write request \\(`),
    );
    expect(applied.stdout).not.toMatch(/\b1 (operations|rows|requests|write requests)\b/);
  }, 120_000);

  it('a cancelled job: tasksSaved does not count the requests the cancel left unsent, and the text names the unsent rows as such', async () => {
    const csm = await emulator({ taskMs: 400 });
    const dir = tempDir('bulk-cancel-words-');
    const file = path.join(dir, 'organizations.csv');
    writeFileSync(file, profilesCsv(3_000));
    // Once CSM holds some of the file's rows, as an admin would after watching it start.
    const cancelOnce = () => {
      const before = csm.state().organizations.length;
      let interrupted = false;
      return (ctrlC: () => void) => {
        if (!interrupted && csm.state().organizations.length > before) {
          interrupted = true;
          ctrlC();
        }
      };
    };
    const json = await bulk(['apply', file, '--csm-url', csm.url, '--state-dir', dir, '--json'], cancelOnce());
    expect(json.code).toBe(3);
    const summary = summaryOf(json.stdout);
    expect(summary).toMatchObject({ status: 'CANCELLED', unchanged: 0 });
    expect(summary.notSent).toBeGreaterThan(0);
    // The chunks a cancel skipped got no task: they were not saved, they are still to send (bulk resume).
    expect(summary.tasksSaved).toBeUndefined();

    const other = path.join(dir, 'other.csv');
    writeFileSync(other, profilesCsv(3_000).replace(/^Org /gm, 'Other '));
    const text = await bulk(['apply', other, '--csm-url', csm.url, '--state-dir', dir], cancelOnce());
    expect(text.code).toBe(3);
    const jobId = startedLine.exec(text.stderr)?.[1];
    const last = text.stdout.trim().split('\n').pop()!;
    expect(last).toMatch(new RegExp(`^CANCELLED: job ${jobId}: .*\\d+ not sent \\(cancelled before they were sent\\)`));
    expect(last).toContain('0 unchanged (not sent: CSM already held them)');
  }, 180_000);

  it('retry of one failed row from a job that ended days ago asks about "this 1 failed row", not "these 1 failed rows"', async () => {
    const csm = await emulator({ taskMs: 20 });
    const dir = tempDir('bulk-stale-words-');
    const at = ['--csm-url', csm.url, '--state-dir', dir];
    const file = path.join(dir, 'organizations.csv');
    writeFileSync(file, ['Organization Name,Operation', 'Busy,CREATE', 'Fine,CREATE'].join('\n'));
    csm.setState({ ...csm.state(), rowFaults: [{ organization: 'Busy' }] });
    const applied = summaryOf((await bulk(['apply', file, '--kind', 'profiles', ...at, '--json'])).stdout);
    expect(applied).toMatchObject({ status: 'PARTIAL', failed: 1 });
    // The job ended two days ago, as the store says.
    const kvsFile = path.join(dir, 'kvs.json');
    const kvs = JSON.parse(readFileSync(kvsFile, 'utf8'));
    const record = kvs.namespaces.kvs[`job-meta:${applied.jobId}`].value;
    for (const key of ['finishedAt', 'updatedAt']) if (typeof record[key] === 'number') record[key] -= 2 * 86_400_000;
    writeFileSync(kvsFile, JSON.stringify(kvs));
    const stale = await bulk(['retry', applied.jobId, ...at]);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toMatch(
      /^This 1 failed row is from a job that ended 2 days ago: .* sending it would overwrite/m,
    );
  }, 120_000);

  it('undo --delete-created --yes never says the created organizations stay, then deletes them', async () => {
    const csm = await emulator({ taskMs: 20 });
    const dir = tempDir('bulk-undo-words-');
    const at = ['--csm-url', csm.url, '--state-dir', dir];
    const first = path.join(dir, 'first.csv');
    writeFileSync(first, profilesCsv(3));
    expect((await bulk(['apply', first, ...at])).code).toBe(0);
    // 3 updated (another Region), 2 created.
    const second = path.join(dir, 'second.csv');
    writeFileSync(second, profilesCsv(5, () => 'Asia').replace(/,Asia,/, ',EMEA,'));
    const mixed = await bulk(['apply', second, ...at, '--json']);
    const job = summaryOf(mixed.stdout);
    expect(job).toMatchObject({ created: 2 });
    const undone = await bulk(['undo', job.jobId, '--delete-created', '--yes', ...at]);
    expect(undone.code).toBe(0);
    expect(undone.stderr).not.toMatch(/stay as they are|are not deleted/);
    expect(csm.state().organizations).toHaveLength(3);

    // A job that only created: nothing to put back, and its organizations are deleted, not "not deleted".
    const onlyNew = path.join(dir, 'new.csv');
    writeFileSync(onlyNew, profilesCsv(2).replace(/^Org /gm, 'New '));
    const created = summaryOf((await bulk(['apply', onlyNew, ...at, '--json'])).stdout);
    const deleted = await bulk(['undo', created.jobId, '--delete-created', '--yes', ...at]);
    expect(deleted.code).toBe(0);
    expect(deleted.stderr).toMatch(/nothing to put back/);
    expect(deleted.stderr).not.toMatch(/stay as they are|are not deleted/);
    expect(csm.state().organizations).toHaveLength(3);
  }, 120_000);
});
