import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bulk, tempDir } from './bulkProcess';
import { startEmulator, type CsmEmulator } from '../../local/emulator';
import { profilesCsv } from '../engine/harness';

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!);
const LEDGER = ['created', 'updated', 'deleted', 'unchanged', 'failed', 'skipped', 'notSent'] as const;
const placed = (summary: Record<string, number>) => LEDGER.reduce((sum, key) => sum + summary[key], 0);

/** Issue 21: `bulk undo JOB_ID --delete-created --yes` is a delete job, by id, and the summary is the job's ledger. */
describe('npm run bulk -- undo --delete-created', () => {
  let emulator: CsmEmulator;
  afterEach(async () => emulator?.close());

  it('deletes what a job that only created organizations created, under faults, exit 0; asked again it deletes nothing and says so', async () => {
    emulator = await startEmulator({ taskMs: 20, faultRate: 0.3, seed: 7, retryAfterSeconds: 0 });
    const dir = tempDir('csm-bulk-delete-created-');
    const file = path.join(dir, 'new.csv');
    writeFileSync(file, profilesCsv(60));
    const flags = ['--csm-url', emulator.url, '--state-dir', dir, '--json'];
    const applied = await bulk(['apply', file, ...flags]);
    expect(applied.code).toBe(0);
    const job = lastJson(applied.stdout);
    expect(job).toMatchObject({ rows: 60, created: 60, updated: 0, deleted: 0 });

    const deleted = await bulk(['undo', job.jobId, '--delete-created', '--yes', ...flags]);
    expect(deleted.code).toBe(0);
    // Nothing to put back (the job only created), then the delete job.
    expect(deleted.stderr).toMatch(/nothing to put back/);
    expect(lastJson(deleted.stdout)).toMatchObject({ kind: 'deletions', status: 'SUCCEEDED', rows: 60, deleted: 60 });
    expect(emulator.state().organizations).toHaveLength(0);

    const deletes = () => emulator.stats().requests['DELETE /jsm/csm/api/v1/organization/{id}'];
    const before = deletes();
    const again = await bulk(['undo', job.jobId, '--delete-created', '--yes', ...flags]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/deleted by job \S+ already: nothing was deleted now/);
    expect(deletes()).toBe(before);
  }, 180_000);

  it('a mixed file: the --json summary counts each row once, and the counts add up to rows', async () => {
    emulator = await startEmulator({ taskMs: 20 });
    const dir = tempDir('csm-bulk-ledger-');
    const flags = ['--csm-url', emulator.url, '--state-dir', dir, '--json'];
    const first = path.join(dir, 'first.csv');
    writeFileSync(first, profilesCsv(10));
    expect((await bulk(['apply', first, ...flags])).code).toBe(0);
    emulator.setState({ ...emulator.state(), rowFaults: [{ organization: 'Org 00011' }] });
    // 3 unchanged, 4 updated (another Region), 1 refused by CSM, 2 created, 1 with an error in the file.
    const lines = profilesCsv(12).split('\n');
    const mixed = [lines[0], ...lines.slice(1, 4)];
    for (const line of lines.slice(4, 8))
      mixed.push(
        line.replace(/,(AMER|APAC|Asia|EMEA|LATAM),/, (_, region) => (region === 'EMEA' ? ',APAC,' : ',EMEA,')),
      );
    mixed.push(...lines.slice(11, 13), 'Bad Row,EMEA,not a phone number at all');
    const file = path.join(dir, 'mixed.csv');
    writeFileSync(file, mixed.join('\n'));
    const applied = await bulk(['apply', file, ...flags, '--skip-invalid']);
    const summary = lastJson(applied.stdout);
    expect(applied.code).toBe(1);
    expect(summary).toMatchObject({
      rows: 10,
      created: 1,
      updated: 4,
      unchanged: 3,
      failed: 1,
      skipped: 1,
      notSent: 0,
    });
    expect(placed(summary)).toBe(summary.rows);
    expect(summary.succeeded).toBe(summary.created + summary.updated);
  }, 120_000);
});
