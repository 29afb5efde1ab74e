import {
  duplicateCandidates,
  duplicateGroups,
  type CountedOrganization,
  type DuplicateGroup,
} from '../../domain/cleanup';
import type { ResolverAnswers } from './answers';
import { FINDER_CANDIDATES_A_CALL, type FinderCursor, type ResolverPayload } from './requests';

type FinderAnswer = ResolverAnswers['findOrganizations'];
type Listed = FinderAnswer['listed'][number];

/**
 * One `findOrganizations` call as its caller makes it (the page through the bridge, the CLI through its runtime, each
 * with its own handling of refusals): undefined when the caller no longer wants the scan.
 */
export type FinderCall = (payload: ResolverPayload<'findOrganizations'>) => Promise<FinderAnswer | undefined>;

/** How far a scan is: organizations read, or (duplicates' second pass) candidates counted of how many. */
export interface ScanProgress {
  pass: 'organizations' | 'members';
  done: number;
  of?: number;
}

/** A finder call that moved nothing on: asked again, it would be asked for ever. */
export class FinderStalled extends Error {}

/** The organization list read to its end with a finder's first pass, a slice a call, from the cursor each answers. */
export async function scanOrganizations(
  finder: 'empty' | 'duplicates',
  call: FinderCall,
  progress: (event: ScanProgress) => void,
): Promise<{ found: CountedOrganization[]; listed: Listed[] } | undefined> {
  const found: CountedOrganization[] = [];
  const listed: Listed[] = [];
  let cursor: FinderCursor = { phase: 'organizations', start: 0 };
  let scanned = 0;
  for (;;) {
    const answer = await call({ finder, cursor });
    if (!answer) return undefined;
    found.push(...answer.found);
    listed.push(...answer.listed);
    scanned += answer.scanned;
    progress({ pass: 'organizations', done: scanned });
    if (answer.isLastPage || !answer.cursor) return { found, listed };
    if (answer.cursor.phase !== 'organizations' || answer.cursor.start <= cursor.start)
      throw new FinderStalled(`The finder did not move on from organization ${cursor.start}.`);
    cursor = answer.cursor;
  }
}

/**
 * The site's groups of organizations whose names look alike, each with its proposed survivor: every name first, then
 * the members of only those whose key another shares, FINDER_CANDIDATES_A_CALL candidates a call at most (the cursor
 * carries a count cut short).
 */
export async function scanDuplicateGroups(
  call: FinderCall,
  progress: (event: ScanProgress) => void,
): Promise<DuplicateGroup[] | undefined> {
  const first = await scanOrganizations('duplicates', call, progress);
  if (!first) return undefined;
  const ids = duplicateCandidates(first.listed);
  const queue = first.listed.filter((org) => ids.has(org.id));
  const of = queue.length;
  const counted: CountedOrganization[] = [];
  let cursor: FinderCursor = { phase: 'members', memberStart: 0, members: 0 };
  while (queue.length > 0) {
    const candidates = queue.slice(0, FINDER_CANDIDATES_A_CALL);
    const answer = await call({ finder: 'duplicates', cursor, candidates });
    if (!answer) return undefined;
    counted.push(...answer.found);
    const movedOn =
      answer.scanned > 0 ||
      (answer.cursor?.phase === 'members' &&
        cursor.phase === 'members' &&
        answer.cursor.memberStart > cursor.memberStart);
    if (!movedOn) throw new FinderStalled(`The finder did not move on from organization ${candidates[0].id}.`);
    queue.splice(0, answer.scanned);
    cursor = answer.cursor ?? { phase: 'members', memberStart: 0, members: 0 };
    progress({ pass: 'members', done: of - queue.length, of });
  }
  return duplicateGroups(counted);
}
