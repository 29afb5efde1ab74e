import { ORGANIZATION_PAGE_LIMIT, PROFILE_FETCH_LIMIT, type CsmClient } from '../../csm/client';
import type { ImportResult } from '../../domain/import';
import { headerBack } from '../../domain/mapping/headerBack';
import {
  keyValue,
  matchByKey,
  needsSiteKeys,
  type KeyMatch,
  type SiteKeys,
  type SiteOrganization,
} from '../../domain/mapping/keyMatch';
import type { Mapping } from '../../domain/mapping/mapping';

/**
 * How many organizations a key matching reads at most. CSM lists organizations (50 a read) and reads profiles (25 a
 * read) but finds none by a detail value: every organization's key value is read, 3 reads and about 103 points per
 * 50 organizations. A resolver answers within 25 s, with the rest of a preview or a start to do: 1,000 organizations
 * are 60 reads, 20 one after another (a page's two profile reads and the next page's read go at once). A scheduled
 * sync run (5 minutes) reads up to 20,000: 1,200 reads, about 41,000 of the app's 65,000 points an hour.
 */
export const KEY_SCAN_LIMITS = { resolver: 1_000, background: 20_000 } as const;

/** `field`'s values, as the site's organizations hold them; undefined when the site has more than `max` organizations. */
export async function readSiteKeys(csm: CsmClient, field: string, max: number): Promise<SiteKeys | undefined> {
  const holders = new Map<string, SiteOrganization[]>();
  const byName = new Map<string, SiteOrganization>();
  const wanted = field.trim().toLowerCase();
  let start = 0;
  let page = await csm.listOrganizations(0, ORGANIZATION_PAGE_LIMIT);
  for (;;) {
    if (start + page.values.length > max) return undefined;
    for (const org of page.values) byName.set(org.name.toLowerCase(), org);
    const ids = page.values.map((org) => org.id);
    const batches: string[][] = [];
    for (let at = 0; at < ids.length; at += PROFILE_FETCH_LIMIT) batches.push(ids.slice(at, at + PROFILE_FETCH_LIMIT));
    const next = start + page.values.length;
    // This page's profiles and the next page of the list, read at once: three reads in flight at most.
    const [profiles, following] = await Promise.all([
      Promise.all(batches.map((batch) => csm.fetchProfiles({ ids: batch }))),
      page.isLastPage ? undefined : csm.listOrganizations(next, ORGANIZATION_PAGE_LIMIT),
    ]);
    for (const profile of profiles.flat()) {
      const entry = Object.entries(profile.details).find(([name]) => name.trim().toLowerCase() === wanted);
      const value = keyValue(entry?.[1]);
      if (value === undefined) continue;
      const holder = { id: profile.id, name: profile.name };
      holders.set(value, [...(holders.get(value) ?? []), holder]);
    }
    if (!following) return { holders, byName };
    start = next;
    page = following;
  }
}

export interface KeyMatched {
  imported: ImportResult;
  /** The rows sent by the id of the organization their key found. */
  matches: KeyMatch[];
}

/**
 * A profiles file read with a mapping that has a key, matched by it (domain/mapping/keyMatch.ts): the site's key
 * values are read only when a row is to be found by its key, and not at all past `max` organizations, where the file
 * is refused whole, saying why.
 */
export async function matchByKeyOnSite(
  csm: CsmClient,
  read: ImportResult,
  mapping: Mapping | undefined,
  max: number,
): Promise<KeyMatched> {
  const key = mapping?.key;
  if (key === undefined || read.kind !== 'profiles') return { imported: read, matches: [] };
  const column = headerBack(mapping)(key);
  const inFile = matchByKey(read, key, column);
  if (!needsSiteKeys(inFile.imported.operations, key)) return inFile;
  const site = await readSiteKeys(csm, key, max);
  if (site) return matchByKey(read, key, column, site);
  return { imported: tooManyToMatch(inFile.imported, key, max), matches: [] };
}

function tooManyToMatch(imported: ImportResult, key: string, max: number): ImportResult {
  const most = max.toLocaleString('en-US');
  const fromPage = max < KEY_SCAN_LIMITS.background;
  const message =
    `Matching rows by ${key} reads the ${key} of every organization on the site, and this site has more than ${most}: ` +
    (fromPage
      ? `more than can be read while the page (or the command) waits for an answer. A sync plan's scheduled runs match by ${key} on sites of up to ${KEY_SCAN_LIMITS.background.toLocaleString('en-US')} organizations. `
      : 'more than one run can read. ') +
    `Otherwise give the rows their Organization ID (an export of the organizations has it), or leave "key" out of the mapping to match rows by name.`;
  return {
    ...imported,
    operations: [],
    problems: [{ row: null, severity: 'error', code: 'key-site-too-large', message }, ...imported.problems],
  };
}
