import type { CountedOrganization, DuplicateGroup } from '../domain/cleanup';
import {
  scanDuplicateGroups,
  scanOrganizations,
  type FinderCall,
  type ResolverPayload,
  type ScanProgress,
} from '../resolvers/contract';
import { call } from './hooks/useResolver';

export type { ScanProgress };

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

function pageCall(wanted: StillWanted): FinderCall {
  return async (payload: ResolverPayload<'findOrganizations'>) => {
    const result = await call('findOrganizations', payload);
    if (!result.ok) throw new ScanFailed(result.code, result.message);
    return wanted() ? result.data : undefined;
  };
}

/** The site's organizations without a member, in the site's order; undefined when no longer wanted. */
export async function scanEmpty(
  progress: (event: ScanProgress) => void,
  wanted: StillWanted,
): Promise<CountedOrganization[] | undefined> {
  return (await scanOrganizations('empty', pageCall(wanted), progress))?.found;
}

/** The site's groups of organizations whose names look alike; undefined when no longer wanted. */
export function scanDuplicates(
  progress: (event: ScanProgress) => void,
  wanted: StillWanted,
): Promise<DuplicateGroup[] | undefined> {
  return scanDuplicateGroups(pageCall(wanted), progress);
}
