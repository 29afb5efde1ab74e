import { z } from 'zod';
import type { EmulatorCore } from '../core';
import type { ServiceDesk } from '../model/serviceDesks';
import { projectIdOf } from '../model/serviceDesks';
import type { Organization } from '../model/organizationDirectory';
import { ok, restError, validationError, type Reply } from '../http/reply';
import { fieldErrors } from '../schemas/issues';
import { parseJsonBody, type ApiHandler, type ApiRequest } from './apiRequest';
import { classicOrganization, pageRequest } from './organizationReads';
import { answerOrLose } from './lostAnswer';

/**
 * Service projects (service desks) and the organizations shared with them, classic JSM
 * (`/rest/servicedeskapi/servicedesk…`): synchronous, no experimental header. [T] csm-api.md "Membership, service
 * projects, deletion and customers": one organization a call, 204, idempotent. [G] the rest, see PLATFORM_RULES.md.
 */
export const SERVICE_DESKS_PER_PAGE = 50;

/** `organizationId` a number, as the reference's example sends it, or a string of digits. */
const organizationIdSchema = z.strictObject({
  organizationId: z.union([
    z.number().int().positive(),
    z.string().regex(/^[1-9]\d{0,15}$/, { message: 'must be an organization id like 1 or "1"' }),
  ]),
});

/** GET /rest/servicedeskapi/servicedesk: every desk, in id order, paged. */
export const listServiceDesks: ApiHandler = (core, req) => {
  const page = pageRequest(req.query, SERVICE_DESKS_PER_PAGE);
  if (!page.ok) return page.reply;
  const desks = core.site.serviceDesks.all();
  const values = desks.slice(page.start, page.start + page.limit).map((d) => ({
    id: d.id,
    projectId: projectIdOf(d),
    projectKey: d.projectKey,
    projectName: d.projectName,
  }));
  return ok(paged(page.start, page.limit, values, desks.length));
};

/** GET …/servicedesk/{id}/organization: the organizations shared with the desk, in the order they were added. */
export const listServiceDeskOrganizations: ApiHandler = (core, req) => {
  const desk = deskOf(core, req);
  if (!desk.ok) return desk.reply;
  const page = pageRequest(req.query, SERVICE_DESKS_PER_PAGE);
  if (!page.ok) return page.reply;
  const ids = [...desk.desk.organizationIds];
  const values = ids
    .slice(page.start, page.start + page.limit)
    .map((id) => classicOrganization(core.site.organizations.findById(id) as Organization));
  return ok(paged(page.start, page.limit, values, ids.length));
};

/** POST …/servicedesk/{id}/organization: shares one organization; sharing it again is harmless. */
export const addServiceDeskOrganization: ApiHandler = (core, req) => {
  const checked = deskChange(core, req);
  if (!checked.ok) return checked.reply;
  checked.desk.organizationIds.add(checked.organization.id);
  core.version++;
  return answerOrLose(core, req, { status: 204 }, 'the organization was added to the service desk');
};

/** DELETE …/servicedesk/{id}/organization: unshares one organization; one not shared is harmless. */
export const removeServiceDeskOrganization: ApiHandler = (core, req) => {
  const checked = deskChange(core, req);
  if (!checked.ok) return checked.reply;
  checked.desk.organizationIds.delete(checked.organization.id);
  core.version++;
  return answerOrLose(core, req, { status: 204 }, 'the organization was removed from the service desk');
};

function paged(start: number, limit: number, values: unknown[], total: number) {
  return { start, limit, size: values.length, isLastPage: start + values.length >= total, values };
}

type DeskChange = { ok: true; desk: ServiceDesk; organization: Organization } | { ok: false; reply: Reply };

/** The desk (404), the body (strict, one organization id) and the organization (404), in that order. */
function deskChange(core: EmulatorCore, req: ApiRequest): DeskChange {
  const desk = deskOf(core, req);
  if (!desk.ok) return desk;
  const json = parseJsonBody(req.bodyText);
  if (!json.ok) return json;
  const parsed = organizationIdSchema.safeParse(json.value, { reportInput: true });
  if (!parsed.success) return { ok: false, reply: validationError(fieldErrors(parsed.error)) };
  const id = String(parsed.data.organizationId);
  const organization = core.site.organizations.findById(id);
  if (!organization) return { ok: false, reply: restError(404, `Organization ${id} not found.`, 'notFound') };
  return { ok: true, desk: desk.desk, organization };
}

function deskOf(core: EmulatorCore, req: ApiRequest): { ok: true; desk: ServiceDesk } | { ok: false; reply: Reply } {
  const [id] = req.params;
  const desk = core.site.serviceDesks.findById(id);
  if (!desk) return { ok: false, reply: restError(404, `Service desk ${id} not found.`, 'notFound') };
  return { ok: true, desk };
}
