import path from 'node:path';
import { bulk, tempDir } from '../cli/bulkProcess';
import { startEmulator, type CsmEmulator } from '../../local/emulator';
import { ADMIN_ACCOUNT, startHarness, type EngineHarness } from '../engine/harness';
import { systemClock } from '../../src/clock';
import { createCsmClient } from '../../src/csm/client';
import { impersonate } from '../../src/csm/principal';
import { forgeTransport, type Transport } from '../../src/csm/transport';
import { readImportOnSite } from '../../src/jobs/lifecycle/sameOrganization';

const csmClient = (transport: Transport = forgeTransport) =>
  createCsmClient({ transport, principal: impersonate(ADMIN_ACCOUNT), clock: systemClock, retry: { maxAttempts: 1 } });
const mergesFile = (pairs: number) =>
  [
    'Keep Organization ID,Merge Organization ID',
    ...Array.from({ length: pairs }, (_, i) => `${1000 + i},${2000 + i}`),
  ].join('\n');
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!);
const customers = [0, 1, 2, 3].map((i) => ({ accountId: `qm:c${i}`, email: `c${i}@example.com` }));
const org = (id: string, name: string, details: Record<string, string[]>, customerIds: string[]) => ({
  id,
  name,
  details,
  customerIds,
  productIds: [],
});

/** Issue 24: duplicates found, then merged: one organization left with the members and detail values of both. */
describe('merges', () => {
  let emulator: CsmEmulator | undefined;
  let harness: EngineHarness | undefined;
  afterEach(async () => {
    await emulator?.close();
    await harness?.close();
    emulator = undefined;
    harness = undefined;
  });

  it('bulk find duplicates, then apply its merges file with --yes: one organization with the members and values of both', async () => {
    emulator = await startEmulator({ taskMs: 20, customers });
    emulator.setState({
      ...emulator.state(),
      organizations: [
        org('5', 'Dup Acme Ltd', { Region: ['EMEA'] }, ['qm:c0', 'qm:c1']),
        org('7', 'Dup Acme Holdings', {}, ['qm:c3']),
        org('9', 'dup  ACME ltd', { Region: ['APAC'], 'Phone Number': ['+1 555 0100'] }, ['qm:c1', 'qm:c2']),
      ],
      serviceDesks: [
        { id: '1', projectKey: 'SUP', projectName: 'Support', organizationIds: ['9'] },
        { id: '2', projectKey: 'ONB', projectName: 'Onboarding', organizationIds: [] },
      ],
    });
    const dir = tempDir('csm-merges-');
    const flags = ['--csm-url', emulator.url, '--state-dir', dir];
    const file = path.join(dir, 'merges.csv');
    expect((await bulk(['find', 'duplicates', '--out', file, ...flags])).code).toBe(0);
    const dry = await bulk(['apply', file, '--kind', 'merges', '--dry-run', ...flags]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/DRY_RUN: nothing was sent\. 5 operations .*: 1 merge \(each organization's members/);
    expect(await bulk(['apply', file, '--kind', 'merges', ...flags])).toMatchObject({ code: 2 });
    const merged = await bulk(['apply', file, '--kind', 'merges', '--yes', '--json', ...flags]);
    expect(lastJson(merged.stdout)).toMatchObject({ kind: 'merges', status: 'SUCCEEDED', deleted: 1, failed: 0 });
    const left = emulator.state().organizations.map((o) => [o.name, o.details, [...o.customerIds].sort()]);
    expect(left).toEqual([
      ['Dup Acme Ltd', { Region: ['EMEA'], 'Phone Number': ['+1 555 0100'] }, ['qm:c0', 'qm:c1', 'qm:c2']],
      ['Dup Acme Holdings', {}, ['qm:c3']],
    ]);
    expect(emulator.state().serviceDesks?.[0].organizationIds).toEqual(['5']);
  }, 60_000);

  it('a merge whose member is not added is not deleted: the row fails, the merged organization keeps what it holds', async () => {
    harness = await startHarness({ taskMs: 20, customers, silentlyDroppedMembers: ['qm:c2'] });
    harness.emulator.setState({
      ...harness.emulator.state(),
      organizations: [org('5', 'Keep', {}, ['qm:c0']), org('9', 'Merge', {}, ['qm:c2'])],
    });
    const text = 'Keep Organization ID,Merge Organization ID\n5,9';
    const preview = await harness.call('previewImport', { kind: 'merges', text });
    expect(preview.rows).toEqual([
      expect.objectContaining({
        row: 2,
        change: 'delete',
        note: 'Into "Keep" (ID 5): 1 member, no detail value, 0 service projects; then ID 9 is deleted.',
      }),
    ]);
    const job = await harness.waitForJob(
      (await harness.call('startJob', { kind: 'merges', text, confirmDelete: true })).id,
    );
    expect(job.ledger).toMatchObject({ deleted: 0, failed: 2 });
    expect(job.failures.map((f) => f.error)).toEqual([
      expect.stringMatching(/is not a member of "Keep" when read back/),
      expect.stringMatching(/Not deleted: a change merging it into "Keep" failed first/),
    ]);
    expect(harness.emulator.state().organizations.map((o) => o.name)).toEqual(['Keep', 'Merge']);
  });

  it('a file of more than 250 merges is refused whole, saying how to split it, before anything is asked of the site', async () => {
    harness = await startHarness();
    const { imported } = await readImportOnSite(csmClient(), { kind: 'merges', text: mergesFile(251) });
    expect(imported.operations).toEqual([]);
    expect(imported.problems).toEqual([
      expect.objectContaining({
        row: null,
        severity: 'error',
        message: expect.stringMatching(
          /has 251 merges, more than the 250 .*Split it into files of at most 250 merges\./,
        ),
      }),
    ]);
    expect(harness.emulator.stats().requests).toEqual({});
  });

  it("the merged organizations' members are read a few at once (a resolver has 25 s), each pair's changes in row order", async () => {
    harness = await startHarness({ customers });
    const pairs = 12;
    harness.emulator.setState({
      ...harness.emulator.state(),
      organizations: Array.from({ length: pairs }, (_, i) => [
        org(`${1000 + i}`, `Keep ${i}`, {}, []),
        org(`${2000 + i}`, `Merge ${i}`, {}, [`qm:c${i % 4}`]),
      ]).flat(),
    });
    let reading = 0;
    let mostAtOnce = 0;
    const counting: Transport = async (principal, request) => {
      if (request.endpoint !== 'memberList') return forgeTransport(principal, request);
      reading += 1;
      mostAtOnce = Math.max(mostAtOnce, reading);
      await new Promise((resolve) => setTimeout(resolve, 20));
      try {
        return await forgeTransport(principal, request);
      } finally {
        reading -= 1;
      }
    };
    const { imported } = await readImportOnSite(csmClient(counting), { kind: 'merges', text: mergesFile(pairs) });
    expect(mostAtOnce).toBe(5);
    expect(imported.operations.map((op) => [op.row, op.kind])).toEqual(
      Array.from({ length: pairs }, (_, i) => [
        [i + 2, 'memberships'],
        [i + 2, 'deletions'],
      ]).flat(),
    );
    expect(imported.operations.filter((op) => op.kind === 'memberships')).toEqual(
      Array.from({ length: pairs }, (_, i) =>
        expect.objectContaining({
          organization: { id: `${1000 + i}`, name: `Keep ${i}` },
          customer: { accountId: `qm:c${i % 4}`, email: `c${i % 4}@example.com` },
        }),
      ),
    );
  });
});
