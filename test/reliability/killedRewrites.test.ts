import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type CsmEmulator, type EmulatorState, type OrganizationState } from '../../local/emulator';
import { seededRandom } from '../../local/emulator/seededRandom';
import type { LocalRuntime } from '../../local/runtime';
import type { ChunkRecord, JobRecord } from '../../src/domain/job';
import type { Clock } from '../../src/clock';
import { systemClock } from '../../src/clock';
import { impersonate } from '../../src/csm/principal';
import { readImport } from '../../src/domain/import';
import { forgeEngineDeps } from '../../src/jobs/deps';
import { advanceJob } from '../../src/jobs/engine/driver';
import { LEASE_MS, newRunnerToken } from '../../src/jobs/lifecycle/lease';
import { createJob } from '../../src/jobs/lifecycle/startJob';
import { kvsChunkRecords } from '../../src/store/kvsChunkRecords';
import { ADMIN_ACCOUNT, startHarness, writeRequests, type EngineHarness } from '../engine/harness';
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
} from './killSupport';

/**
 * The background runner killed while it rewrites a job's stored requests before their first send: when it fills one
 * request with the rows of the chunks after it (dispatch.ts `filled`: the chunks it empties get `movedTo`), and when
 * it moves the profile rows that change one detail value of an existing organization into a spare details request
 * (chunkCache.ts `moveToSpare`). Each rewrite is claimed to be one storage transaction, made only while the runner
 * holds the job's lease: a kill just before it or just after it (the write applied, the answer lost) must leave every
 * row in exactly one stored request, sent once.
 *
 * The site holds ORGS organizations; each job sends a file of all of them in which about 80% of the rows change
 * nothing, 10% change one detail value (moved into a spare details request) and 10% rename the organization or change
 * two values (left as profile rows, which then fill fewer requests: merges). Each job's file is written against
 * what the jobs before it left, so a later job finds the same mix.
 *
 * A rewrite is recognised by its body (the transaction sets a chunk with `movedTo`, or a details chunk with rows),
 * through the local runtime's storage hook (`storageFault`, here only an observer), which kills the runtime right
 * there: before the write is applied (it is refused and never answered) or after (applied, never answered). The other
 * kills are the crash switch's: mid bulk submit (a merged request resent must replay the same task) and at any call.
 * RELIABILITY_KILLS (16, every kind twice, over three or four jobs; 100 in npm run test:reliability) and
 * RELIABILITY_REWRITE_ROWS (the organizations, at least 3,000: NTH_MAX is set for 3,000, and a 1,500-row job makes 3
 * submits, so a plan waiting for the 4th started job after job until the test timed out)
 * scale it; RELIABILITY_SEED replays a plan. The lease half of the claim, which kills cannot test, is the second
 * describe's.
 */
const KILLS = wholeNumber('RELIABILITY_KILLS', 16);
const ORGS = wholeNumber('RELIABILITY_REWRITE_ROWS', 3000);
if (ORGS < 3000)
  throw new Error(
    `RELIABILITY_REWRITE_ROWS must be at least 3000 (the kill depths in NTH_MAX assume it), not ${ORGS}.`,
  );
/** The held-up runner's job: big enough for a few spare moves and merges, small enough to take a second or two. */
const HELD_ROWS = 1000;
const CI_SEED = 20_261_207;
const SEED = killSeed(CI_SEED);
const TASK_CAP = 5;
/** A runtime that neither dies nor finishes its job within this is stuck: the test fails and says where. */
const LIFE_TIMEOUT_MS = 20_000;

type Target = 'merge' | 'spare' | 'submit' | 'any';
/**
 * How far into one runtime's life a kill of each kind may land. A 3,000-row job makes 3 to 5 merges (most at its
 * start, where the first claims fill their requests) and a spare move per compared chunk (30).
 */
const NTH_MAX: Record<Target, number> = { merge: 2, spare: 6, submit: 4, any: 40 };
type Rewrite = 'merge' | 'spare';

interface Org {
  id: string;
  name: string;
  region: string;
  phone: string;
}
type Change = 'same' | 'oneValue' | 'rename' | 'twoValues';
interface PlannedJob {
  id: string;
  rows: number;
  /** Per row of the file (= operation index): the organization's id and what the row does to it. */
  orgIds: string[];
  changes: Change[];
}

const REGIONS = ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'];
const pad = (n: number) => String(n).padStart(5, '0');

