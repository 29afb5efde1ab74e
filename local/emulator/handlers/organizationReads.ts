import type { EmulatorCore } from '../core';
import type { Organization } from '../model/organizationDirectory';
import type { Site } from '../model/site';
import { ok, restError, validationError, type Reply } from '../http/reply';
import { fieldErrors } from '../schemas/issues';
import {
  fetchRequestSchema,
  ORGANIZATIONS_PER_FETCH,
  PROFILES_PER_FETCH,
  type FetchRequest,
} from '../schemas/fetchRequests';
import { parseJsonBody, type ApiHandler } from './apiRequest';

export const ORGANIZATIONS_PER_PAGE = 50;

/** GET /rest/servicedeskapi/organization: the only listing, paged in id order. */
export const listOrganizations: ApiHandler = (core, req) => {
  const page = pageRequest(req.query, ORGANIZATIONS_PER_PAGE);
  if (!page.ok) return page.reply;
  const { start, limit } = page;
  const values = core.site.organizations.page(start, limit).map(classicOrganization);
  return ok({
    start,
    limit,
    size: values.length,
    isLastPage: start + values.length >= core.site.organizations.size,
    values,
  });
};

/** GET /rest/servicedeskapi/organization/{id}: the classic organization object. */
export const getClassicOrganization: ApiHandler = (core, req) => {
  const [id] = req.params;
  const org = core.site.organizations.findById(id);
  if (!org) return restError(404, `Organization ${id} not found.`, 'notFound');
  return ok(classicOrganization(org));
};

/** [T] csm-api.md: "the classic organization object carries scimManaged", so every classic answer says it. */
export function classicOrganization(o: Organization) {
  return { id: o.id, name: o.name, scimManaged: o.scimManaged };
}

/** [G] the CSM objects carry `scimManaged` too, only when true (csm-api.md names only the classic object). */
function scimMark(o: Organization) {
  return o.scimManaged ? { scimManaged: true } : {};
}

export type PageRequest = { ok: true; start: number; limit: number } | { ok: false; reply: Reply };

/** `start` (default 0) and `limit` (default and maximum `max`: a larger limit is served as `max`) of a classic page. */
export function pageRequest(query: URLSearchParams, max: number): PageRequest {
  const start = integerParam(query.get('start'), 0);
  const requestedLimit = integerParam(query.get('limit'), max);
  const errors = [];
  if (start === undefined || start < 0)
    errors.push({ field: 'start', message: `must be a whole number ≥ 0, got '${query.get('start')}'` });
  if (requestedLimit === undefined || requestedLimit < 1)
    errors.push({ field: 'limit', message: `must be a whole number ≥ 1, got '${query.get('limit')}'` });
  if (errors.length || start === undefined || requestedLimit === undefined)
    return { ok: false, reply: validationError(errors) };
  return { ok: true, start, limit: Math.min(requestedLimit, max) };
}

/** GET /jsm/csm/api/v1/organization/{id} */
export const getOrganization: ApiHandler = (core, req) => {
  const [id] = req.params;
  const org = core.site.organizations.findById(id);
  if (!org) return restError(404, `Organization ${id} not found.`, 'notFound');
  const fieldIds = new Map([...core.site.detailFields.keys()].map((name, i) => [name, String(i + 1)]));
  const details = detailsOf(core.site, org).map((d) => ({ id: fieldIds.get(d.name) as string, ...d }));
  return ok({ id: org.id, name: org.name, ...scimMark(org), details });
};

/** POST /jsm/csm/api/v1/organization/fetch */
export const fetchOrganizations: ApiHandler = (core, req) => {
  const found = findRequested(core, req.bodyText, ORGANIZATIONS_PER_FETCH);
  if (!found.ok) return found.reply;
  return ok({ results: found.organizations.map((o) => ({ id: o.id, name: o.name, ...scimMark(o) })) });
};

/** POST /jsm/csm/api/v1/organization/profile/fetch */
export const fetchOrganizationProfiles: ApiHandler = (core, req) => {
  const found = findRequested(core, req.bodyText, PROFILES_PER_FETCH);
  if (!found.ok) return found.reply;
  return ok({
    results: found.organizations.map((o) => ({
      id: o.id,
      name: o.name,
      ...scimMark(o),
      details: detailsOf(core.site, o),
      customerIds: [...o.customerIds],
      productIds: [...o.productIds],
    })),
  });
};

/** GET /jsm/csm/api/v1/organization/details: the site's detail field definitions. */
export const listDetailFields: ApiHandler = (core) =>
  ok({
    results: [...core.site.detailFields.values()].map((f) => ({
      name: f.name,
      type: { name: f.type, options: [...(f.options ?? [])] },
    })),
  });

/** Detail values in field-definition order, fields without values left out. */
function detailsOf(site: Site, org: Organization) {
  const details = [];
  for (const field of site.detailFields.values()) {
    const values = org.details.get(field.name);
    if (values) details.push({ name: field.name, type: field.type, values: [...values] });
  }
  return details;
}

type Found = { ok: true; organizations: Organization[] } | { ok: false; reply: ReturnType<typeof restError> };

/** Requested ids first, then names, each organization once; unknown ones are left out, as the API does. */
function findRequested(core: EmulatorCore, bodyText: string, max: number): Found {
  const json = parseJsonBody(bodyText);
  if (!json.ok) return json;
  const parsed = fetchRequestSchema(max).safeParse(json.value, { reportInput: true });
  if (!parsed.success) return { ok: false, reply: validationError(fieldErrors(parsed.error)) };
  const request: FetchRequest = parsed.data;
  const found = new Map<string, Organization>();
  for (const id of request.organizationIds ?? []) {
    const org = core.site.organizations.findById(id);
    if (org) found.set(org.id, org);
  }
  for (const name of request.organizationNames ?? []) {
    const org = core.site.organizations.findByName(name);
    if (org) found.set(org.id, org);
  }
  return { ok: true, organizations: [...found.values()] };
}

function integerParam(raw: string | null, fallback: number): number | undefined {
  if (raw === null || raw === '') return fallback;
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}
