import { ok, validationError } from '../http/reply';
import type { ApiHandler } from './apiRequest';

/** GET /rest/api/3/mypermissions?permissions=ADMINISTER: the app's admin check. */
export const getMyPermissions: ApiHandler = (core, req) => {
  const keys = (req.query.get('permissions') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (!keys.length) {
    return validationError([
      { field: 'permissions', message: 'is required: list the permission keys to check, e.g. permissions=ADMINISTER' },
    ]);
  }
  const accountId = req.caller.accountId;
  const isAdmin = accountId === undefined || !core.site.nonAdminAccountIds.has(accountId);
  const permissions: Record<string, unknown> = Object.create(null);
  for (const key of keys) {
    permissions[key] = {
      id: key === 'ADMINISTER' ? '0' : key,
      key,
      name: key === 'ADMINISTER' ? 'Administer Jira' : key,
      type: key === 'ADMINISTER' ? 'GLOBAL' : 'PROJECT',
      description:
        key === 'ADMINISTER'
          ? 'Create and administer projects, issue types, fields, workflows, and schemes for all projects.'
          : '',
      havePermission: key === 'ADMINISTER' ? isAdmin : true,
    };
  }
  return ok({ permissions });
};
