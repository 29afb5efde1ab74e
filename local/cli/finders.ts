import type { CountedOrganization, DuplicateGroup } from '../../src/domain/cleanup';
import {
  FinderStalled,
  scanDuplicateGroups,
  scanOrganizations,
  type FinderCall,
  type ResolverAnswers,
  type ResolverPayload,
  type ResolverResult,
} from '../../src/resolvers/contract';
import type { LocalRuntime } from '../runtime';

type FinderAnswer = ResolverAnswers['findOrganizations'];
type Listed = FinderAnswer['listed'][number];

/** What a finder says along the way: organizations read so far, or candidates counted so far of how many. */
export type FinderProgress = (event: { pass: 'organizations' | 'members'; done: number; of?: number }) => void;

/** A resolver's refusal, in its own words (the command ends with them and exit 3). */
export class FinderFailed extends Error {}

/** How a finder waits when CSM is busy or the hourly limit is spent: injectable, so that a test need not wait. */
export interface FinderWaits {
  /** Resolves after `ms`; default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Told before each wait, with the resolver's words. */
  waiting?: (message: string, ms: number) => void;
}

/** The waits after a passing refusal, then the last one again: CSM busy clears in seconds, the hourly limit in minutes. */
const WAITS_MS = [5_000, 15_000, 30_000, 60_000];
/** A call refused this long in a row is given up: longer than an hour's window of Atlassian's points. */
const GIVE_UP_AFTER_MS = 75 * 60_000;

const passing = (result: { code: string; message: string }) =>
  result.code === 'CSM_UNAVAILABLE' || result.message.includes("Atlassian's hourly limit");

/**
 * One finder call; a refusal that may pass (CSM busy, its hourly limit spent: a site of 50,000 organizations spends
 * it part-way through `empty`) is asked again after a wait, from the same place, so nothing read is lost.
 */
async function findCall(
  runtime: LocalRuntime,
  payload: ResolverPayload<'findOrganizations'>,
  waits: FinderWaits,
): Promise<FinderAnswer> {
  const sleep = waits.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let waited = 0;
  for (let attempt = 0; ; attempt += 1) {
    const result = await runtime.invokeResolver<ResolverResult<FinderAnswer>>('findOrganizations', payload);
    if (result.ok) return result.data;
    const ms = WAITS_MS[Math.min(attempt, WAITS_MS.length - 1)];
    if (!passing(result) || waited + ms > GIVE_UP_AFTER_MS) throw new FinderFailed(result.message);
    waits.waiting?.(result.message, ms);
    await sleep(ms);
    waited += ms;
  }
}

/** The CLI's finder call: waits out passing refusals (findCall); a stalled scan ends the command like a refusal. */
async function scanned<T>(
  scan: (call: FinderCall) => Promise<T | undefined>,
  runtime: LocalRuntime,
  waits: FinderWaits,
): Promise<T> {
  try {
    return (await scan((payload) => findCall(runtime, payload, waits)))!;
  } catch (error) {
    if (error instanceof FinderStalled) throw new FinderFailed(error.message);
    throw error;
  }
}

/** The site's organizations without a member, in the site's order. */
export async function findEmpty(
  runtime: LocalRuntime,
  progress: FinderProgress,
  waits: FinderWaits = {},
): Promise<CountedOrganization[]> {
  return (await scanned((call) => scanOrganizations('empty', call, progress), runtime, waits)).found;
}

/** Every organization of the site, id and name, in the site's order (20 pages a call, no member read). */
export async function listOrganizations(
  runtime: LocalRuntime,
  progress: FinderProgress,
  waits: FinderWaits = {},
): Promise<Listed[]> {
  return (await scanned((call) => scanOrganizations('duplicates', call, progress), runtime, waits)).listed;
}

/** The site's groups of organizations whose names look alike, each with its proposed survivor. */
export function findDuplicates(
  runtime: LocalRuntime,
  progress: FinderProgress,
  waits: FinderWaits = {},
): Promise<DuplicateGroup[]> {
  return scanned((call) => scanDuplicateGroups(call, progress), runtime, waits);
}
