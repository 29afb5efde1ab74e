import { systemClock } from '../../../src/clock';
import { createCsmClient } from '../../../src/csm/client';
import { CsmError } from '../../../src/csm/errors';
import { impersonate } from '../../../src/csm/principal';
import { forgeTransport, type Transport } from '../../../src/csm/transport';
import type { ChunkRecord } from '../../../src/domain/job';
import { compareDeletions, sendDeletions } from '../../../src/jobs/engine/singleCalls';
import { ADMIN_ACCOUNT, startHarness, type EngineHarness } from '../harness';

/**
 * A deletions chunk's calls, sent by the real CSM client through the local runtime to the emulator. Only the answers
 * CSM gives for one organization (a refusal, a passing fault) are made at the transport, the platform's boundary.
 */
const ORGANIZATIONS = ['11', '12', '13', '14'].map((id) => ({
  id,
  name: `Org ${id}`,
  details: {},
  customerIds: [],
  productIds: [],
}));

const deletions = (ids: string[]): ChunkRecord => ({
  index: 3,
  phase: 0,
  kind: 'deletions',
  body: { organizations: ids.map((id) => ({ id, name: `Org ${id}` })) },
  operationIndexes: ids.map((_, position) => 100 + position),
  rows: ids.map((_, position) => 102 + position),
});

/** Answers `status` with CSM's error body for a delete of one of `ids`; every other request goes to the emulator. */
const answering =
  (status: number, ids: string[], message: string): Transport =>
  async (principal, request) => {
    if (request.endpoint !== 'organizationDelete' || !ids.includes(request.id))
      return forgeTransport(principal, request);
    return { status, header: () => null, text: async () => JSON.stringify({ errorMessage: message }) };
  };

describe('single calls: a deletions chunk', () => {
  let harness: EngineHarness;
  beforeEach(async () => {
    harness = await startHarness();
    harness.emulator.setState({ ...harness.emulator.state(), organizations: ORGANIZATIONS });
  });
  afterEach(async () => harness.close());

  const client = (transport: Transport = forgeTransport) =>
    createCsmClient({
      transport,
      principal: impersonate(ADMIN_ACCOUNT),
      clock: systemClock,
      retry: { maxAttempts: 1 },
    });
  const siteIds = () => harness.emulator.state().organizations.map((org) => org.id);

  it('deletes each organization; one already gone (a lost answer, or deleted meanwhile) counts as deleted', async () => {
    const outcome = await sendDeletions(client(), deletions(['11', '99', '13']));
    expect(outcome).toEqual({ succeeded: [100, 101, 102], failed: [] });
    expect(siteIds()).toEqual(['12', '14']);
  });

  it('a refusal for one organization fails that row only, naming it, and the rest are deleted', async () => {
    const csm = client(answering(409, ['12'], 'The organization is linked to open requests.'));
    const outcome = await sendDeletions(csm, deletions(['11', '12', '13']));
    expect(outcome.succeeded).toEqual([100, 102]);
    expect(outcome.failed).toEqual([
      {
        index: 101,
        error: expect.stringMatching(
          /^Customer Service Management did not delete organization 12: .*linked to open requests/,
        ),
        retryable: false,
      },
    ]);
    expect(siteIds()).toEqual(['12', '14']);
  });

  it.each([
    ['CSM busy after the retries', 503],
    ['the user must act (no permission)', 403],
    ['the site is at its task cap', 400],
  ])('%s: thrown, so the chunk stays SUBMITTING; the rows before it are deleted', async (_what, status) => {
    const message = status === 400 ? 'Maximum number of tasks reached' : 'Refused';
    const csm = client(answering(status, ['12'], message));
    const sent = sendDeletions(csm, deletions(['11', '12', '13']));
    await expect(sent).rejects.toBeInstanceOf(CsmError);
    expect(siteIds()).toEqual(['12', '13', '14']);
  });

  it('takes out the rows whose organization the site no longer has, and keeps what the others hold for a restore', async () => {
    const csm = client();
    const { compared, recycled } = await compareDeletions(csm, deletions(['11', '98', '14', '99']));
    expect(compared).toMatchObject({ compared: true, unchanged: [101, 103], operationIndexes: [100, 102] });
    expect(recycled.map((org) => [org.index, org.id, org.name])).toEqual([
      [100, '11', 'Org 11'],
      [102, '14', 'Org 14'],
    ]);
  });
});
