import { restError } from '../http/reply';
import type { ApiHandler } from './apiRequest';
import { refuseUnlessJiraAdmin } from './jiraAdmin';
import { answerOrLose } from './lostAnswer';
import { idpManagedMessage } from '../model/organizationDirectory';

/**
 * DELETE /jsm/csm/api/v1/organization/{id}: [T] listed in copies of the CSM reference's Organization group (no bulk
 * endpoint deletes organizations). [G] the rest, the stricter each time: Jira admins only (as the classic
 * servicedeskapi delete, [V], requires), 404 for an unknown id, 204 with no body, and the organization gone with its
 * detail values and associations (its members go with it, and it is no longer shared with any service desk). [G] an
 * IdP-managed (scimManaged) organization is refused with a 400: csm-api.md says "overwritten … or refused".
 */
export const deleteOrganization: ApiHandler = (core, req) => {
  const refused = refuseUnlessJiraAdmin(core, req, 'delete organizations');
  if (refused) return refused;
  const [id] = req.params;
  const org = core.site.organizations.findById(id);
  if (!org) return restError(404, `Organization ${id} not found.`, 'notFound');
  if (org.scimManaged) return restError(400, idpManagedMessage(id, 'it cannot be deleted here'), 'validation');
  core.site.deleteOrganization(org);
  core.version++;
  // Deleted either way; the answer may be lost on its way back (a second delete then answers 404).
  return answerOrLose(core, req, { status: 204 }, 'the organization was deleted');
};
