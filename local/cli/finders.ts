import {
  duplicateCandidates,
  duplicateGroups,
  type CountedOrganization,
  type DuplicateGroup,
} from '../../src/domain/cleanup';
import {
  FINDER_CANDIDATES_A_CALL,
  type FinderCursor,
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

async function findCall(runtime: LocalRuntime, payload: ResolverPayload<'findOrganizations'>): Promise<FinderAnswer> {
  const result = await runtime.invokeResolver<ResolverResult<FinderAnswer>>('findOrganizations', payload);
  if (!result.ok) throw new FinderFailed(result.message);
  return result.data;
}

/** Pages through the organization list with `finder`'s first pass, gathering what each call found and listed. */
async function organizationsPass(
  runtime: LocalRuntime,
  finder: 'empty' | 'duplicates',
  progress: FinderProgress,
): Promise<{ found: CountedOrganization[]; listed: Listed[] }> {
  const found: CountedOrganization[] = [];
  const listed: Listed[] = [];
  let cursor: FinderCursor = { phase: 'organizations', start: 0 };
  let scanned = 0;
  for (;;) {
    const answer = await findCall(runtime, { finder, cursor });
    found.push(...answer.found);
    listed.push(...answer.listed);
    scanned += answer.scanned;
    progress({ pass: 'organizations', done: scanned });
    if (answer.isLastPage || !answer.cursor) return { found, listed };
    // A call that moved nothing on would be asked for again and again.
    if (answer.cursor.phase !== 'organizations' || answer.cursor.start <= cursor.start)
      throw new FinderFailed(`The finder did not move on from organization ${cursor.start}.`);
    cursor = answer.cursor;
  }
}

/** The site's organizations without a member, in the site's order. */
export async function findEmpty(runtime: LocalRuntime, progress: FinderProgress): Promise<CountedOrganization[]> {
  return (await organizationsPass(runtime, 'empty', progress)).found;
}

/** Every organization of the site, id and name, in the site's order (20 pages a call, no member read). */
export async function listOrganizations(runtime: LocalRuntime, progress: FinderProgress): Promise<Listed[]> {
  return (await organizationsPass(runtime, 'duplicates', progress)).listed;
}

/**
 * The site's groups of organizations whose names look alike, each with its proposed survivor: all names first, then
 * the members of only those whose key another shares, counted FINDER_CANDIDATES_A_CALL candidates a call at most.
 */
export async function findDuplicates(runtime: LocalRuntime, progress: FinderProgress): Promise<DuplicateGroup[]> {
  const listed = await listOrganizations(runtime, progress);
  const ids = duplicateCandidates(listed);
  const queue = listed.filter((org) => ids.has(org.id));
  const of = queue.length;
  const counted: CountedOrganization[] = [];
  let cursor: FinderCursor = { phase: 'members', memberStart: 0, members: 0 };
  while (queue.length > 0) {
    const candidates = queue.slice(0, FINDER_CANDIDATES_A_CALL);
    const answer = await findCall(runtime, { finder: 'duplicates', cursor, candidates });
    counted.push(...answer.found);
    const movedOn =
      answer.scanned > 0 ||
      (answer.cursor?.phase === 'members' &&
        cursor.phase === 'members' &&
        answer.cursor.memberStart > cursor.memberStart);
    if (!movedOn) throw new FinderFailed(`The finder did not move on from organization ${candidates[0].id}.`);
    queue.splice(0, answer.scanned);
    cursor = answer.cursor ?? { phase: 'members', memberStart: 0, members: 0 };
    progress({ pass: 'members', done: of - queue.length, of });
  }
  return duplicateGroups(counted);
}
