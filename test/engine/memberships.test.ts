import { startHarness, type EngineHarness } from './harness';
import { shortenFaultWaits } from './shortWaits';

const customers = Array.from({ length: 6 }, (_, i) => ({
  accountId: `qm:c${i}`,
  email: `c${i}@example.com`,
  displayName: `Customer ${i}`,
}));
const AGENT = {
  accountId: 'agent-1',
  email: 'agent@example.com',
  displayName: 'An agent',
  accountType: 'agent' as const,
};
const org = (id: string, name: string, customerIds: string[] = []) => ({
  id,
  name,
  details: {},
  customerIds,
  productIds: [],
});
const membersOf = (harness: EngineHarness, name: string) =>
  harness.emulator
    .state()
    .organizations.find((o) => o.name === name)!
    .customerIds.slice()
    .sort();

/** Issue 23: membership changes are single calls of the engine, compared before, read back after. */
describe('memberships jobs', () => {
  let harness: EngineHarness;
  let restoreWaits: () => void;
  beforeAll(() => (restoreWaits = shortenFaultWaits()));
  afterAll(() => restoreWaits());
  afterEach(async () => harness?.close());

  async function setUp(options: { silentlyDroppedMembers?: string[] } = {}) {
    harness = await startHarness({ taskMs: 20, customers: [...customers, AGENT], ...options });
    harness.emulator.setState({
      ...harness.emulator.state(),
      organizations: [org('1', 'Acme', ['qm:c0']), org('2', 'Globex', ['qm:c1'])],
    });
  }
  const run = async (text: string, extra: object = {}) =>
    harness.waitForJob((await harness.call('startJob', { kind: 'memberships', text, ...extra })).id);

  it('sends only what changes, reads each change back, and fails the ones that did not happen', async () => {
    await setUp({ silentlyDroppedMembers: ['c3@example.com'] });
    const job = await run(
      [
        'Organization Name,Customer Email,Operation',
        'Acme,c0@example.com,ADD', // already a member: not sent
        'Acme,c2@example.com,ADD',
        'Acme,c3@example.com,ADD', // CSM answers 204 and does not add it
        'Globex,c1@example.com,REMOVE',
        'Globex,c4@example.com,REMOVE', // not a member: nothing to remove
      ].join('\n'),
    );
    expect(job.ledger).toMatchObject({ rows: 5, added: 1, removed: 1, unchanged: 2, failed: 1 });
    expect(job.failures).toEqual([
      expect.objectContaining({
        row: 4,
        error: expect.stringMatching(/c3@example.com is not a member of "Acme" when read back/),
      }),
    ]);
    expect(membersOf(harness, 'Acme')).toEqual(['qm:c0', 'qm:c2']);
    expect(membersOf(harness, 'Globex')).toEqual([]);
    // One call per organization and operation: an ADD to Acme, a REMOVE from Globex.
    const { requests } = harness.emulator.stats();
    expect(requests['POST /rest/servicedeskapi/organization/{id}/user']).toBe(1);
    expect(requests['DELETE /rest/servicedeskapi/organization/{id}/user']).toBe(1);
  });

  it('an agent refuses the call: it is split, and only the agent row fails', async () => {
    await setUp();
    const job = await run(
      ['Organization ID,Customer Email', '1,c2@example.com', '1,agent@example.com', '1,c4@example.com'].join('\n'),
    );
    expect(job.ledger).toMatchObject({ added: 2, failed: 1 });
    expect(job.failures).toEqual([
      expect.objectContaining({
        row: 3,
        error: expect.stringMatching(/did not add agent@example.com: .*agent or an admin/),
      }),
    ]);
    expect(membersOf(harness, 'Acme')).toEqual(['qm:c0', 'qm:c2', 'qm:c4']);
  });

  it('a MOVE adds first, then removes; a MOVE whose addition fails is not removed; undo puts both back', async () => {
    await setUp({ silentlyDroppedMembers: ['c1@example.com'] });
    const job = await run(
      [
        'Organization Name,Customer Email,Operation,From Organization Name',
        'Globex,c0@example.com,MOVE,Acme',
        'Acme,c1@example.com,MOVE,Globex', // its addition does not happen: it stays in Globex
      ].join('\n'),
    );
    expect(job.ledger).toMatchObject({ rows: 4, added: 1, removed: 1, failed: 2 });
    expect(job.failures.map((failure) => failure.row)).toEqual([3, 3]);
    expect(job.failures[1].error).toMatch(/Not removed from "Globex": adding to the new organization failed first/);
    expect(membersOf(harness, 'Acme')).toEqual([]);
    expect(membersOf(harness, 'Globex')).toEqual(['qm:c0', 'qm:c1']);

    const undo = await harness.call('undoJob', { jobId: job.id, confirm: true });
    const undone = await harness.waitForJob(undo.id);
    expect(undone).toMatchObject({ kind: 'memberships', status: 'SUCCEEDED' });
    expect(undone.ledger).toMatchObject({ added: 1, removed: 1, failed: 0 });
    expect(membersOf(harness, 'Acme')).toEqual(['qm:c0']);
    expect(membersOf(harness, 'Globex')).toEqual(['qm:c1']);
  });

  it("a profile row's Customers that CSM silently does not associate: read back after a finished task, the row fails", async () => {
    await setUp({ silentlyDroppedMembers: ['qm:c3'] });
    const job = await harness.waitForJob(
      (
        await harness.call('startJob', {
          kind: 'profiles',
          text: 'Organization Name,Customers\nAcme,qm:c2\nGlobex,qm:c3|qm:c4',
        })
      ).id,
    );
    expect(job.ledger).toMatchObject({ updated: 1, failed: 1 });
    expect(job.failures).toEqual([
      expect.objectContaining({
        row: 3,
        error: expect.stringMatching(/customer qm:c3 is not a member \(the association did not happen\)/),
      }),
    ]);
    expect(membersOf(harness, 'Acme')).toEqual(['qm:c0', 'qm:c2']);
  });

  it('under 30% faults (answers lost after the change was made, 5xx, 429): every change made exactly once', async () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ accountId: `qm:m${i}`, email: `m${i}@example.com` }));
    harness = await startHarness({ taskMs: 20, customers: many, faultRate: 0.3, seed: 11, retryAfterSeconds: 0 });
    harness.emulator.setState({
      ...harness.emulator.state(),
      organizations: Array.from({ length: 40 }, (_, i) =>
        org(String(i + 1), `Team ${i + 1}`, i === 0 ? ['qm:m0'] : []),
      ),
    });
    const lines = ['Organization ID,Customer Account ID,Operation'];
    for (let i = 0; i < 120; i += 1) lines.push(`${(i % 40) + 1},qm:m${i},ADD`);
    const job = await run(lines.join('\n'));
    expect(job.ledger).toMatchObject({ rows: 120, added: 119, unchanged: 1, failed: 0 });
    const members = harness.emulator.state().organizations.map((o) => o.customerIds.length);
    expect(members).toEqual(Array.from({ length: 40 }, () => 3));
    const faults = Object.values(harness.emulator.stats().faults).reduce((sum, n) => sum + n, 0);
    expect(faults).toBeGreaterThan(20);
  }, 60_000);

  it('refuses a file whose rows contradict each other or name nobody, naming row and column', async () => {
    await setUp();
    const answer = await harness.raw('startJob', {
      kind: 'memberships',
      text: [
        'Organization Name,Customer Email,Operation,From Organization Name',
        'Acme,c2@example.com,ADD,',
        'Acme,C2@example.com,REMOVE,',
        'Acme,not-an-email,ADD,',
        'Acme,c3@example.com,MOVE,',
        'Acme,c4@example.com,ADD,Globex',
      ].join('\n'),
    });
    expect(answer).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const problems = (answer as { problems: { row: number; column?: string; message: string }[] }).problems;
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [3, 'Customer Email'],
      [4, 'Customer Email'],
      [5, 'From Organization Name'],
      [6, 'From Organization Name'],
    ]);
    expect(harness.emulator.stats().requests['POST /rest/servicedeskapi/organization/{id}/user']).toBeUndefined();
  });
});
