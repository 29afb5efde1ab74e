import type { BoundaryCall, CrashMoment } from '../../local/runtime/crash';

/**
 * What the kill tests (killedRunner, killedRewrites) share: their settings from the environment, the seeded kill
 * plan, the calls a kill may target, and the app's clock that skips a dead runner's lease.
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
