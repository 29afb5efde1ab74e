import type { CsmClient, csmRequests } from './client';
import { MemberPageSchema, UserSearchSchema, type RawUser } from './responses';

/** A user of the site as the member list and the user search give it. */
export interface SiteUser {
  accountId: string;
  email?: string;
  displayName?: string;
  /** Jira's: `customer` (portal-only), `atlassian` (an Atlassian account: a customer, an agent or an admin), `app`. */
  accountType?: string;
}

export const MEMBER_PAGE_LIMIT = 50;

type Requests = ReturnType<typeof csmRequests>;

/** The members of organizations and the search of customers by email (classic JSM and Jira paths, synchronous). */
export function memberCalls(
  send: Requests['send'],
  read: Requests['read'],
): Pick<CsmClient, 'listMembers' | 'memberPage' | 'changeMembers' | 'findUsersByEmail'> {
  const memberPage: CsmClient['memberPage'] = async (organizationId, start, limit = MEMBER_PAGE_LIMIT) => {
    const request = {
      endpoint: 'memberList' as const,
      organizationId,
      start,
      limit: Math.max(1, Math.min(limit, MEMBER_PAGE_LIMIT)),
    };
    const answer = await read(request, MemberPageSchema, `the members of organization ${organizationId}`);
    const values = (answer.values ?? []).map(toSiteUser);
    return { values, isLastPage: answer.isLastPage !== false || values.length === 0 };
  };
  return {
    memberPage,
    async listMembers(organizationId) {
      const members: SiteUser[] = [];
      for (let start = 0; ;) {
        const page = await memberPage(organizationId, start);
        members.push(...page.values);
        if (page.isLastPage) return members;
        start += page.values.length;
      }
    },
    async changeMembers(organizationId, operation, accountIds) {
      const method = operation === 'ADD' ? 'POST' : 'DELETE';
      await send({ endpoint: 'memberChange', organizationId, method, accountIds });
    },
    async findUsersByEmail(email) {
      const answer = await read({ endpoint: 'userSearch', query: email }, UserSearchSchema, 'a user search');
      const wanted = email.trim().toLowerCase();
      return answer.map(toSiteUser).filter((user) => user.email?.toLowerCase() === wanted);
    },
  };
}

function toSiteUser(user: RawUser): SiteUser {
  return {
    accountId: user.accountId,
    ...(user.emailAddress ? { email: user.emailAddress } : {}),
    ...(user.displayName ? { displayName: user.displayName } : {}),
    ...(user.accountType ? { accountType: user.accountType } : {}),
  };
}
