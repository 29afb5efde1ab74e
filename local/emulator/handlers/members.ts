import { z } from 'zod';
import type { EmulatorCore } from '../core';
import { idpManagedMessage, type Organization } from '../model/organizationDirectory';
import { isMemberEligible, notEligibleMessage } from '../model/customers';
import { ok, restError, validationError, type Reply } from '../http/reply';
import { fieldErrors } from '../schemas/issues';
import { parseJsonBody, type ApiHandler, type ApiRequest } from './apiRequest';
import { pageRequest } from './organizationReads';
import { answerOrLose } from './lostAnswer';

/**
 * The members of an organization, classic JSM (`/rest/servicedeskapi/organization/{id}/user`): synchronous, no
 * experimental header. [T] csm-api.md "Membership, service projects, deletion and customers": paged 50 by default,
 * 204 on a change, adding a member twice and removing a non-member harmless. [G] the rest, see PLATFORM_RULES.md.
 */
export const MEMBERS_PER_PAGE = 50;
/** [G] no maximum is documented; a peer app sends 50 at a time, so more is refused. */
export const ACCOUNTS_PER_MEMBERS_CALL = 50;

const membersRequestSchema = z.strictObject({
  accountIds: z.array(z.string().min(1)).min(1).max(ACCOUNTS_PER_MEMBERS_CALL),
});

/** GET …/organization/{id}/user: members in the order they were added, each a user object (2 points). */
export const listMembers: ApiHandler = (core, req) => {
  const org = organizationOf(core, req);
  if (!org.ok) return org.reply;
  const page = pageRequest(req.query, MEMBERS_PER_PAGE);
  if (!page.ok) return page.reply;
  const members = [...org.organization.customerIds];
  const values = members.slice(page.start, page.start + page.limit).map((accountId) => {
    const customer = core.site.customers.get(accountId);
    return {
      accountId,
      ...(customer?.email !== undefined ? { emailAddress: customer.email } : {}),
      ...(customer?.displayName !== undefined ? { displayName: customer.displayName } : {}),
      active: true,
      accountType: 'customer',
    };
  });
  return {
    ...ok({
      start: page.start,
      limit: page.limit,
      size: values.length,
      isLastPage: page.start + values.length >= members.length,
      values,
    }),
    pointObjects: 2 * values.length,
  };
};

/** POST …/organization/{id}/user: all or nothing; a silently dropped account is answered 204 and not added. */
export const addMembers: ApiHandler = (core, req) => {
  const checked = membersChange(core, req);
  if (!checked.ok) return checked.reply;
  const { organization, accountIds } = checked;
  const ineligible = accountIds.filter((id) => !isMemberEligible(core.site.customers.get(id)!));
  if (ineligible.length) return restError(400, ineligible.map(notEligibleMessage).join('; '), 'validation');
  for (const id of accountIds)
    if (!core.site.silentDrops.drops(id, core.site.customers)) organization.customerIds.add(id);
  core.version++;
  return answerOrLose(core, req, { status: 204 }, 'the members were added');
};

/** DELETE …/organization/{id}/user: removing a non-member is harmless. */
export const removeMembers: ApiHandler = (core, req) => {
  const checked = membersChange(core, req);
  if (!checked.ok) return checked.reply;
  for (const id of checked.accountIds) checked.organization.customerIds.delete(id);
  core.version++;
  return answerOrLose(core, req, { status: 204 }, 'the members were removed');
};

type Checked = { ok: true; organization: Organization; accountIds: string[] } | { ok: false; reply: Reply };

/** The organization (404), the body (strict, 1 to 50 account ids) and every account known (400 naming the others). */
function membersChange(core: EmulatorCore, req: ApiRequest): Checked {
  const org = organizationOf(core, req);
  if (!org.ok) return org;
  if (org.organization.scimManaged) {
    const message = idpManagedMessage(org.organization.id, 'its members cannot be changed here');
    return { ok: false, reply: restError(400, message, 'validation') };
  }
  const json = parseJsonBody(req.bodyText);
  if (!json.ok) return json;
  const parsed = membersRequestSchema.safeParse(json.value, { reportInput: true });
  if (!parsed.success) return { ok: false, reply: validationError(fieldErrors(parsed.error)) };
  const accountIds = [...new Set(parsed.data.accountIds)];
  const unknown = accountIds.filter((id) => !core.site.customers.has(id));
  if (unknown.length) {
    const message = `No account with id(s) ${unknown.join(', ')} exists on this site: nothing was changed.`;
    return { ok: false, reply: restError(400, message, 'validation') };
  }
  return { ok: true, organization: org.organization, accountIds };
}

function organizationOf(
  core: EmulatorCore,
  req: ApiRequest,
): { ok: true; organization: Organization } | { ok: false; reply: Reply } {
  const [id] = req.params;
  const organization = core.site.organizations.findById(id);
  if (!organization) return { ok: false, reply: restError(404, `Organization ${id} not found.`, 'notFound') };
  return { ok: true, organization };
}
