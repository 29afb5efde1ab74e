import { ManualClock } from '../../../local/runtime/clock';
import type { LoadedJob } from '../../../src/domain/job';
import { forgeEngineDeps, type EngineDeps } from '../../../src/jobs/deps';
import { JobWriter } from '../../../src/jobs/engine/jobWriter';
import { ChunkStates } from '../../../src/jobs/engine/chunkStates';
import { loadJob } from '../../../src/jobs/engine/loadJob';
import { acquireLease, LeaseLostError, newRunnerToken, releaseLease } from '../../../src/jobs/lifecycle/lease';
import type { JobRecords, LinePage } from '../../../src/store/appStore';
import { activeKey } from '../../../src/store/keys';
import { profilesCsv, startHarness, type EngineHarness } from '../harness';

/**
 * The one writer of a driven job, on a stored 300-row job (a few chunk lines, one page) in the local runtime's Forge
 * storage, holding the job's lease as a driver does. The store's writes are watched (and made) by the real store.
 */
describe("the job writer: a driven job's saves", () => {
  let harness: EngineHarness;
  let deps: EngineDeps;
  let job: LoadedJob;
  let lines: ChunkStates;
  let token: string;
  const writes: { pages: number[]; active?: boolean; tally: unknown }[] = [];

  beforeEach(async () => {
    writes.length = 0;
    harness = await startHarness({}, { clock: new ManualClock() });
    const { id } = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(300) });
    deps = forgeEngineDeps();
    token = newRunnerToken(Math.random);
    if (!(await acquireLease(deps, id, token, 'background'))) throw new Error(`the lease of job ${id} was not free`);
    job = (await loadJob(deps.store, id))!;
    lines = new ChunkStates(job.chunks);
  });
  afterEach(async () => harness.close());

  const writer = () => {
    const records: JobRecords = {
      ...deps.store.jobs,
      save: async (record, pages: LinePage[], options) => {
        writes.push({ pages: pages.map((page) => page.page), active: options?.active, tally: record.tally });
        await deps.store.jobs.save(record, pages, options);
      },
    };
    return new JobWriter(records, job, lines, token);
  };
  const stored = async () => (await loadJob(deps.store, job.id))!;

  it('writes the page of a line that changed, and no page when none did', async () => {
    const jobWriter = writer();
    await jobWriter.save();
    lines.setState(1, 'SKIPPED');
    await jobWriter.save();
    expect(writes.map((write) => write.pages)).toEqual([[], [0]]);
    const states = (await stored()).chunks.map((line) => line.state);
    expect(states[1]).toBe('SKIPPED');
    expect(states).toEqual(job.chunks.map((line) => line.state));
    expect(writes[1].tally).toMatchObject({ skipped: 1 });
  });

  it('a save asked for while another waits to start shares it, with every change made until then', async () => {
    const jobWriter = writer();
    const first = jobWriter.save();
    lines.setState(0, 'SKIPPED');
    const second = jobWriter.save({ active: false });
    lines.setState(2, 'SKIPPED');
    expect(second).toBe(first);
    await second;
    expect(writes).toEqual([{ pages: [0], active: false, tally: expect.objectContaining({ skipped: 2 }) }]);
    expect(harness.runtime.kvsDump()[activeKey(job.id)]).toBeUndefined();
    expect((await stored()).tally).toMatchObject({ skipped: 2 });
  });

  it('once another driver holds the job, its saves are refused and storage keeps what that driver wrote', async () => {
    const jobWriter = writer();
    await releaseLease(deps, job.id, token);
    expect(await acquireLease(deps, job.id, newRunnerToken(Math.random), 'page')).toBe(true);
    lines.setState(0, 'SKIPPED');
    await expect(jobWriter.save()).rejects.toBeInstanceOf(LeaseLostError);
    await jobWriter.settled();
    expect((await stored()).chunks[0].state).toBe('PENDING');
  });
});
