import { seededRandom } from '../../local/emulator/seededRandom';
import { ledgerAddsUp } from '../../src/domain/job';
import { profilesCsv, startHarness, type EngineHarness } from '../engine/harness';
import { shortenFaultWaits } from '../engine/shortWaits';

/**
 * Issue 21: the ledger's invariant as a property over random scenarios. Each seed draws a site, a mixed file (rows
 * unchanged, changed, new, refused by CSM, with errors in the file), faults, maybe a cancel, then every follow-up
 * that applies (resume, retry, undo, delete what was created). Every job that ends must place each row exactly once
 * (harness.waitForJob checks it for each), and the ledger must say what the site shows: organizations created are
 * new on the site, organizations deleted are gone from it.
 */
const SCENARIOS = [3, 5, 7, 11, 19];

describe('the ledger over random scenarios', () => {
  let harness: EngineHarness;
  let restoreWaits: () => void;
  beforeAll(() => (restoreWaits = shortenFaultWaits()));
  afterAll(() => restoreWaits());
  afterEach(async () => harness?.close());

  it.each(SCENARIOS)(
    'seed %i: every job places each row once, and the site agrees',
    async (seed) => {
      const random = seededRandom(seed);
      const int = (max: number) => Math.floor(random() * (max + 1));
      const faultRate = [0, 0.15, 0.3][seed % 3];
      harness = await startHarness({ taskMs: 20, faultRate, seed, retryAfterSeconds: 0 });
      const ids = () => new Set(harness.emulator.state().organizations.map((org) => org.id));

      const existing = 10 + int(40);
      await harness.waitForJob((await harness.call('startJob', { kind: 'profiles', text: profilesCsv(existing) })).id);
      const before = ids();

      // Rows of the existing organizations (some with another Region), new ones, one CSM refuses, one with an error.
      const fresh = 5 + int(120);
      const lines = profilesCsv(existing + fresh).split('\n');
      const mixed = [lines[0]];
      for (const line of lines.slice(1))
        mixed.push(random() < 0.5 ? line : line.replace(/,(AMER|APAC|Asia|EMEA|LATAM),/, ',EMEA,'));
      mixed.push('Refused Co,APAC,+1 555 1234', 'Bad Co,EMEA,not a phone');
      harness.emulator.setState({ ...harness.emulator.state(), rowFaults: [{ organization: 'Refused Co' }] });
      const started = await harness.call('startJob', { kind: 'profiles', text: mixed.join('\n'), skipInvalid: true });
      if (random() < 0.5) await harness.call('cancelJob', { jobId: started.id });
      const job = await harness.waitForJob(started.id, 120_000);
      expect(job.ledger).toMatchObject({ rows: existing + fresh + 2, skipped: 1 });
      expect(ledgerAddsUp(job.ledger, true)).toBe(true);

      const jobs = [job];
      if (job.ledger.notSent > 0)
        jobs.push(await harness.waitForJob((await harness.call('resumeJob', { jobId: job.id })).id, 120_000));
      // A resume sends exactly the rows the first job did not (none when it sent them all).
      expect(jobs[1]?.ledger.rows ?? 0).toBe(job.ledger.notSent);
      const created = jobs.reduce((sum, one) => sum + one.ledger.created, 0);
      const afterImport = ids();
      expect(afterImport.size - before.size).toBe(created);

      for (const one of [...jobs]) {
        if (one.failuresRetryable > 0)
          jobs.push(await harness.waitForJob((await harness.call('retryFailed', { jobId: one.id })).id, 120_000));
        if (one.ledger.updated > 0)
          jobs.push(await harness.waitForJob((await harness.call('undoJob', { jobId: one.id })).id, 120_000));
      }
      // Delete what each job created (a retry may create what its first try did not).
      let deleted = 0;
      for (const one of jobs) {
        if (one.ledger.created === 0 || one.undoOf) continue;
        const deleting = await harness.waitForJob(
          (await harness.call('deleteCreated', { jobId: one.id, confirm: true })).id,
          120_000,
        );
        expect(deleting.ledger).toMatchObject({ rows: one.ledger.created, failed: 0, pending: 0 });
        deleted += deleting.ledger.deleted;
      }
      // Every organization the import created is gone again, and only those.
      const left = ids();
      expect(deleted).toBe(jobs.reduce((sum, one) => sum + one.ledger.created, 0));
      expect([...left].sort()).toEqual([...before].sort());
    },
    240_000,
  );
});
