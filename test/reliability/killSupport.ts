import { createLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from '../../local/runtime';
import type { JobRecord } from '../../src/domain/job';
import type { BoundaryCall, CrashMoment, CrashSwitch } from '../../local/runtime/crash';
import { APP_ROOT } from '../../local/cli/session';
import { ADMIN_ACCOUNT } from '../engine/harness';

/**
 * What the kill tests (killedRunner, killedRewrites) share: their settings from the environment, the seeded kill
 * plan, the calls a kill may target, the app's clock that skips a dead runner's lease, and the kill loop itself.
 */

/** A whole number from the environment (RELIABILITY_KILLS, ...), or `fallback` when unset. */
export function wholeNumber(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0, not '${text}'.`);
  return value;
}

/**
 * The kill plan's seed: fixed in CI (a red run can always be replayed as it was), drawn afresh elsewhere to find new
 * plans; RELIABILITY_SEED overrides either. Printed with every run's summary and every failure.
 */
export function killSeed(ciSeed: number): number {
  return wholeNumber('RELIABILITY_SEED', process.env.CI ? ciSeed : Math.floor(Math.random() * 2 ** 31));
}

export interface KillPlan<T extends string> {
  target: T;
  moment: CrashMoment;
  /** Die at the nth matching call the background functions of one runtime make. */
  nth: number;
}

/**
 * Every kind of kill (each target, before and after) comes up once per round, in an order the seed decides; the nth
 * call is drawn per kill, log-uniformly up to the target's `nthMax`: most runtimes die soon after they take over, so
 * a job is killed many times over, and some live long enough to die deep into a run.
 */
export function killPlans<T extends string>(
  nthMax: Record<T, number>,
  count: number,
  random: () => number,
): KillPlan<T>[] {
  const kinds: Array<Omit<KillPlan<T>, 'nth'>> = [];
  for (const target of Object.keys(nthMax) as T[])
    for (const moment of ['before', 'after'] as const) kinds.push({ target, moment });
  const plans: KillPlan<T>[] = [];
  while (plans.length < count) {
    const round = [...kinds];
    for (let i = round.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [round[i], round[j]] = [round[j], round[i]];
    }
    for (const kind of round.slice(0, count - plans.length))
      plans.push({ ...kind, nth: Math.floor(Math.exp(random() * Math.log(nthMax[kind.target] + 1))) });
  }
  return plans;
}

/** The platform calls a kill may target by what the crash switch sees of them. */
export type CallTarget = 'submit' | 'poll' | 'storeWrite' | 'any';

export function matchesCall(target: CallTarget, call: BoundaryCall): boolean {
  switch (target) {
    case 'submit':
      return call.service === 'product' && call.method === 'POST' && /\/bulk$/.test(call.path);
    case 'poll':
      return call.service === 'product' && call.method === 'GET' && /\/tasks\//.test(call.path);
    case 'storeWrite':
      return call.service === 'kvs' && call.writes;
    case 'any':
      return true;
  }
}

/** The statuses a job ends in. */
export const FINAL = ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'];

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The app's time: Date.now() plus an offset the test moves forward when a dead runner's lease must run out. The app
 * and its store read Date.now(), so for both the minutes pass at once. CSM keeps real time, as a remote service
 * does: were its clock moved on too, a task open across a jump would report minutes of run time, and the engine,
 * which plans its polls from CSM's task times, would rightly wait longer than a life of these tests lasts.
 */
export function worldClock() {
  const realNow = Date.now;
  let offset = 0;
  Date.now = () => realNow() + offset;
  return {
    realNow: () => realNow(),
    advance: (ms: number) => (offset += ms),
    skew: () => offset,
    restore: () => (Date.now = realNow),
  };
}

export function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/**
 * Drives one runtime's life in a kill test, then closes it: when the last job ended, the admin starts the next one
 * (`next()`: its file, and the record kept of it under the id the start answers, or the one found in the store if
 * the runner died before the answer came back); otherwise the dead runner's lease is let run out and the watchdog
 * fires for the job a kill interrupted. Returns what `died` gives if the runtime is killed meanwhile, undefined when
 * the job ended with its queue drained (or, with no kill planned, when there was nothing left to do). A life that
 * does neither within `timeoutMs` fails the test, saying where the job stood.
 */
export async function liveOnce<K, J extends { id: string }>(life: {
  runtime: LocalRuntime;
  died: Promise<K>;
  jobs: J[];
  /** Whether a kill is planned in this life (without one, a life with no job to carry on does nothing). */
  planned: boolean;
  describe: string;
  clock: ReturnType<typeof worldClock>;
  next(): { text: string; record(id: string): J };
  onLeaseWait(): void;
  timeoutMs: number;
}): Promise<K | undefined> {
  const { runtime, died, jobs } = life;
  const jobRecord = (jobId: string) => runtime.kvsGet(`job-meta:${jobId}`) as JobRecord | undefined;
  try {
    const last = jobs.at(-1);
    let triggerDone: Promise<unknown> = Promise.resolve();
    if (!last || FINAL.includes(jobRecord(last.id)?.status ?? '')) {
      if (jobs.length > 0 && !life.planned) return undefined;
      // The admin starts the next job; its runner may die before the answer is back, so look in the store then.
      const file = life.next();
      const started = await Promise.race([
        runtime.invokeResolver<{ ok: boolean; data: { id: string }; message?: string }>('startJob', {
          kind: 'profiles',
          text: file.text,
        }),
        died.then(() => undefined),
      ]);
      if (started && !started.ok) throw new Error(`startJob failed: ${started.message}`);
      const known = new Set(jobs.map((job) => job.id));
      const id =
        started?.data.id ??
        Object.keys(runtime.kvsDump())
          .find((key) => key.startsWith('job-meta:') && !known.has(key.slice(9)))
          ?.slice(9);
      if (!id) throw new Error(`${life.describe}: the runner died before startJob had stored the job`);
      jobs.push(file.record(id));
    } else {
      // The dead runner's lease blocks every other driver until it runs out: let that time pass.
      const lease = runtime.kvsGet(`job-lease:${last.id}`, 'job-lease') as { expiresAt: number } | undefined;
      if (lease && lease.expiresAt >= Date.now()) {
        life.clock.advance(lease.expiresAt - Date.now() + 1_000);
        life.onLeaseWait();
      }
      // The five-minute watchdog fires; if this runtime dies in it, the promise never settles.
      triggerDone = runtime.fireTrigger('job-watchdog-trigger');
    }
    const jobId = jobs.at(-1)!.id;
    const done = (async () => {
      await triggerDone;
      while (!runtime.killed() && (!FINAL.includes(jobRecord(jobId)?.status ?? '') || runtime.queueStats().pending > 0))
        await sleep(10);
      // A runtime that died meanwhile answers through `died`.
      return runtime.killed() ? new Promise<never>(() => {}) : undefined;
    })();
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const job = runtime.killed() ? undefined : jobRecord(jobId);
        reject(
          new Error(
            `${life.describe}: job ${jobId} neither finished nor died within ${life.timeoutMs} ms; status ${job?.status}, tally ${JSON.stringify(job?.tally)}, lastError ${job?.lastError}`,
          ),
        );
      }, life.timeoutMs);
    });
    try {
      return await Promise.race([died, done, stuck]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await runtime.close();
  }
}

/** A kill that happened: its plan, in which life and during which job, and the call it hit. */
export interface Kill<T extends string> extends KillPlan<T> {
  life: number;
  job: number;
  call: string;
}

/** The background functions (the runner and the watchdog) die; the admin's startJob call is not what these tests kill. */
export const inBackground = (call: BoundaryCall) =>
  call.moduleType === 'consumer' || call.moduleType === 'scheduledTrigger';

/** A crash switch that kills at the plan's nth background call `matches` picks, and reports the call it hit. */
export function crashAtNth<T extends string>(
  plan: KillPlan<T>,
  matches: (call: BoundaryCall) => boolean,
  die: (call: string) => void,
): CrashSwitch {
  let seen = 0;
  return {
    decide: (call) => (inBackground(call) && matches(call) && (seen += 1) === plan.nth ? plan.moment : undefined),
    onCrash: (call) => die(`#${call.seq} ${call.functionKey}: ${call.service} ${call.method} ${call.path}`),
  };
}

