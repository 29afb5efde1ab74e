import { FULL_SIZE, startHarness, type EngineHarness } from './harness';

const DESKS = [
  { id: '1', projectKey: 'SUP', projectName: 'Support', organizationIds: [] },
  { id: '2', projectKey: 'ONB', projectName: 'Onboarding', organizationIds: [] },
  { id: '3', projectKey: 'BIL', projectName: 'Billing', organizationIds: [] },
];
const shared = (harness: EngineHarness) =>
  Object.fromEntries(
    (harness.emulator.state().serviceDesks ?? []).map((desk) => [desk.projectKey, desk.organizationIds.length]),
  );

/**
 * The organizations of the first test: npm test shares 150 with each project (450 rows, 9 chunks of 50; each
 * project's list read back in 3 pages of 50), `npm run test:reliability` the full 500. Each share is a call of its own
 * and each chunk reads its project's whole list twice, so the size is most of the suite's CPU; what is proven (read
 * back equal, the desks read once a run and not once a chunk, the resend sending nothing, undo) holds at any size
 * that spans several chunks and pages.
 */
const ORGS = FULL_SIZE ? 500 : 150;

/** Issue 24: organizations shared with service projects in bulk, one call each, read back after. */
describe('service projects jobs', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it(`${ORGS} organizations shared with 3 service projects, then removed from one: read back equal; undo puts it back`, async () => {
    harness = await startHarness({ taskMs: 20 });
    const organizations = Array.from({ length: ORGS }, (_, i) => ({
      id: String(i + 1),
      name: `Org ${i + 1}`,
      details: {},
      customerIds: [],
      productIds: [],
    }));
    harness.emulator.setState({ ...harness.emulator.state(), organizations, serviceDesks: DESKS });
    const run = async (text: string) =>
      harness.waitForJob((await harness.call('startJob', { kind: 'service-projects', text })).id, 120_000);
    const lines = ['Organization ID,Service Project,Operation'];
    for (const project of ['SUP', 'onb', '3']) for (let i = 1; i <= ORGS; i += 1) lines.push(`${i},${project},ADD`);
    const job = await run(lines.join('\n'));
    expect(job.ledger).toMatchObject({ rows: 3 * ORGS, added: 3 * ORGS, failed: 0 });
    expect(shared(harness)).toEqual({ SUP: ORGS, ONB: ORGS, BIL: ORGS });
    // The site's desks are read once a run of the job (an invocation of its runner), not once for each of its chunks.
    expect(job.progress.chunks).toBe((3 * ORGS) / 50);
    const runs = harness.runtime.compute()['job-runner'].invocations;
    expect(harness.emulator.stats().requests['GET /rest/servicedeskapi/servicedesk']).toBeLessThanOrEqual(runs);

    const removing = [
      'Organization Name,Service Project,Operation',
      ...organizations.map((o) => `${o.name},ONB,REMOVE`),
    ];
    removing.push('Nobody,ONB,REMOVE', 'Org 1,NOPE,ADD');
    const removed = await run(removing.join('\n'));
    expect(removed.ledger).toMatchObject({ removed: ORGS, failed: 2 });
    expect(removed.failures.map((f) => f.error)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/no organization named "Nobody"/),
        expect.stringMatching(/no service project NOPE/),
      ]),
    );
    expect(shared(harness)).toEqual({ SUP: ORGS, ONB: 0, BIL: ORGS });
    // Sent again, nothing is sent: the project holds what the rows say.
    const again = await run(lines.slice(0, ORGS + 1).join('\n'));
    expect(again.ledger).toMatchObject({ unchanged: ORGS, added: 0 });

    const undo = await harness.call('undoJob', { jobId: removed.id, confirm: true });
    const undone = await harness.waitForJob(undo.id, 120_000);
    expect(undone.ledger).toMatchObject({ added: ORGS, failed: 0 });
    expect(shared(harness)).toEqual({ SUP: ORGS, ONB: ORGS, BIL: ORGS });
  }, 180_000);

  it('previews each row: shared, unshared, already so, or failing with why; nothing is sent', async () => {
    harness = await startHarness({ taskMs: 20 });
    const org = (id: string, name: string) => ({ id, name, details: {}, customerIds: [], productIds: [] });
    harness.emulator.setState({
      ...harness.emulator.state(),
      organizations: [org('1', 'Acme'), org('2', 'Globex')],
      serviceDesks: [{ ...DESKS[0], organizationIds: ['1'] }, DESKS[1]],
    });
    const text = [
      'Organization Name,Service Project,Operation',
      'Acme,SUP,ADD',
      'Globex,sup,ADD',
      'Acme,ONB,REMOVE',
      'Acme,SUP,REMOVE'.replace('SUP', '1'),
      'Nobody,SUP,ADD',
      'Globex,NOPE,ADD',
    ].join('\n');
    const preview = await harness.call('previewImport', { kind: 'service-projects', text });
    expect(preview.rows.map((row) => [row.row, row.change])).toEqual([
      [2, 'member'],
      [3, 'add'],
      [4, 'not-member'],
      [5, 'remove'],
      [6, 'error'],
      [7, 'error'],
    ]);
    expect(preview.rows[0].note).toBe('Shared with SUP (Support) already: not sent.');
    expect(
      harness.emulator.stats().requests['POST /rest/servicedeskapi/servicedesk/{id}/organization'],
    ).toBeUndefined();
  });
});
