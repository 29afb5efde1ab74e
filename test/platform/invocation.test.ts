import { fileSource } from '../../local/cli/bulkApply';
import { startHarness, type EngineHarness } from '../engine/harness';

/**
 * PLATFORM_RULES.md, invocation limits: a resolver answers at most 5 MB and runs at most 25 s (Forge invocation
 * limits); the local runtime refuses a larger answer and stops a longer run, as Forge does.
 */
describe('resolvers within Forge invocation limits', () => {
  let harness: EngineHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('previews a 50,000-row file with a problem on every row in an answer under 5 MB, the rest paged', async () => {
    harness = await startHarness();
    const lines = ['Organization Name,Region'];
    // Every other row names a region the site does not have; the others are fine.
    for (let i = 0; i < 50_000; i += 1) lines.push(`Org ${i},${i % 2 === 0 ? 'Atlantis' : 'EMEA'}`);
    const source = await fileSource(harness.runtime, lines.join('\n'));
    const answer = await harness.raw('previewImport', { kind: 'profiles', ...source });
    if (!answer.ok) throw new Error(answer.message);
    expect(Buffer.byteLength(JSON.stringify(answer))).toBeLessThan(5_000_000);
    expect(answer.data.problemTotals).toEqual({ all: 25_000, errors: 25_000, warnings: 0 });
    expect(answer.data.problems).toHaveLength(500);
    const next = await harness.call('previewImport', { kind: 'profiles', ...source, problemsOffset: 24_900 });
    expect(next.problems).toHaveLength(100);
    expect(next.problems[99].message).toMatch(/^Row 50000, column "Region"/);
  }, 60_000);

  it('answers "try again in N s" when CSM asks for a wait longer than the resolver has, instead of being stopped', async () => {
    // Every CSM and Jira call is answered 429 Retry-After: 60. The resolver limit is shortened to 8 s for the test;
    // the app reads the time it has left from Forge (getAppContext), so it keeps its margin either way.
    harness = await startHarness(
      { faultRate: 1, faultKinds: ['rate429RetryAfter'], retryAfterSeconds: 60 },
      { limits: { resolverTimeoutMs: 8_000 } },
    );
    const answer = await harness.raw('previewImport', { kind: 'profiles', text: 'Organization Name\nAcme' });
    expect(answer).toMatchObject({
      ok: false,
      code: 'CSM_UNAVAILABLE',
      message: expect.stringMatching(/Try again in 60 s/),
    });
    // It gave up at CSM's first "wait 60 s" instead of waiting to ask again: one call, refused once. (A resolver
    // stopped at its limit would answer the runtime's timeout, not this.)
    expect(harness.emulator.stats().faults).toMatchObject({ rate429RetryAfter: 1 });
  }, 30_000);
});
