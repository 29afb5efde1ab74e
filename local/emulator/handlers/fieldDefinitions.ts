import { validationError } from '../http/reply';
import { fieldDefinitionRefusals } from '../apply/applyFieldDefinitions';
import { fieldDefinitionsRequestSchema } from '../schemas/fieldDefinitions';
import type { ApiHandler } from './apiRequest';
import { bulkSubmitHandler } from './bulkSubmit';
import { refuseUnlessJiraAdmin } from './jiraAdmin';

/**
 * POST /jsm/csm/api/v1/organization/details/definitions/bulk: [T] "Permissions required: Administer Jira" (403
 * otherwise); the body's rules (schemas/fieldDefinitions.ts); [T] the whole request refused (400, nothing created)
 * when a name exists on the site, ignoring case and trimmed; [V] no more than 50 fields on a site. Accepted, it is a
 * task like the other bulk endpoints ([T] "a single async task"): it counts toward the open-task cap ([G], the
 * stricter) and creates the fields when it ends.
 */
const submit = bulkSubmitHandler(
  'fields',
  fieldDefinitionsRequestSchema,
  (body) => body.detailFields,
  (core, body) => {
    const refusals = fieldDefinitionRefusals(core.site, body.detailFields);
    return refusals.length > 0 ? validationError(refusals) : undefined;
  },
);

export const submitFieldDefinitions: ApiHandler = (core, req) =>
  refuseUnlessJiraAdmin(core, req, 'create detail fields') ?? submit(core, req);