function seedOrganizations(count: number): Org[] {
  return Array.from({ length: count }, (_, i) => ({
    id: String(i + 1),
    name: `Rewrite ${pad(i)}`,
    region: REGIONS[i % 5],
    phone: `+1 555 ${pad(i)}`,
  }));
}

function organizationState(org: Org): OrganizationState {
  return {
    id: org.id,
    name: org.name,
    details: { Region: [org.region], 'Phone Number': [org.phone] },
    customerIds: [],
    productIds: [],
  };
}

/**
 * Job `job`'s file over the organizations as `site` holds them (updated here to what the file leaves): each row names
 * its organization by id, so a row may rename it.
 */
function nextFile(site: Org[], job: number, random: () => number): { text: string; changes: Change[] } {
  const lines = ['Organization ID,Organization Name,Region,Phone Number'];
  const changes: Change[] = [];
  const otherRegion = (region: string) =>
    REGIONS[(REGIONS.indexOf(region) + 1 + Math.floor(random() * 4)) % REGIONS.length];
  site.forEach((org, i) => {
    const r = random();
    const change: Change = r < 0.8 ? 'same' : r < 0.9 ? 'oneValue' : r < 0.95 ? 'rename' : 'twoValues';
    const newPhone = `+1 555 ${pad(i)} ${String(job).padStart(3, '0')}`;
    if (change === 'oneValue') {
      if (random() < 0.5) org.region = otherRegion(org.region);
      else org.phone = newPhone;
    } else if (change === 'rename') org.name = `Rewrite ${pad(i)} v${job}`;
    else if (change === 'twoValues') {
      org.region = otherRegion(org.region);
      org.phone = newPhone;
    }
    changes.push(change);
    lines.push(`${org.id},${org.name},${org.region},${org.phone}`);
  });
  return { text: lines.join('\n'), changes };
}

/** A storage call that rewrites chunks of a job before their first send, by what it stores; undefined for others. */
function rewriteOf(storagePath: string, body: string | undefined): Rewrite | undefined {
  if (storagePath !== '/api/v1/transaction' || !body?.includes('job-chunk:')) return undefined;
  const request = JSON.parse(body) as { set?: { key: string; value: ChunkRecord }[] };
  const chunks = (request.set ?? []).filter((op) => op.key.startsWith('job-chunk:')).map((op) => op.value);
  if (chunks.some((chunk) => chunk.movedTo !== undefined)) return 'merge';
  if (chunks.some((chunk) => chunk.kind === 'details' && chunk.operationIndexes.length > 0)) return 'spare';
  return undefined;
}

/** The organization a task item is about: a profile names it in its payload, a details item by its id. */
function itemOrganization(kind: string, item: unknown): string | undefined {
  if (kind === 'details') return (item as { id?: string }).id;
  return (item as { payload?: { id?: string } }).payload?.id;
}

/** The emulator's organizations as the site should hold them: the organizations that differ, or are missing. */
function differences(site: Org[], organizations: OrganizationState[]): string[] {
  const byId = new Map(organizations.map((org) => [org.id, org]));
  return site.flatMap((org) => {
    const found = byId.get(org.id);
    const want = { name: org.name, Region: [org.region], 'Phone Number': [org.phone] };
    const got = found && {
      name: found.name,
      Region: found.details.Region,
      'Phone Number': found.details['Phone Number'],
    };
    return JSON.stringify(got) === JSON.stringify(want)
      ? []
      : [`organization ${org.id}: ${JSON.stringify(got)} instead of ${JSON.stringify(want)}`];
  });
}

/**
 * A finished job, as stored and as CSM took it: SUCCEEDED with every changed row succeeded and every other one
 * unchanged (the tally adds up to the rows); every row in exactly one stored request or among one chunk's unchanged
 * rows; one accepted task per stored request with rows, every changed row in exactly one task and no unchanged row in
 * any; and requests were merged (`movedTo`) and one-value rows moved into a spare details request.
 */
