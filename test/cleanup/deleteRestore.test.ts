import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bulk, tempDir } from '../cli/bulkProcess';
import { startEmulator, type CsmEmulator } from '../../local/emulator';

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!);

/** Issue 24: `bulk apply --kind deletions` asks for --yes, deletes by ID; `bulk restore` creates them again. */
describe('bulk apply --kind deletions, then bulk restore', () => {
  let emulator: CsmEmulator;
  afterEach(async () => emulator?.close());

  it('refuses without --yes, previews with --dry-run, deletes with --yes, restores names and values under new IDs', async () => {
    emulator = await startEmulator({ taskMs: 20 });
    emulator.setState({
      ...emulator.state(),
      organizations: [
        { id: '1', name: 'Old One', details: { Region: ['EMEA'] }, customerIds: [], productIds: [] },
        { id: '2', name: 'Old Two', details: { 'Phone Number': ['+61 2 9001 1037'] }, customerIds: [], productIds: [] },
        { id: '3', name: 'Stays', details: {}, customerIds: [], productIds: [] },
      ],
    });
    const dir = tempDir('csm-deletions-');
    const file = path.join(dir, 'delete.csv');
    writeFileSync(file, 'Organization ID,Organization Name\n1,Old One\n2,Old Two\n');
    const flags = ['--csm-url', emulator.url, '--state-dir', dir];

    const unconfirmed = await bulk(['apply', file, '--kind', 'deletions', ...flags]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/--dry-run to see what it deletes, then add --yes/);
    const dry = await bulk(['apply', file, '--kind', 'deletions', '--dry-run', ...flags]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /DRY_RUN: nothing was sent\..*: 2 would be deleted, 0 are gone already \(not sent\), 0 would fail/,
    );
    expect(emulator.state().organizations).toHaveLength(3);

    const deleted = await bulk(['apply', file, '--kind', 'deletions', '--yes', '--json', ...flags]);
    expect(deleted.code).toBe(0);
    const job = lastJson(deleted.stdout);
    expect(job).toMatchObject({ kind: 'deletions', status: 'SUCCEEDED', deleted: 2 });
    expect(emulator.state().organizations.map((o) => o.name)).toEqual(['Stays']);

    const restored = await bulk(['restore', job.jobId, '--json', ...flags]);
    expect(restored.code).toBe(0);
    expect(lastJson(restored.stdout)).toMatchObject({ kind: 'profiles', status: 'SUCCEEDED', created: 2 });
    const back = emulator.state().organizations.filter((o) => o.name !== 'Stays');
    expect(back.map((o) => [o.name, o.details])).toEqual([
      ['Old One', { Region: ['EMEA'] }],
      ['Old Two', { 'Phone Number': ['+61 2 9001 1037'] }],
    ]);
    expect(back.map((o) => o.id).filter((id) => id === '1' || id === '2')).toEqual([]);
  }, 60_000);

  it('bulk find empty writes the empty ones; applied with --yes they are deleted; bulk restore brings them back as they were', async () => {
    emulator = await startEmulator({ taskMs: 20, customers: [{ accountId: 'qm:c0', email: 'c0@example.com' }] });
    const org = (id: string, name: string, details: Record<string, string[]>, customerIds: string[] = []) => ({
      id,
      name,
      details,
      customerIds,
      productIds: [],
    });
    emulator.setState({
      ...emulator.state(),
      organizations: [
        org('1', 'Empty One', { Region: ['APAC'] }),
        org('2', 'Busy', {}, ['qm:c0']),
        org('3', 'Empty Two', { 'Phone Number': ['+1 555 0100'] }),
      ],
    });
    const dir = tempDir('csm-find-delete-restore-');
    const flags = ['--csm-url', emulator.url, '--state-dir', dir];
    const file = path.join(dir, 'empty.csv');
    expect((await bulk(['find', 'empty', '--out', file, ...flags])).code).toBe(0);
    const deleted = await bulk(['apply', file, '--kind', 'deletions', '--yes', '--json', ...flags]);
    expect(lastJson(deleted.stdout)).toMatchObject({ status: 'SUCCEEDED', deleted: 2 });
    expect(emulator.state().organizations.map((o) => o.name)).toEqual(['Busy']);
    const restored = await bulk(['restore', lastJson(deleted.stdout).jobId, '--json', ...flags]);
    expect(lastJson(restored.stdout)).toMatchObject({ status: 'SUCCEEDED', created: 2 });
    const back = emulator.state().organizations.filter((o) => o.name !== 'Busy');
    expect(back.map((o) => [o.name, o.details, Number(o.id) > 3])).toEqual([
      ['Empty One', { Region: ['APAC'] }, true],
      ['Empty Two', { 'Phone Number': ['+1 555 0100'] }, true],
    ]);
  }, 60_000);
});
