import type { EmulatorCore } from '../core';
import { restError, type Reply } from '../http/reply';
import type { ApiRequest } from './apiRequest';

/**
 * 403 unless the caller holds Administer Jira (a caller the site lists in nonAdminAccountIds does not; a call without
 * an account, as curl sends it, is an admin's, as for GET /mypermissions). Checked before anything else of the request,
 * so a refusal uses up no idempotency key.
 */
export function refuseUnlessJiraAdmin(core: EmulatorCore, req: ApiRequest, action: string): Reply | undefined {
  const accountId = req.caller.accountId;
  if (accountId === undefined || !core.site.nonAdminAccountIds.has(accountId)) return undefined;
  return restError(
    403,
    `Only Jira administrators can ${action}: the caller lacks the Administer Jira global permission.`,
    'forbidden',
  );
}