/**
 * The kill loop both kill tests run: a fresh runtime over the same file store and the same CSM for each planned kill
 * (`switches` arms it for its plan; `die` tells the loop where it died), each life driven by `liveOnce`, until every
 * kill of the plan has happened; then one last life without a kill carries the interrupted job to its end, and a
 * runtime over the store is left open for the test's checks (`runtimes` is told each runtime, for the test's
 * afterEach to close). A failure says the seed that replays the plan and the kills so far.
 */
export async function runKillPlan<T extends string, J extends { id: string }>(run: {
  seed: number;
  plans: KillPlan<T>[];
  csmUrl: string;
  storePath: string;
  clock: ReturnType<typeof worldClock>;
  jobs: J[];
  next(): { text: string; record(id: string): J };
  switches(
    plan: KillPlan<T> | undefined,
    die: (call: string) => void,
    runtime: () => LocalRuntime,
  ): Pick<LocalRuntimeOptions, 'crash' | 'storageFault'>;
  runtimes(runtime: LocalRuntime | undefined): void;
  timeoutMs: number;
  /**
   * A task cap pinned in the site's settings before the first life: these runs count the engine's own sends against
   * its cap, which a learnt cap would move (learning is test/engine/taskCap.test.ts).
   */
  pinnedCap?: number;
}): Promise<{ kills: Kill<T>[]; lives: number; leaseWaits: number; runtime: LocalRuntime }> {
  const kills: Kill<T>[] = [];
  let lives = 0;
  let leaseWaits = 0;
  const open = async (options: Pick<LocalRuntimeOptions, 'crash' | 'storageFault'> = {}) => {
    const runtime = await createLocalRuntime({
      appRoot: APP_ROOT,
      csmUrl: run.csmUrl,
      store: { kind: 'file', path: run.storePath },
      defaultAccountId: ADMIN_ACCOUNT,
      ...options,
    });
    run.runtimes(runtime);
    return runtime;
  };

  /** One runtime's life: from its creation until it is killed or has nothing more to do. */
  async function life(plan: KillPlan<T> | undefined): Promise<Kill<T> | undefined> {
    lives += 1;
    const thisLife = lives;
    let killed: (kill: Kill<T>) => void = () => {};
    const died = new Promise<Kill<T>>((resolve) => (killed = resolve));
    const die = (call: string) => killed({ ...plan!, life: thisLife, job: run.jobs.length, call });
    // The switches are made before the runtime they arm; they reach it through this once it exists.
    const made: { runtime?: LocalRuntime } = {};
    const runtime = await open(run.switches(plan, die, () => made.runtime!));
    made.runtime = runtime;
    try {
      return await liveOnce({
        runtime,
        died,
        jobs: run.jobs,
        planned: plan !== undefined,
        describe: `life ${thisLife} (plan ${JSON.stringify(plan)})`,
        clock: run.clock,
        next: run.next,
        onLeaseWait: () => (leaseWaits += 1),
        timeoutMs: run.timeoutMs,
      });
    } finally {
      run.runtimes(undefined);
    }
  }

  try {
    if (run.pinnedCap !== undefined) {
      const first = await open();
      const saved = await first.invokeResolver<{ ok: boolean }>('saveSettings', { taskCap: run.pinnedCap });
      await first.close();
      run.runtimes(undefined);
      if (!saved.ok) throw new Error(`Could not pin the task cap: ${JSON.stringify(saved)}`);
    }
    while (kills.length < run.plans.length) {
      const kill = await life(run.plans[kills.length]);
      if (kill) kills.push(kill);
    }
    // The last runtime lives: it carries the job the last kill interrupted to its end.
    await life(undefined);
    return { kills, lives, leaseWaits, runtime: await open() };
  } catch (error) {
    throw withKillLog(error, run.seed, kills);
  }
}

/** The error, saying the seed that replays the plan and the kills so far. */
export function withKillLog<T extends string>(error: unknown, seed: number, kills: Kill<T>[]): unknown {
  const log = kills
    .map(
      (kill, i) =>
        `  ${i + 1}. life ${kill.life}, job ${kill.job}: ${kill.target}/${kill.moment} #${kill.nth} at ${kill.call}`,
    )
    .join('\n');
  if (error instanceof Error)
    error.message = `RELIABILITY_SEED=${seed} replays this kill plan.\n${error.message}\nKills so far:\n${log}`;
  return error;
}
