import { presentUser } from '../csm/principal';
import type { ObservedOrganization } from '../domain/outcomes';
import type { MembershipExportRow } from '../domain/export/membershipsFile';
import type { EngineDeps } from '../jobs/deps';
import { failedRowsAnswer } from '../jobs/lifecycle/failures';
import type { ResolverAnswer, ResolverName, ResolverRequest } from './contract';
import { mustFindJob } from './findJob';
import { ResolverFailure } from './resolverFailure';

type Payload<K extends ResolverName> = ResolverRequest<K>;

/** Member pages (50 each) one export call reads: about 2 s of calls, well within a resolver's 25 s. */
const MEMBER_PAGES_A_CALL = 20;
type Answer<K extends ResolverName> = Promise<ResolverAnswer<K>>;

/** What the page downloads as files: a job's failed rows and skipped rows, and the site's organizations. */
export function fileHandlers() {
  return {
    /**
     * A page of the site's memberships: organizations in the site's order, each one's members a page of 50 at a
     * time, at most MEMBER_PAGES_A_CALL pages a call (an organization of 25,000 members spans calls).
     */
    async exportMemberships(deps: EngineDeps, payload: Payload<'exportMemberships'>): Answer<'exportMemberships'> {
      const csm = deps.csm(presentUser);
      const start = payload?.start ?? 0;
      let memberStart = payload?.memberStart ?? 0;
      const organizations = await csm.listOrganizations(start, 50);
      const rows: MembershipExportRow[] = [];
      let pages = 0;
      for (const [position, org] of organizations.values.entries()) {
        for (let last = false; !last;) {
          if (pages === MEMBER_PAGES_A_CALL)
            return { rows, nextStart: start + position, nextMemberStart: memberStart, isLastPage: false };
          const page = await csm.memberPage(org.id, memberStart);
          pages += 1;
          for (const user of page.values)
            rows.push({
              organizationId: org.id,
              organizationName: org.name,
              accountId: user.accountId,
              email: user.email,
            });
          memberStart += page.values.length;
          last = page.isLastPage;
        }
        memberStart = 0;
      }
      const nextStart = start + organizations.values.length;
      return { rows, nextStart, nextMemberStart: 0, isLastPage: organizations.isLastPage };
    },

    async failedRows(deps: EngineDeps, payload: Payload<'failedRows'>): Answer<'failedRows'> {
      const job = await mustFindJob(deps, payload.jobId);
      return failedRowsAnswer(deps, job, payload.offset, payload.limit);
    },

    async skippedRows(deps: EngineDeps, payload: Payload<'skippedRows'>): Answer<'skippedRows'> {
      const job = await mustFindJob(deps, payload.jobId);
      const parts = job.skippedParts ?? 0;
      if (payload.part >= parts)
        throw new ResolverFailure(
          'NOT_FOUND',
          parts === 0
            ? `Job ${job.id} kept no skipped rows: it skipped none, or it was started before they were kept.`
            : `Job ${job.id} keeps its skipped rows in ${parts} parts: there is no part ${payload.part}.`,
        );
      const [headers, rows] = await Promise.all([
        deps.store.skipped.headers(job.id),
        deps.store.skipped.part(job.id, payload.part),
      ]);
      // A part is at most 200 KB of JSON: well within an answer.
      return { headers, rows, parts, total: job.skippedRows };
    },

    async exportOrganizations(
      deps: EngineDeps,
      payload: Payload<'exportOrganizations'>,
    ): Answer<'exportOrganizations'> {
      const csm = deps.csm(presentUser);
      const start = payload?.start ?? 0;
      const page = await csm.listOrganizations(start, 50);
      const ids = page.values.map((org) => org.id);
      const profiles = new Map((await csm.fetchProfiles({ ids })).map((profile) => [profile.id, profile]));
      const organizations: ObservedOrganization[] = page.values.map(
        (org) => profiles.get(org.id) ?? { id: org.id, name: org.name, details: {}, customerIds: [], productIds: [] },
      );
      return {
        organizations,
        nextStart: start + page.values.length,
        isLastPage: page.isLastPage,
        detailFields: start === 0 ? await csm.getDetailFields() : undefined,
      };
    },
  };
}
