import { z } from 'zod';
import type { CsmClient, csmRequests } from './client';
import { OrganizationRefSchema } from './responses';

type Requests = ReturnType<typeof csmRequests>;

/** A service project's desk, as `GET /rest/servicedeskapi/servicedesk` lists it. */
export interface ServiceDesk {
  id: string;
  projectKey: string;
  projectName: string;
}

const Id = z.union([z.string(), z.number()]).transform(String);
const DeskPageSchema = z.looseObject({
  values: z.array(z.looseObject({ id: Id, projectKey: z.string(), projectName: z.string().nullish() })).nullish(),
  isLastPage: z.boolean().nullish(),
});
const DeskOrganizationsPageSchema = z.looseObject({
  values: z.array(OrganizationRefSchema).nullish(),
  isLastPage: z.boolean().nullish(),
});
const PAGE = 50;

/** The service desks and the organizations shared with each (classic JSM paths, synchronous, paged). */
export function serviceDeskCalls(
  send: Requests['send'],
  read: Requests['read'],
): Pick<CsmClient, 'listServiceDesks' | 'serviceDeskOrganizations' | 'changeServiceDesk'> {
  return {
    async listServiceDesks() {
      const desks: ServiceDesk[] = [];
      for (let start = 0; ;) {
        const answer = await read({ endpoint: 'deskList', start, limit: PAGE }, DeskPageSchema, 'the service projects');
        const values = answer.values ?? [];
        desks.push(
          ...values.map((desk) => ({ id: desk.id, projectKey: desk.projectKey, projectName: desk.projectName ?? '' })),
        );
        if (answer.isLastPage !== false || values.length === 0) return desks;
        start += values.length;
      }
    },
    async serviceDeskOrganizations(deskId) {
      const organizations: { id: string; name: string }[] = [];
      for (let start = 0; ;) {
        const request = { endpoint: 'deskOrganizations' as const, deskId, start, limit: PAGE };
        const answer = await read(request, DeskOrganizationsPageSchema, `the organizations of service desk ${deskId}`);
        const values = answer.values ?? [];
        organizations.push(...values.map((org) => ({ id: org.id, name: org.name })));
        if (answer.isLastPage !== false || values.length === 0) return organizations;
        start += values.length;
      }
    },
    async changeServiceDesk(deskId, operation, organizationId) {
      await send({ endpoint: 'deskChange', deskId, method: operation === 'ADD' ? 'POST' : 'DELETE', organizationId });
    },
  };
}
