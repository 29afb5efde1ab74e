import { duplicateCandidates, duplicateGroups, type CountedOrganization, type DuplicateGroup } from '../domain/cleanup';
import {
  FINDER_CANDIDATES_A_CALL,
  type FinderCursor,
  type ResolverAnswers,
  type ResolverPayload,
} from '../resolvers/contract';
import { call } from './hooks/useResolver';

type FinderAnswer = ResolverAnswers['findOrganizations'];
type Listed = FinderAnswer['listed'][number];

/** How far a scan is: organizations read, or (duplicates' second pass) candidates counted of how many. */
export interface ScanProgress {
  pass: 'organizations' | 'members';
  done: number;
  of?: number;
}

/** A finder call the resolver refused, in its own words. */
export class ScanFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What the page asked is still what it shows: a scan stops (throws nothing, returns undefined) once the admin has
 * started another or left the tab.
 */
export type StillWanted = () => boolean;

async function findCall(payload: ResolverPayload<'findOrganizations'>): Promise<FinderAnswer> {
  const result = await call('findOrganizations', payload);
  if (!result.ok) throw new ScanFailed(result.code, result.message);
  return result.data;
}

/** The organization list read to its end with the finder's first pass, a slice a call, from the cursor each answers. */
async function organizationsPass(
  finder: 'empty' | 'duplicates',
  progress: (event: ScanProgress) => void,
  wanted: StillWanted,
): Promise<{ found: CountedOrganization[]; listed: Listed[] } | undefined> {
  const found: CountedOrganization[] = [];
  const listed: Listed[] = [];
  let cursor: FinderCursor = { phase: 'organizations', start: 0 };
  let scanned = 0;
  for (;;) {
    const answer = await findCall({ finder, cursor });
    if (!wanted()) return undefined;
    found.push(...answer.found);
    listed.push(...answer.listed);
    scanned += answer.scanned;
    progress({ pass: 'organizations', done: scanned });
    if (answer.isLastPage || !answer.cursor) return { found, listed };
    // A call that moved nothing on would be asked for again and again.
    if (answer.cursor.phase !== 'organizations' || answer.cursor.start <= cursor.start)
      throw new ScanFailed('INTERNAL', `The finder did not move on from organization ${cursor.start}.`);
    cursor = answer.cursor;
  }
}

/** The site's organizations without a member, in the site's order; undefined when no longer wanted. */
export async function scanEmpty(
  progress: (event: ScanProgress) => void,
  wanted: StillWanted,
): Promise<CountedOrganization[] | undefined> {
  return (await organizationsPass('empty', progress, wanted))?.found;
}

/**
 * The site's groups of organizations whose names look alike: every name first, then the members of those whose key
 * another shares, counted FINDER_CANDIDATES_A_CALL candidates a call at most (the cursor carries a count cut short).
 */
export async function scanDuplicates(
  progress: (event: ScanProgress) => void,
  wanted: StillWanted,
): Promise<DuplicateGroup[] | undefined> {
  const first = await organizationsPass('duplicates', progress, wanted);
  if (!first) return undefined;
  const ids = duplicateCandidates(first.listed);
  const queue = first.listed.filter((org) => ids.has(org.id));
  const of = queue.length;
  const counted: CountedOrganization[] = [];
  let cursor: FinderCursor = { phase: 'members', memberStart: 0, members: 0 };
  while (queue.length > 0) {
    const candidates = queue.slice(0, FINDER_CANDIDATES_A_CALL);
    const answer = await findCall({ finder: 'duplicates', cursor, candidates });
    if (!wanted()) return undefined;
    counted.push(...answer.found);
    const movedOn =
      answer.scanned > 0 ||
      (answer.cursor?.phase === 'members' &&
        cursor.phase === 'members' &&
        answer.cursor.memberStart > cursor.memberStart);
    if (!movedOn) throw new ScanFailed('INTERNAL', `The finder did not move on from organization ${candidates[0].id}.`);
    queue.splice(0, answer.scanned);
    cursor = answer.cursor ?? { phase: 'members', memberStart: 0, members: 0 };
    progress({ pass: 'members', done: of - queue.length, of });
  }
  return duplicateGroups(counted);
}
