import { Queue } from '@forge/events';
import type { Clock } from '../../src/clock';
import { systemClock } from '../../src/clock';
import { impersonate } from '../../src/csm/principal';
import { isFinal, type JobRecord, type JobStatus } from '../../src/domain/job';
import { readImport } from '../../src/domain/import';
import { forgeEngineDeps } from '../../src/jobs/deps';
import { createJob } from '../../src/jobs/lifecycle/startJob';
import { advanceJob } from '../../src/jobs/engine/driver';
import { LEASE_MS, newRunnerToken } from '../../src/jobs/lifecycle/lease';
import { JOB_RUNNER_QUEUE } from '../../src/queue/jobQueue';
import type { BoundaryCall, PauseSwitch } from '../../local/runtime/crash';
import { matchesCall } from './killSupport';
import { ADMIN_ACCOUNT, profilesCsv, startHarness, writeRequests, type EngineHarness } from '../engine/harness';

/** Every job record write that reached storage, in order: its status and whether it cleared the active mark. */
interface JobWrite {
  status: JobStatus;
  clearsActive: boolean;
}

function jobWritesOf(path: string, body: string | undefined, jobId: () => string | undefined): JobWrite | undefined {
  if (path !== '/api/v1/transaction' || !body || !jobId()) return undefined;
  const request = JSON.parse(body) as { set?: { key: string; value: JobRecord }[]; delete?: { key: string }[] };
  const record = request.set?.find((op) => op.key === `job-meta:${jobId()}`);
  if (!record) return undefined;
  return {
    status: record.value.status,
    clearsActive: (request.delete ?? []).some((op) => op.key === `job-active:${jobId()}`),
  };
}

/**
 * Two or more drivers on one job: the background runner, the same queue event delivered again (it carries the same
 * token), the open admin page, and a driver that comes back after its lease ran out. The lease and the job writes
 * are conditional (custom entity transactions): exactly one drives at a time, and a driver that lost the lease
 * writes nothing more.
 */