async function expectEachRowSentOnce(runtime: LocalRuntime, state: EmulatorState, job: PlannedJob) {
  const dump = runtime.kvsDump();
  const changed = job.changes.filter((change) => change !== 'same').length;
  const view = await runtime.invokeResolver<{
    ok: boolean;
    data: { status: string; progress: Record<string, number> };
  }>('getJob', { jobId: job.id });
  const record = dump[`job-meta:${job.id}`] as JobRecord;
  const chunks = Object.entries(dump)
    .filter(([key]) => key.startsWith(`job-chunk:${job.id}:`))
    .map(([, value]) => value as ChunkRecord);

  const placed = new Array<number>(job.rows).fill(0);
  for (const chunk of chunks) for (const op of [...chunk.operationIndexes, ...(chunk.unchanged ?? [])]) placed[op] += 1;
  const misplaced = placed.flatMap((count, op) => (count === 1 ? [] : [`row ${op}: in ${count} chunks`]));

  // A task's key is `${jobId}-${chunkIndex}-${hash of the body}`: a chunk whose body changed after it was sent
  // would show as a second task of the same chunk.
  const tasks = state.tasks.filter((task) => task.idempotencyKey?.startsWith(`${job.id}-`));
  const taskChunks = tasks.map((task) => Number(task.idempotencyKey!.slice(job.id.length + 1).split('-')[0]));
  const sending = chunks.filter((chunk) => chunk.operationIndexes.length > 0).map((chunk) => chunk.index);
  const sentTo = new Map<string, number>();
  for (const task of tasks)
    for (const item of task.items) {
      const org = itemOrganization(task.kind, item) ?? '?';
      sentTo.set(org, (sentTo.get(org) ?? 0) + 1);
    }
  const twice: string[] = [];
  const lost: string[] = [];
  const sentUnchanged: string[] = [];
  job.orgIds.forEach((org, op) => {
    const times = sentTo.get(org) ?? 0;
    const what = `row ${op} (organization ${org}, ${job.changes[op]})`;
    if (times > 1) twice.push(`${what}: in ${times} tasks`);
    else if (times === 0 && job.changes[op] !== 'same') lost.push(what);
    else if (times === 1 && job.changes[op] === 'same') sentUnchanged.push(what);
  });
  const ids = new Set(job.orgIds);
  const strangers = [...sentTo.keys()].filter((org) => !ids.has(org));

  const movedTo = chunks.filter((chunk) => chunk.movedTo !== undefined).length;
  const spareRows = chunks
    .filter((chunk) => record.spareFrom !== undefined && chunk.index >= record.spareFrom && chunk.kind === 'details')
    .reduce((sum, chunk) => sum + chunk.operationIndexes.length, 0);

  const { total, succeeded, failed, unchanged, pending } = view.data.progress;
  const { tally } = record;
  expect({
    job: job.id,
    status: view.data.status,
    progress: { total, succeeded, failed, unchanged, pending },
    tallied: tally.succeeded + tally.failed + tally.unchanged,
    misplaced: misplaced.slice(0, 10),
    misplacedCount: misplaced.length,
    taskChunks: taskChunks.sort((a, b) => a - b),
    tallyTasks: tally.tasks,
    twice: twice.slice(0, 10),
    twiceCount: twice.length,
    lost: lost.slice(0, 10),
    lostCount: lost.length,
    sentUnchanged: sentUnchanged.slice(0, 10),
    strangers,
    unfinishedTasks: tasks.filter((task) => task.status !== 'FINISHED' || task.failures.length > 0).length,
    merged: movedTo > 0,
    movedToSpare: spareRows > 0,
  }).toEqual({
    job: job.id,
    status: 'SUCCEEDED',
    progress: { total: job.rows, succeeded: changed, failed: 0, unchanged: job.rows - changed, pending: 0 },
    tallied: job.rows,
    misplaced: [],
    misplacedCount: 0,
    taskChunks: sending.sort((a, b) => a - b),
    tallyTasks: tasks.length,
    twice: [],
    twiceCount: 0,
    lost: [],
    lostCount: 0,
    sentUnchanged: [],
    strangers: [],
    unfinishedTasks: 0,
    merged: true,
    movedToSpare: true,
  });
  return {
    changed,
    oneValue: job.changes.filter((change) => change === 'oneValue').length,
    planned: record.plannedTasks,
    tasks: tasks.length,
    movedTo,
    spareRows,
  };
}

