import type { CountedOrganization } from '../domain/cleanup';
import type { CsmClient } from '../csm/client';
import { CsmError } from '../csm/errors';
import { presentUser } from '../csm/principal';
import type { EngineDeps } from '../jobs/deps';
import type { FinderCursor, ResolverAnswer, ResolverRequest } from './contract';

type Answer = ResolverAnswer<'findOrganizations'>;
type Candidate = { id: string; name: string };

/** Organizations a page of the list holds (CSM's largest page). */
const ORGANIZATION_PAGE = 50;
/**
 * Pages of reads one finder call makes at most (as the memberships export): about 2 s of calls, well within a
 * resolver's 25 s. The empty finder's call is the exception: its page of organizations and a one-member read of each.
 */
const PAGES_A_CALL = 20;
/** The empty finder's member reads sent at once: 50 one after another would take 5 s where a call takes 100 ms. */
const MEMBER_READS_AT_ONCE = 5;

/** The finders of organizations to clean up (issue 24): each call reads a slice of the site and says where it stopped. */
export function finderHandlers() {
  return {
    async findOrganizations(deps: EngineDeps, payload: ResolverRequest<'findOrganizations'>): Promise<Answer> {
      const csm = deps.csm(presentUser);
      const cursor: FinderCursor = payload.cursor ?? { phase: 'organizations', start: payload.start };
      if (cursor.phase === 'members') return countMembers(csm, payload.candidates ?? [], cursor);
      return payload.finder === 'empty' ? findEmpty(csm, cursor.start) : listNames(csm, cursor.start);
    },
  };
}

/** A page of organizations, each asked for one member: those with none are empty. */
async function findEmpty(csm: CsmClient, start: number): Promise<Answer> {
  const page = await csm.listOrganizations(start, ORGANIZATION_PAGE);
  const found: CountedOrganization[] = [];
  for (let at = 0; at < page.values.length; at += MEMBER_READS_AT_ONCE) {
    const batch = page.values.slice(at, at + MEMBER_READS_AT_ONCE);
    const firsts = await Promise.all(batch.map((org) => unlessGone(csm.memberPage(org.id, 0, 1))));
    // An organization deleted since the list was read is gone, not empty.
    batch.forEach((org, i) => {
      if (firsts[i]?.values.length === 0) found.push({ id: org.id, name: org.name, members: 0 });
    });
  }
  return afterList(start, page, found, []);
}

/** The duplicates finder's first pass: up to PAGES_A_CALL pages of the organization list, names only. */
async function listNames(csm: CsmClient, start: number): Promise<Answer> {
  const listed: Candidate[] = [];
  let page = { values: [] as Candidate[], isLastPage: true };
  for (let pages = 0; pages < PAGES_A_CALL; pages += 1) {
    page = await csm.listOrganizations(start + listed.length, ORGANIZATION_PAGE);
    listed.push(...page.values);
    if (page.isLastPage) break;
  }
  return afterList(start, { values: listed, isLastPage: page.isLastPage }, [], listed);
}

function afterList(
  start: number,
  read: { values: readonly unknown[]; isLastPage: boolean },
  found: CountedOrganization[],
  listed: Candidate[],
): Answer {
  const next = start + read.values.length;
  const isLastPage = read.isLastPage || read.values.length === 0;
  return {
    found,
    listed,
    cursor: isLastPage ? undefined : { phase: 'organizations', start: next },
    isLastPage,
    scanned: read.values.length,
  };
}

/**
 * The duplicates finder's second pass: the members of each candidate counted, a page of 50 a read, up to
 * PAGES_A_CALL reads; the cursor carries the count of the candidate a call stopped in. `scanned` is how many of the
 * candidates given are done (counted, or gone from the site): the caller gives the rest to the next call.
 */
async function countMembers(
  csm: CsmClient,
  candidates: readonly Candidate[],
  cursor: Extract<FinderCursor, { phase: 'members' }>,
): Promise<Answer> {
  const found: CountedOrganization[] = [];
  let { memberStart, members } = cursor;
  let pages = 0;
  for (const [done, candidate] of candidates.entries()) {
    for (let last = false; !last;) {
      if (pages === PAGES_A_CALL)
        return {
          found,
          listed: [],
          cursor: { phase: 'members', memberStart, members },
          isLastPage: false,
          scanned: done,
        };
      const page = await unlessGone(csm.memberPage(candidate.id, memberStart));
      pages += 1;
      // A candidate deleted since the list was read is left out: there is nothing to merge.
      if (!page) break;
      members += page.values.length;
      memberStart += page.values.length;
      last = page.isLastPage;
      if (last) found.push({ ...candidate, members });
    }
    memberStart = 0;
    members = 0;
  }
  return { found, listed: [], cursor: undefined, isLastPage: true, scanned: candidates.length };
}

/** A read's answer, or undefined when its organization is gone (404). */
async function unlessGone<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof CsmError && error.kind === 'notFound') return undefined;
    throw error;
  }
}
