import { presentUser } from '../csm/principal';
import type { EngineDeps } from '../jobs/deps';
import type { ResolverName } from './contract';

/**
 * How long a user found a Jira admin stays one without asking Jira again. Every call to Jira has a price in
 * Atlassian's hourly points (developer.atlassian.com/cloud/jira/platform/rate-limiting), and the page asks for a
 * job's progress every few seconds: one permission check a poll was most of what an open page spent.
 */
export const ADMIN_CHECK_TTL_MS = 5 * 60_000;

/**
 * Resolvers that only read what the app holds or the site says. The others change something (a job, a plan, the
 * settings, a site's organizations or fields, storage): before each of them the user is checked with Jira again.
 */
const READS: ReadonlySet<ResolverName> = new Set<ResolverName>([
  'listDetailFields',
  'getLookup',
  'getJob',
  'failedRows',
  'skippedRows',
  'listJobs',
  'listCreated',
  'getSettings',
  'listSyncPlans',
  'listMappings',
  // A finder only reads the site, a call a page: a whole site is a thousand calls, each would ask Jira again.
  'findOrganizations',
]);

/** Whether the caller is a Jira admin: from storage for a read within the TTL, else asked of Jira (and remembered). */
export async function isJiraAdmin(deps: EngineDeps, accountId: string, resolver: ResolverName): Promise<boolean> {
  const now = deps.clock.now();
  if (READS.has(resolver)) {
    const checkedAt = await deps.store.site.adminCheckedAt(accountId);
    if (checkedAt !== undefined && checkedAt <= now && now - checkedAt < ADMIN_CHECK_TTL_MS) return true;
  }
  const admin = await deps.csm(presentUser).isJiraAdmin();
  await deps.store.site.putAdminCheck(accountId, admin ? now : undefined);
  return admin;
}