describe('several drivers on one job', () => {
  let harness: EngineHarness;
  let writes: JobWrite[];
  let watched: string | undefined;
  afterEach(async () => harness?.close());

  async function start(rows: number, taskMs: number, pause?: PauseSwitch) {
    writes = [];
    watched = undefined;
    harness = await startHarness({ taskMs }, { storageFault: observe, pause });
    // Pinned: a learnt cap tries a sixth task once, a refused submit; these tests count the submits of each chunk.
    await harness.call('saveSettings', { taskCap: 5 });
    if (rows === 0) return undefined;
    const job = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(rows) });
    watched = job.id;
    return job;
  }

  /** Not a fault: an observer of every storage call, to see each job write in the order storage took it. */
  function observe(path: string, body: string | undefined) {
    const write = jobWritesOf(path, body, () => watched);
    if (write) writes.push(write);
    return undefined;
  }

  function expectNoRegression(final: JobStatus) {
    const firstFinal = writes.findIndex((write) => isFinal(write.status));
    expect(firstFinal).toBeGreaterThanOrEqual(0);
    // Once final, every later write (there should be none) says the same; the active mark goes with the final write.
    expect(writes.slice(firstFinal).map((write) => write.status)).toEqual(writes.slice(firstFinal).map(() => final));
    expect(writes.filter((write) => write.clearsActive)).toHaveLength(1);
    expect(writes[firstFinal].clearsActive).toBe(true);
  }

  it('the runner, two redeliveries of its event and the page: one submit per chunk, one final write', async () => {
    const job = (await start(2_000, 80))!;
    const queue = new Queue({ key: JOB_RUNNER_QUEUE });
    await queue.push([
      { body: { jobId: job.id, token: 'same-token' } },
      { body: { jobId: job.id, token: 'same-token' } },
    ]);
    let view = await harness.call('getJob', { jobId: job.id });
    while (!isFinal(view.status)) view = await harness.call('advanceJob', { jobId: job.id });
    await harness.runtime.drainQueue();

    expect(view.status).toBe('SUCCEEDED');
    const state = harness.emulator.state();
    expect(state.organizations).toHaveLength(2_000);
    expect(state.tasks).toHaveLength(20);
    // One submit per chunk: no driver sent a chunk another had claimed, not even as a replay.
    expect(writeRequests(harness.emulator.stats())).toBe(20);
    expectNoRegression('SUCCEEDED');
    expect(harness.runtime.kvsDump()[`job-active:${job.id}`]).toBeUndefined();
  });

  it('a driver whose lease ran out while it was held up writes nothing once another took over', async () => {
    // The first driver is held at its first look at a task (it has claimed the lease, sent a chunk and stored that)
    // until the second has finished the whole job: a pause at that call, not a sleep.
    let polls = 0;
    let holding: () => void = () => {};
    const held = new Promise<void>((resolve) => (holding = resolve));
    let letGo: () => void = () => {};
    const released = new Promise<void>((resolve) => (letGo = resolve));
    const heldAt: BoundaryCall[] = [];
    await start(0, 150, {
      decide(call) {
        if (!matchesCall('poll', call) || ++polls !== 1) return undefined;
        heldAt.push(call);
        holding();
        return released;
      },
    });
    // The job is made here without queueing its runner: this test runs its own two drivers.
    const deps = {
      ...forgeEngineDeps(),
      queue: {
        enqueueRunner: async () => undefined,
        enqueueSyncRuns: async () => undefined,
        enqueueLookup: async () => undefined,
      },
    };
    // The site knows its task time, as after any earlier job. Without it the successor, whose clock is three minutes
    // on, takes the first driver's open tasks (a few hundred ms old in CSM's time) for three minutes old and, finding
    // them open, looks again only 30 s later (timing.ts nextPollAt): the test took 3 s or 33 s by how many chunks the
    // first driver had sent before its first look.
    await deps.store.site.putTaskTimeEstimate({ meanMs: 150, minMs: 150, spreadMs: 50 });
    const { operations } = readImport(
      { text: profilesCsv(1_000) },
      { detailFields: await deps.csm(impersonate(ADMIN_ACCOUNT)).getDetailFields() },
    );
    const job = await createJob(deps, {
      kind: 'profiles',
      operations,
      ownerAccountId: ADMIN_ACCOUNT,
      rows: 1_000,
      skippedRows: 0,
    });
    watched = job.id;
    const later: Clock = { now: () => systemClock.now() + LEASE_MS + 60_000, sleep: systemClock.sleep };
    const owner = impersonate(ADMIN_ACCOUNT);
    // The first driver runs as the app's background function does (so the pause sees its calls); the second from
    // the test, outside the runtime's functions.
    const stale = harness.runtime.runAsFunction(() =>
      advanceJob(forgeEngineDeps(), job.id, {
        principal: owner,
        token: newRunnerToken(Math.random),
        holder: 'background',
        deadline: Date.now() + 60_000,
      }),
    );
    await held;
    const writesBeforeTakeover = writes.length;
    expect(writes.map((write) => write.status)).toContain('RUNNING');
    // While the first is held, a second comes whose clock is past the first one's lease: to it, the first is dead.
    const successor = await advanceJob(forgeEngineDeps({ clock: later }), job.id, {
      principal: owner,
      token: newRunnerToken(Math.random),
      holder: 'background',
      deadline: later.now() + 60_000,
    });
    expect(successor.outcome).toBe('finished');
    const writesOfSuccessor = writes.length;
    expect(writesOfSuccessor).toBeGreaterThan(writesBeforeTakeover);
    letGo();
    const first = await stale;

    expect(heldAt).toHaveLength(1);
    // Let go, the first driver wrote no job record: its writes were refused once the lease was another's.
    expect(writes).toHaveLength(writesOfSuccessor);

    expect(successor.outcome).toBe('finished');
    expect(first.outcome).toBe('busy');
    const view = await harness.call('getJob', { jobId: job.id });
    expect(view.status).toBe('SUCCEEDED');
    expect(harness.emulator.state().organizations).toHaveLength(1_000);
    expectNoRegression('SUCCEEDED');
  });
});