describe('the background runner killed while it merges requests and moves rows into spare details requests', () => {
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

  it(`is killed ${KILLS} times, mostly right before or after a merge or a spare move, and every row is still sent once (seed ${SEED})`, async () => {
    const print = (line: string) =>
      process.env.RELIABILITY_KILLS ? process.stdout.write(`${line}\n`) : console.log(line);
    clock = worldClock();
    emulator = await startEmulator({ taskMs: 40, maxActiveTasks: TASK_CAP, now: clock.realNow });
    const site = seedOrganizations(ORGS);
    emulator.setState({ ...emulator.state(), organizations: site.map(organizationState) });
    dir = mkdtempSync(path.join(tmpdir(), 'csm-killed-rewrites-'));
    const storePath = path.join(dir, 'kvs.json');
    const random = seededRandom(SEED);
    const plans = killPlans(NTH_MAX, KILLS, random);
    const jobs: PlannedJob[] = [];
    /** Rewrites that reached storage (a kill before one is not counted: it never did). */
    const rewrites: Record<Rewrite, number> = { merge: 0, spare: 0 };
    const startedAt = Date.now();
    const run = await runKillPlan({
      seed: SEED,
      plans,
      csmUrl: emulator.url,
      storePath,
      clock,
      jobs,
      next: () => {
        const file = nextFile(site, jobs.length + 1, random);
        return {
          text: file.text,
          record: (id: string) => ({ id, rows: site.length, orgIds: site.map((org) => org.id), changes: file.changes }),
        };
      },
      switches(plan, die, current) {
        // Kills mid submit or at any call are the crash switch's; kills at a rewrite are the storage hook's.
        if (plan && (plan.target === 'submit' || plan.target === 'any')) {
          const target = plan.target;
          return { crash: crashAtNth(plan, (call) => matchesCall(target, call), die) };
        }
        let seen = 0;
        // Called only once the runtime exists (its functions make the storage calls).
        const storageFault = (storagePath: string, body: string | undefined) => {
          const rewrite = rewriteOf(storagePath, body);
          if (!rewrite || current().killed()) return undefined;
          const kill = plan?.target === rewrite && ++seen === plan.nth;
          if (!kill || plan.moment === 'after') rewrites[rewrite] += 1;
          if (!kill) return undefined;
          const chunks = (JSON.parse(body!) as { set: { key: string }[] }).set.map((op) => op.key.split(':').at(-1));
          current().kill();
          die(`${rewrite} of chunks ${chunks.join(', ')}`);
          // Before: the write never reaches the store. After: it does; either way nobody is left to read the answer.
          return plan.moment === 'before' ? { status: 500, code: 'KILLED', message: 'killed' } : undefined;
        };
        return { storageFault };
      },
      runtimes: (current) => (runtime = current),
      timeoutMs: LIFE_TIMEOUT_MS,
      pinnedCap: TASK_CAP,
    });
    const { kills, lives, leaseWaits } = run;
    runtime = run.runtime;

    try {
      const state = emulator.state();
      const stats = emulator.stats();

      const perJob = [];
      for (const job of jobs) perJob.push(await expectEachRowSentOnce(runtime, state, job));
      const wrong = differences(site, state.organizations);
      const submits = writeRequests(stats);
      const keys = new Set(state.tasks.map((task) => task.idempotencyKey));
      const summary = {
        seed: SEED,
        kills: kills.length,
        lives,
        leaseWaits,
        jobs: jobs.length,
        organizations: state.organizations.length,
        wrong: wrong.length,
        tasks: state.tasks.length,
        submits,
        replays: stats.idempotentReplays,
        taskCapRefusals: stats.rejections.taskCap,
        maxOpenTasks: stats.maxOpenTasks,
        rewrites,
        perJob,
        killsByKind: countBy(kills, (kill) => `${kill.target}/${kill.moment}`),
        skippedMinutes: Math.round(clock.skew() / 60_000),
        elapsedMs: Date.now() - clock.skew() - startedAt,
      };
      print(`killed rewrites: ${JSON.stringify(summary)}`);

      expect(kills.length).toBe(KILLS);
      expect(wrong.slice(0, 10)).toEqual([]);
      expect(state.organizations).toHaveLength(ORGS);
      // Every submit that was not a replay of a key CSM had seen made one task, and no two tasks share a key.
      expect(keys.size).toBe(state.tasks.length);
      expect(submits - stats.idempotentReplays - stats.rejections.taskCap).toBe(state.tasks.length);
      expect(stats.maxOpenTasks).toBeLessThanOrEqual(TASK_CAP);
      expect(stats.rejections.taskCap).toBe(0);
      // Every kind of kill happened (each comes up once per round of the plan), and at the rewrites themselves.
      expect(Object.keys(summary.killsByKind)).toHaveLength(Math.min(KILLS, 8));
      expect(rewrites.merge).toBeGreaterThan(0);
      expect(rewrites.spare).toBeGreaterThan(0);
    } catch (error) {
      throw withKillLog(error, SEED, kills);
    }
  }, 240_000);
});

