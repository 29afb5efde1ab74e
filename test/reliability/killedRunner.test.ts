import { ledgerAddsUp, type JobLedger } from '../../src/domain/job';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type CsmEmulator } from '../../local/emulator';
import { seededRandom } from '../../local/emulator/seededRandom';
import type { LocalRuntime } from '../../local/runtime';
import { BULK_PROFILES } from '../engine/harness';
import {
  countBy,
  crashAtNth,
  killPlans,
  killSeed,
  matchesCall,
  runKillPlan,
  wholeNumber,
  withKillLog,
  worldClock,
  type CallTarget,
} from './killSupport';

/**
 * The background runner killed at KILLS random points of its life — before a bulk submit reaches CSM, after
 * CSM took it but before the task id came back, before or after a poll, before or after a storage write is
 * applied, or at any other call — and every time a fresh runtime over the same store and the same CSM carries
 * on the way the app does after a crash: the watchdog finds the job whose lease has run out and starts a runner.
 *
 * In process: the local runtime's crash switch (local/runtime/crash.ts) kills it at the chosen call; the call in
 * flight and every later one never settle and its timers are dropped, like a process that died. The kill
 * points are drawn from a seeded generator: RELIABILITY_SEED=<seed> replays the same plan (which call of the
 * chosen kind, and when); the exact calls still vary a little with task timing.
 *
 * npm test: 24 kills (each kind three times) of 1,000-row jobs. Most plans then see a job end under the kills and
 * the next one start (the CI seed's: three jobs), as 50 kills of 2,000-row jobs did, for about half the work.
 * npm run test:reliability: 100 kills of 2,000-row jobs (RELIABILITY_KILLS, RELIABILITY_KILL_ROWS).
 */
const KILLS = wholeNumber('RELIABILITY_KILLS', 24);
const ROWS_PER_JOB = wholeNumber('RELIABILITY_KILL_ROWS', 1000);
/** The kill plan's seed (killSupport.killSeed): this one in CI; RELIABILITY_SEED=<seed> replays any. */
const CI_SEED = 20_261_130;
const SEED = killSeed(CI_SEED);
const TASK_CAP = 5;
const PROFILES_PER_REQUEST = 100;
/** A runtime that neither dies nor finishes its job within this is stuck: the test fails and says where. */
const LIFE_TIMEOUT_MS = 20_000;

type Target = CallTarget;

/**
 * How far into one runtime's life a kill of each kind may land. A clean 1,000-row job's background functions make
 * ~170 calls (10 submits, ~11 polls, ~58 storage writes), a 2,000-row job's ~310 (20, ~21, ~100): a fresh job reaches
 * every nth, so every planned kill happens. The nth is drawn log-uniformly: most runtimes die soon after they take
 * over, so a job is killed many times over, and some live long enough to die deep into a run.
 */
const NTH_MAX: Record<Target, number> = { submit: 5, poll: 8, storeWrite: 12, any: 40 };

function rowsCsv(job: number, rows: number): string {
  const lines = ['Organization Name,Region,Phone Number'];
  for (let i = 0; i < rows; i += 1) lines.push(`${orgName(job, i)},${region(i)},${phone(job, i)}`);
  return lines.join('\n');
}
const orgName = (job: number, i: number) => `Killed ${String(job).padStart(2, '0')}-${String(i).padStart(5, '0')}`;
const region = (i: number) => ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'][i % 5];
const phone = (job: number, i: number) => `+1 555 ${String(job).padStart(2, '0')} ${String(i).padStart(5, '0')}`;

