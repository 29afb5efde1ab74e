import { z } from 'zod';
import type { ServiceDeskState } from '../types';
import type { FieldError } from '../http/reply';

/** A service desk in a state: digits for its id, a non-blank project key and name, organization ids. */
export const serviceDeskStateSchema = z.strictObject({
  id: z.string().regex(/^[1-9]\d{0,15}$/, { message: 'must be a numeric id like "1"' }),
  projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{0,9}$/, { message: 'must be a Jira project key like "SUP"' }),
  projectName: z.string().refine((s) => s.trim().length > 0, { message: 'must not be blank' }),
  organizationIds: z.array(z.string()).default([]),
});

/** Ids and project keys are unique; each organization shared is on the site, once. */
export function serviceDeskErrors(desks: readonly ServiceDeskState[], organizationIds: Set<string>): FieldError[] {
  const errors: FieldError[] = [];
  const ids = new Set<string>();
  const keys = new Set<string>();
  desks.forEach((desk, i) => {
    const at = `serviceDesks[${i}]`;
    if (ids.has(desk.id)) errors.push({ field: `${at}.id`, message: `id ${desk.id} is used twice` });
    ids.add(desk.id);
    if (keys.has(desk.projectKey))
      errors.push({ field: `${at}.projectKey`, message: `project key ${desk.projectKey} is used twice` });
    keys.add(desk.projectKey);
    const shared = new Set<string>();
    desk.organizationIds.forEach((id, j) => {
      if (!organizationIds.has(id))
        errors.push({ field: `${at}.organizationIds[${j}]`, message: `'${id}' is not in organizations: add it there` });
      else if (shared.has(id))
        errors.push({ field: `${at}.organizationIds[${j}]`, message: `organization ${id} is listed twice` });
      shared.add(id);
    });
  });
  return errors;
}
