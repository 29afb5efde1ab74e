import { validationError } from '../http/reply';
import { isMemberEligible } from '../model/customers';
import type { ApiHandler } from './apiRequest';

/**
 * GET /rest/api/3/user/search?query=TEXT (Jira platform): the users whose email is the query, ignoring case; agents
 * and admins as `atlassian` accounts, customers as `customer`. [T] csm-api.md ("find a customer by email"); [G] the
 * answer's shape (Jira's user object, a bare list) and only the exact email matched, not display-name prefixes.
 */
export const searchUsers: ApiHandler = (core, req) => {
  const query = req.query.get('query')?.trim();
  if (!query)
    return validationError([
      { field: 'query', message: 'is required: give the email to look for, e.g. query=a@b.com' },
    ]);
  const found = core.site.customers.findByEmail(query);
  const users = found
    ? [
        {
          accountId: found.accountId,
          accountType: isMemberEligible(found) ? 'customer' : 'atlassian',
          emailAddress: found.email,
          displayName: found.displayName ?? found.email,
          active: true,
        },
      ]
    : [];
  return { status: 200, body: users, pointObjects: 2 * users.length };
};
