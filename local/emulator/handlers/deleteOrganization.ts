import { restError } from '../http/reply';
import type { ApiHandler } from './apiRequest';
import { refuseUnlessJiraAdmin } from './jiraAdmin';
import { answerOrLose } from './lostAnswer';

/**
 * DELETE /jsm/csm/api/v1/organization/{id}: [T] listed in copies of the CSM reference's Organization group (no bulk
 * endpoint deletes organizations). [G] the rest, the stricter each time: Jira admins only (as the classic
 * servicedeskapi delete, [V], requires), 404 for an unknown id, 204 with no body, and the organization gone with its
 * detail values and associations (its members go with it, and it is no longer shared with any service desk).
 */
export const deleteOrganization: ApiHandler = (core, req) => {
  const refused = refuseUnlessJiraAdmin(core, req, 'delete organizations');
  if (refused) return refused;
  const [id] = req.params;
  const org = core.site.organizations.findById(id);
  if (!org) return restError(404, `Organization ${id} not found.`, 'notFound');
  core.site.deleteOrganization(org);
  core.version++;
  // Deleted either way; the answer may be lost on its way back (a second delete then answers 404).
  return answerOrLose(core, req, { status: 204 }, 'the organization was deleted');
};