/**
 * The other half of the claim: a rewrite is stored only while its runner holds the job. A runner held up right
 * before it stores a spare move (it read the site and decided the move, the write is on its way) while its lease
 * runs out; another runner takes the job over and finishes it, spare request included; then the first one's write
 * arrives. It must be refused: stored, it would put back a spare request holding only the rows the first runner had
 * moved, and the stored job would no longer say where the others went (kills cannot show this: a killed runner
 * writes nothing more).
 */
describe('a runner held up right before a spare move while another takes the job over', () => {
  let harness: EngineHarness | undefined;
  afterEach(async () => {
    jest.restoreAllMocks();
    await harness?.close();
  });

  it('cannot store its rewrite once it lost the lease: every row still in one request, sent once', async () => {
    harness = await startHarness({ taskMs: 40, maxActiveTasks: TASK_CAP });
    const site = seedOrganizations(HELD_ROWS);
    harness.emulator.setState({ ...harness.emulator.state(), organizations: site.map(organizationState) });
    const file = nextFile(site, 1, seededRandom(SEED));
    // The job is made here without queueing its runner: this test runs its own two.
    const platform = forgeEngineDeps();
    const deps = { ...platform, queue: { ...platform.queue, enqueueRunner: async () => undefined } };
    const { operations } = readImport(
      { text: file.text },
      { detailFields: await deps.csm(impersonate(ADMIN_ACCOUNT)).getDetailFields() },
    );
    const created = await createJob(deps, {
      kind: 'profiles',
      operations,
      ownerAccountId: ADMIN_ACCOUNT,
      rows: site.length,
      skippedRows: 0,
    });
    const job: PlannedJob = {
      id: created.id,
      rows: site.length,
      orgIds: site.map((org) => org.id),
      changes: file.changes,
    };

    const first = newRunnerToken(Math.random);
    let held: ChunkRecord[] | undefined;
    let isHeld: () => void = () => {};
    const heldUp = new Promise<void>((resolve) => (isHeld = resolve));
    let letGo: () => void = () => {};
    const goOn = new Promise<void>((resolve) => (letGo = resolve));
    const refused: unknown[] = [];
    const store = kvsChunkRecords.replace.bind(kvsChunkRecords);
    jest.spyOn(kvsChunkRecords, 'replace').mockImplementation(async (jobId, chunks, token, heldRows) => {
      const spareMove = chunks.some((chunk) => chunk.kind === 'details' && chunk.operationIndexes.length > 0);
      if (token !== first || !spareMove || held) return store(jobId, chunks, token, heldRows);
      held = chunks;
      isHeld();
      await goOn;
      return store(jobId, chunks, token, heldRows).catch((error: unknown) => {
        refused.push(error);
        throw error;
      });
    });

    const owner = impersonate(ADMIN_ACCOUNT);
    const stale = advanceJob(forgeEngineDeps(), job.id, {
      principal: owner,
      token: first,
      holder: 'background',
      deadline: Date.now() + 60_000,
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      heldUp,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the first runner never came to a spare move')), 20_000);
      }),
    ]).finally(() => clearTimeout(timer));
    // To the second runner, whose clock is past the first one's lease, the first is dead.
    const later: Clock = { now: () => systemClock.now() + LEASE_MS + 60_000, sleep: systemClock.sleep };
    const successor = await advanceJob(forgeEngineDeps({ clock: later }), job.id, {
      principal: owner,
      token: newRunnerToken(Math.random),
      holder: 'background',
      deadline: later.now() + 60_000,
    });
    letGo();
    const outcome = await stale;

    expect(successor.outcome).toBe('finished');
    expect(outcome.outcome).toBe('busy');
    expect(held).toBeDefined();
    const state = harness.emulator.state();
    await expectEachRowSentOnce(harness.runtime, state, job);
    expect(differences(site, state.organizations).slice(0, 10)).toEqual([]);
    // The move held up was one write (the chunk the rows left and the spare request), refused for the lease.
    expect(held?.length).toBe(2);
    expect(refused.map((error) => (error as Error).name)).toEqual(['LeaseLostError']);
  });
});
