import { startHarness, type EngineHarness } from './harness';

const customers = [0, 1, 2].map((i) => ({ accountId: `qm:c${i}`, email: `c${i}@example.com` }));
const org = (id: string, name: string, extra: object = {}) => ({
  id,
  name,
  details: {},
  customerIds: [],
  productIds: [],
  ...extra,
});

/** Issue 24: deleting from a file goes by ID, keeps what each organization held, and a restore creates it again. */
describe('deletions from a file, the recycle bin and restore', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  async function site() {
    harness = await startHarness({ taskMs: 20, customers });
    harness.emulator.setState({
      ...harness.emulator.state(),
      organizations: [
        org('1', 'Empty Co'),
        org('2', 'Acme', { details: { Region: ['EMEA'] }, customerIds: ['qm:c0', 'qm:c1'] }),
        org('3', 'Managed', { scimManaged: true }),
        org('4', 'Keep Me'),
      ],
      serviceDesks: [
        { id: '1', projectKey: 'SUP', projectName: 'Support', organizationIds: ['2', '4'] },
        { id: '2', projectKey: 'ONB', projectName: 'Onboarding', organizationIds: ['2'] },
      ],
    });
  }

  it('previews what each row deletes, refuses to start unconfirmed, deletes by ID, restores names, values and members', async () => {
    await site();
    const text = 'Organization ID,Organization Name\n1,\n,Acme\n3,Managed\n99,Long Gone';
    const preview = await harness.call('previewImport', { kind: 'deletions', text });
    expect(preview.rows.map((row) => [row.row, row.change, row.note])).toEqual([
      [2, 'delete', 'ID 1; 0 members'],
      [3, 'delete', 'ID 2; 2 members; Region: EMEA'],
      [4, 'error', expect.stringMatching(/"Managed" is managed by an identity provider/)],
      [5, 'unchanged', 'Organization 99 is gone already: nothing to delete.'],
    ]);
    expect(await harness.raw('startJob', { kind: 'deletions', text })).toMatchObject({
      ok: false,
      code: 'NEEDS_CONFIRMATION',
    });
    const started = await harness.call('startJob', { kind: 'deletions', text, confirmDelete: true });
    const job = await harness.waitForJob(started.id);
    expect(job.ledger).toMatchObject({ rows: 4, deleted: 2, unchanged: 1, failed: 1 });
    expect(harness.emulator.state().organizations.map((o) => o.name)).toEqual(['Managed', 'Keep Me']);

    const restore = await harness.call('restoreJob', { jobId: job.id });
    const restored = await harness.waitForJob(restore.id);
    expect(restored).toMatchObject({ kind: 'profiles', status: 'SUCCEEDED', restoreOf: job.id });
    // Two organizations created, and Acme shared again with the two service projects it was shared with.
    expect(restored.ledger).toMatchObject({ created: 2, updated: 2, failed: 0 });
    const back = harness.emulator.state().organizations.filter((o) => ['Empty Co', 'Acme'].includes(o.name));
    expect(back.map((o) => [o.name, o.details, o.customerIds])).toEqual([
      ['Empty Co', {}, []],
      ['Acme', { Region: ['EMEA'] }, ['qm:c0', 'qm:c1']],
    ]);
    // New ids: CSM cannot bring an organization back.
    expect(back.map((o) => o.id)).not.toContain('2');
    const acme = back.find((o) => o.name === 'Acme')!;
    expect(harness.emulator.state().serviceDesks?.map((desk) => desk.organizationIds)).toEqual([
      ['4', acme.id],
      [acme.id],
    ]);
    // Asked again, the restore that was started is answered.
    expect(await harness.call('restoreJob', { jobId: job.id })).toMatchObject({ existing: true, id: restore.id });
  });

  it('a row by ID whose name is another organization is refused, and a name the site lacks too: nothing of them is deleted', async () => {
    await site();
    const answer = await harness.raw('startJob', {
      kind: 'deletions',
      text: 'Organization ID,Organization Name\n4,Acme\n,Nobody Here',
      confirmDelete: true,
    });
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const problems = (answer as { problems: { row: number; message: string }[] }).problems;
    expect(problems.map((p) => p.row)).toEqual([2, 3]);
    expect(problems[0].message).toMatch(/organization 4 is named "Keep Me" on the site, not "Acme"/);
    expect(harness.emulator.state().organizations).toHaveLength(4);
  });

  it('a name taken since the delete is reported on its row by the restore', async () => {
    await site();
    const job = await harness.waitForJob(
      (await harness.call('startJob', { kind: 'deletions', text: 'Organization ID\n1', confirmDelete: true })).id,
    );
    await harness.waitForJob(
      (await harness.call('startJob', { kind: 'profiles', text: 'Organization Name\nEmpty Co' })).id,
    );
    const restored = await harness.waitForJob((await harness.call('restoreJob', { jobId: job.id })).id);
    expect(restored.ledger).toMatchObject({ created: 0, failed: 1 });
    expect(restored.failures[0].error).toMatch(/Empty Co/);
  });
});
