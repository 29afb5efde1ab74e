import { ManualClock } from '../../../local/runtime/clock';
import { systemClock } from '../../../src/clock';
import { impersonate } from '../../../src/csm/principal';
import { forgeTransport, type CsmRequest, type Transport, type TransportResponse } from '../../../src/csm/transport';
import type { JobRecord } from '../../../src/domain/job';
import { forgeEngineDeps } from '../../../src/jobs/deps';
import { advanceJob } from '../../../src/jobs/engine/driver';
import { newRunnerToken } from '../../../src/jobs/lifecycle/lease';
import { activeKey } from '../../../src/store/keys';
import { ADMIN_ACCOUNT, profilesCsv, startHarness, writeRequests, type EngineHarness } from '../harness';

/**
 * One driver's turn (advanceJob) on a 300-row job (three requests), called directly, with what CSM answers made at
 * the transport, the platform's boundary: the engine's answer to each kind of refusal or fault, as stored.
 */
const answer = (status: number, body: object, headers: Record<string, string> = {}): TransportResponse => ({
  status,
  header: (name) => headers[name] ?? null,
  text: async () => JSON.stringify(body),
});

describe("a driver's turn, CSM answering with a refusal or a fault", () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  const jobRecord = (id: string) => harness.runtime.kvsDump()[`job-meta:${id}`] as JobRecord;

  /** Starts the job (its queued runner never runs: the runtime's clock is the test's) and drives it once. */
  async function driveWith(fault: (request: CsmRequest, calls: number) => TransportResponse | undefined) {
    harness = await startHarness({}, { clock: new ManualClock() });
    const job = await harness.call('startJob', { kind: 'profiles', text: profilesCsv(300) });
    const calls = new Map<string, number>();
    const transport: Transport = async (principal, request) => {
      const count = (calls.get(request.endpoint) ?? 0) + 1;
      calls.set(request.endpoint, count);
      return fault(request, count) ?? forgeTransport(principal, request);
    };
    const options = {
      principal: impersonate(ADMIN_ACCOUNT),
      token: newRunnerToken(Math.random),
      holder: 'background' as const,
      deadline: systemClock.now() + 30_000,
    };
    const stopped = await advanceJob(forgeEngineDeps({ transport }), job.id, options);
    return { jobId: job.id, outcome: stopped.outcome, record: jobRecord(job.id), calls };
  }

  it('CSM refusing a request for its rows fails those rows (not retryable); the other requests go on', async () => {
    const { outcome, record } = await driveWith((request, calls) =>
      request.endpoint === 'bulk' && calls === 2
        ? answer(400, { errorMessage: 'organizationProfiles[3].payload.name: must not be blank' })
        : undefined,
    );
    expect(outcome).toBe('finished');
    expect(record).toMatchObject({ status: 'PARTIAL', tally: { succeeded: 200, failed: 100, retryable: 0 } });
    expect(writeRequests(harness.emulator.stats())).toBe(2);
  });

  it('CSM refusing the app outright (412: the API changed) fails the job whole, saying why, and ends it', async () => {
    const { jobId, outcome, record } = await driveWith((request) =>
      request.endpoint === 'bulk' ? answer(412, { message: 'X-ExperimentalApi header required' }) : undefined,
    );
    expect(outcome).toBe('failed');
    expect(record.status).toBe('FAILED');
    expect(record.lastError).toMatch(/refused the experimental bulk API/);
    expect(record.finishedAt).toBeDefined();
    expect(harness.runtime.kvsDump()[activeKey(jobId)]).toBeUndefined();
    expect(harness.emulator.state().tasks).toEqual([]);
  });

  it('a task past CSM’s retention (its status gone) is decided by reading its organizations back', async () => {
    const { outcome, record, calls } = await driveWith((request, count) =>
      request.endpoint === 'task' && count === 1 ? answer(404, { message: 'Task not found' }) : undefined,
    );
    expect(outcome).toBe('finished');
    expect(record).toMatchObject({ status: 'SUCCEEDED', tally: { succeeded: 300, failed: 0 } });
    // The comparison read each request's organizations once; the read-back of the expired task once more.
    expect(calls.get('profileFetch')).toBe(12 + 4);
    expect(writeRequests(harness.emulator.stats())).toBe(3);
  });

  it('a read-back that fails in passing (past the client’s attempts) leaves its task open to be decided again, and the runner goes on', async () => {
    const busy = answer(503, { message: 'Service unavailable' }, { 'Retry-After': '0' });
    // The first poll finds the task gone, so its rows are read back; the comparison's 12 reads come first, then
    // every attempt of the read-back's first read is refused.
    const { outcome, record, calls } = await driveWith((request, count) =>
      (request.endpoint === 'task' && count === 1) || (request.endpoint === 'profileFetch' && count > 12 && count <= 18)
        ? request.endpoint === 'task'
          ? answer(404, { message: 'Task not found' })
          : busy
        : undefined,
    );
    expect(outcome).toBe('finished');
    expect(record).toMatchObject({ status: 'SUCCEEDED', tally: { succeeded: 300, failed: 0 } });
    expect(calls.get('profileFetch')).toBeGreaterThanOrEqual(18);
    // Its task time is learnt once, though it was seen ended twice.
    expect(record.taskTime.count).toBe(3);
    expect(writeRequests(harness.emulator.stats())).toBe(3);
  }, 30_000);

  it('a poll that fails in passing is tried again later, and the task is then decided as CSM says', async () => {
    const busy = answer(503, { message: 'Service unavailable' }, { 'Retry-After': '0' });
    const { outcome, record } = await driveWith((request, count) =>
      request.endpoint === 'task' && count <= 6 ? busy : undefined,
    );
    expect(outcome).toBe('finished');
    expect(record).toMatchObject({ status: 'SUCCEEDED', tally: { succeeded: 300, failed: 0 } });
    expect(writeRequests(harness.emulator.stats())).toBe(3);
  }, 30_000);
});
