import { restError } from '../http/reply';
import type { ApiHandler } from './apiRequest';
import { refuseUnlessJiraAdmin } from './jiraAdmin';

/**
 * DELETE /jsm/csm/api/v1/organization/{id}: [T] listed in copies of the CSM reference's Organization group (no bulk
 * endpoint deletes organizations). [G] the rest, the stricter each time: Jira admins only (as the classic
 * servicedeskapi delete, [V], requires), 404 for an unknown id, 204 with no body, and the organization gone with its
 * detail values and associations.
 */
export const deleteOrganization: ApiHandler = (core, req) => {
  const refused = refuseUnlessJiraAdmin(core, req, 'delete organizations');
  if (refused) return refused;
  const [id] = req.params;
  const org = core.site.organizations.findById(id);
  if (!org) return restError(404, `Organization ${id} not found.`, 'notFound');
  core.site.organizations.delete(org);
  core.version++;
  // Deleted either way; the answer may be lost on its way back (a second delete then answers 404).
  if (req.lateFault === 'lostResponseDrop') {
    core.stats.fault('lostResponseDrop');
    return { status: 204, drop: true };
  }
  if (req.lateFault === 'lostResponse504') {
    core.stats.fault('lostResponse504');
    return restError(504, 'Gateway timeout: the response was lost after the organization was deleted.');
  }
  return { status: 204 };
};