describe('the background runner killed at random points', () => {
  let emulator: CsmEmulator | undefined;
  let runtime: LocalRuntime | undefined;
  let clock: ReturnType<typeof worldClock> | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    jest.restoreAllMocks();
    await runtime?.close();
    await emulator?.close();
    clock?.restore();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`is killed ${KILLS} times (mid-submit, mid-poll, mid-write of the store) and its jobs still complete with 0 lost and 0 duplicated (seed ${SEED})`, async () => {
    // The full run (npm run test:reliability) prints its summary; in npm test it shows only if the test fails.
    const print = (line: string) =>
      process.env.RELIABILITY_KILLS ? process.stdout.write(`${line}\n`) : console.log(line);
    clock = worldClock();
    emulator = await startEmulator({ taskMs: 40, maxActiveTasks: TASK_CAP, now: clock.realNow });
    dir = mkdtempSync(path.join(tmpdir(), 'csm-killed-runner-'));
    const storePath = path.join(dir, 'kvs.json');
    const plans = killPlans(NTH_MAX, KILLS, seededRandom(SEED));
    const jobs: Array<{ id: string; rows: number }> = [];
    const startedAt = Date.now();
    const run = await runKillPlan({
      seed: SEED,
      plans,
      csmUrl: emulator.url,
      storePath,
      clock,
      jobs,
      next: () => ({
        text: rowsCsv(jobs.length + 1, ROWS_PER_JOB),
        record: (id: string) => ({ id, rows: ROWS_PER_JOB }),
      }),
      switches: (plan, die) => ({ crash: plan && crashAtNth(plan, (call) => matchesCall(plan.target, call), die) }),
      runtimes: (current) => (runtime = current),
      timeoutMs: LIFE_TIMEOUT_MS,
      pinnedCap: TASK_CAP,
    });
    const { kills, lives, leaseWaits } = run;
    runtime = run.runtime;

    try {
      for (const job of jobs) {
        const view = await runtime.invokeResolver<{
          ok: boolean;
          data: { status: string; progress: Record<string, number>; ledger: JobLedger };
        }>('getJob', { jobId: job.id });
        const { status, progress, ledger } = view.data;
        expect({ job: job.id, status, progress, ledger }).toMatchObject({
          job: job.id,
          status: 'SUCCEEDED',
          progress: { total: job.rows, succeeded: job.rows, failed: 0, pending: 0 },
          // Every row created its organization, each counted once however often its runner died.
          ledger: { rows: job.rows, created: job.rows, updated: 0, pending: 0 },
        });
        expect(ledgerAddsUp(ledger, true)).toBe(true);
      }

      const rows = jobs.reduce((sum, job) => sum + job.rows, 0);
      const chunks = jobs.reduce((sum, job) => sum + Math.ceil(job.rows / PROFILES_PER_REQUEST), 0);
      const state = emulator.state();
      const stats = emulator.stats();
      const byName = new Map(state.organizations.map((org) => [org.name, org]));
      const lost: string[] = [];
      const wrong: string[] = [];
      jobs.forEach((job, j) => {
        for (let i = 0; i < job.rows; i += 1) {
          const org = byName.get(orgName(j + 1, i));
          if (!org) lost.push(orgName(j + 1, i));
          else if (org.details.Region?.join() !== region(i) || org.details['Phone Number']?.join() !== phone(j + 1, i))
            wrong.push(org.name);
        }
      });
      const keys = new Set(state.tasks.map((task) => task.idempotencyKey));
      const submits = stats.requests[BULK_PROFILES] ?? 0;
      const summary = {
        seed: SEED,
        kills: kills.length,
        lives,
        leaseWaits,
        jobs: jobs.length,
        rows,
        organizations: state.organizations.length,
        lost: lost.length,
        duplicated: state.organizations.length - byName.size,
        tasks: state.tasks.length,
        chunks,
        submits,
        replays: stats.idempotentReplays,
        taskCapRefusals: stats.rejections.taskCap,
        maxOpenTasks: stats.maxOpenTasks,
        killsByKind: countBy(kills, (kill) => `${kill.target}/${kill.moment}`),
        skippedMinutes: Math.round(clock.skew() / 60_000),
        elapsedMs: Date.now() - clock.skew() - startedAt,
      };
      print(`killed runner: ${JSON.stringify(summary)}`);

      expect(kills.length).toBe(KILLS);
      expect(lost.slice(0, 10)).toEqual([]);
      expect(wrong.slice(0, 10)).toEqual([]);
      expect(state.organizations.length).toBe(rows);
      expect(byName.size).toBe(rows);
      // One CSM task per chunk, whatever was resent: every resend after a kill was a replay of the same key.
      expect(state.tasks.length).toBe(chunks);
      expect(keys.size).toBe(chunks);
      expect(state.tasks.filter((task) => task.status !== 'FINISHED').map((task) => task.id)).toEqual([]);
      expect(submits - stats.idempotentReplays - stats.rejections.taskCap).toBe(chunks);
      expect(stats.maxOpenTasks).toBeLessThanOrEqual(TASK_CAP);
      // The emulator refuses a submit over the cap: the engine's own count must never have tried one.
      expect(stats.rejections.taskCap).toBe(0);
      // Every kind of kill happened (each kind comes up once per round of the plan).
      expect(Object.keys(summary.killsByKind)).toHaveLength(Math.min(KILLS, 8));
    } catch (error) {
      throw withKillLog(error, SEED, kills);
    }
  }, 240_000);
});
