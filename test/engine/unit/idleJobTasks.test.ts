import { ManualClock } from '../../../local/runtime/clock';
import { systemClock, type Clock } from '../../../src/clock';
import { impersonate } from '../../../src/csm/principal';
import { forgeTransport, type Transport } from '../../../src/csm/transport';
import type { JobRecord } from '../../../src/domain/job';
import { forgeEngineDeps } from '../../../src/jobs/deps';
import { advanceJob } from '../../../src/jobs/engine/driver';
import { freeEndedTasks } from '../../../src/jobs/engine/idleJobTasks';
import { LEASE_MS, newRunnerToken } from '../../../src/jobs/lifecycle/lease';
import { ADMIN_ACCOUNT, profilesCsv, startHarness, type EngineHarness } from '../harness';

/**
 * freeEndedTasks, called directly on a job whose driver stopped with five tasks open (its queued runner never runs:
 * the runtime's clock is the test's). Another driver polls them as its own user: CSM's answers, and only those, free
 * the slots. A refusal or a lost task is made at the transport, the platform's boundary.
 */
const ADMIN = impersonate(ADMIN_ACCOUNT);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A driver's clock a lease's length after the job was last written: the job is idle. */
const later: Clock = { now: () => systemClock.now() + LEASE_MS, sleep: systemClock.sleep };

describe("an idle job's open tasks, polled by another driver", () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  const jobRecord = (id: string) => harness.runtime.kvsDump()[`job-meta:${id}`] as JobRecord;

  /**
   * A 1,000-row job (ten requests) whose driver stopped once CSM had taken five; their tasks take `taskMs` (long
   * enough by default that the driver, even slowed down, cannot see one end before it stops).
   */
  async function jobWithFiveOpenTasks(taskMs = 600_000): Promise<string> {
    harness = await startHarness({ taskMs }, { clock: new ManualClock() });
    const job = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(1_000) });
    // The driver's turn ends once CSM has taken five requests (the site's cap): their tasks stay open.
    const options = {
      principal: ADMIN,
      token: newRunnerToken(Math.random),
      holder: 'background' as const,
      deadline: systemClock.now() + 60_000,
    };
    let submits = 0;
    const transport: Transport = async (principal, request) => {
      const response = await forgeTransport(principal, request);
      if (request.endpoint === 'bulk' && ++submits === 5) options.deadline = 0;
      return response;
    };
    expect((await advanceJob(forgeEngineDeps({ transport }), job.id, options)).outcome).toBe('deadline');
    expect(jobRecord(job.id).tally).toMatchObject({ open: 5, succeeded: 0 });
    // Its queued runner never runs (the runtime's clock is the test's): nobody drives the job now.
    expect(harness.emulator.state().tasks).toHaveLength(5);
    return job.id;
  }

  /** The CSM calls a poll makes, counted; `task` answers for GET /tasks/{id} when given. */
  function polling(task?: { status: number; message: string }) {
    const polls: string[] = [];
    const transport: Transport = async (principal, request) => {
      if (request.endpoint !== 'task') return forgeTransport(principal, request);
      polls.push(request.taskId);
      if (!task) return forgeTransport(principal, request);
      return { status: task.status, header: () => null, text: async () => JSON.stringify({ message: task.message }) };
    };
    return { polls, deps: forgeEngineDeps({ transport, clock: later }) };
  }

  it('decides the tasks that ended by their status and frees their slots', async () => {
    const jobId = await jobWithFiveOpenTasks(1_500);
    while (harness.emulator.state().tasks.some((task) => task.status !== 'FINISHED')) await sleep(20);
    const { polls, deps } = polling();
    expect(await freeEndedTasks(deps, jobId, ADMIN)).toEqual({ confirmed: 0, unconfirmed: 0 });
    expect(polls).toHaveLength(5);
    expect(jobRecord(jobId)).toMatchObject({ status: 'RUNNING', tally: { open: 0, succeeded: 500 } });
  });

  it('counts a running task as held and says when to look again, writing nothing to the job', async () => {
    const jobId = await jobWithFiveOpenTasks();
    const before = jobRecord(jobId);
    const { polls, deps } = polling();
    const holding = await freeEndedTasks(deps, jobId, ADMIN);
    expect(holding).toMatchObject({ confirmed: 5, unconfirmed: 0 });
    expect(holding?.nextLookAt).toBeGreaterThan(later.now() - 1_000);
    expect(polls).toHaveLength(5);
    expect(jobRecord(jobId)).toEqual(before);
  });

  it('leaves a job written within a lease’s length to its driver: nothing polled', async () => {
    const jobId = await jobWithFiveOpenTasks();
    const polls: string[] = [];
    const transport: Transport = async (principal, request) => {
      if (request.endpoint === 'task') polls.push(request.taskId);
      return forgeTransport(principal, request);
    };
    expect(await freeEndedTasks(forgeEngineDeps({ transport }), jobId, ADMIN)).toBeUndefined();
    expect(polls).toEqual([]);
  });

  it('a task CSM will not show this user is unconfirmed, and the others are not asked', async () => {
    const jobId = await jobWithFiveOpenTasks();
    const { polls, deps } = polling({ status: 403, message: 'You do not have permission to view this task.' });
    expect(await freeEndedTasks(deps, jobId, ADMIN)).toEqual({ confirmed: 0, unconfirmed: 5 });
    expect(polls).toHaveLength(1);
    expect(jobRecord(jobId).tally).toMatchObject({ open: 5, succeeded: 0 });
  });

  it('a task past CSM’s retention holds no slot: marked ended, its rows left for its own driver to read back', async () => {
    const jobId = await jobWithFiveOpenTasks();
    const { polls, deps } = polling({ status: 404, message: 'Task not found.' });
    expect(await freeEndedTasks(deps, jobId, ADMIN)).toEqual({ confirmed: 0, unconfirmed: 0 });
    expect(polls).toHaveLength(5);
    expect(jobRecord(jobId).tally).toMatchObject({ open: 5, ended: 5, succeeded: 0 });
  });
});
