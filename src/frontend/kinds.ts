import { importTemplate, type ImportTemplate } from '../domain/export/importTemplates';
import type { ImportKind } from '../domain/operations';
import type { DetailFieldDefinition } from '../domain/schemas';

export interface KindGuide {
  kind: ImportKind;
  label: string;
  explanation: string;
}

/** What each kind of file looks like, in the words of CSM's own importer. */
export const KIND_GUIDES: readonly KindGuide[] = [
  {
    kind: 'profiles',
    label: 'Organization profiles',
    explanation:
      'CSM\'s organization CSV: "Organization Name", then one column per detail field. An optional "Operation" column takes CREATE, UPDATE or UPSERT (the default). Separate several values with |. JSON: an array of { operationType, payload }.',
  },
  {
    kind: 'organizations',
    label: 'Organizations',
    explanation:
      'Organizations without details: "Organization Name" and an optional "Operation" column (CREATE by default; UPDATE with an "Organization ID" renames).',
  },
  {
    kind: 'details',
    label: 'Detail values',
    explanation:
      'One detail field change per row: "Organization ID", "Field", "Operation" (UPDATE by default, PATCH adds values, DELETE removes them) and "Values" (separate several with |).',
  },
  {
    kind: 'memberships',
    label: 'Memberships',
    explanation:
      'Customers added to or removed from organizations, one per row: "Organization Name" or "Organization ID", "Customer Email" or "Customer Account ID", and an optional "Operation": ADD (the default), REMOVE, or MOVE with "From Organization Name" or "From Organization ID" (added first, then removed from there). Customers must already be on the site.',
  },
  {
    kind: 'deletions',
    label: 'Deletions',
    explanation:
      'Organizations to delete, one per row: "Organization ID" (what the delete goes by) or, without it, "Organization Name"; a "Members" column is for information. The Clean up tab writes this file. CSM cannot undelete: a finished job can restore what it deleted, as new organizations with new IDs.',
  },
  {
    kind: 'merges',
    label: 'Merges',
    explanation:
      'One organization merged into another per row: "Keep Organization ID" or "Keep Organization Name", "Merge Organization ID" or "Merge Organization Name". Its members, the detail values the kept one lacks and its service projects go to the kept one, then it is deleted (and can be restored). The Clean up tab writes this file from the duplicates it finds.',
  },
  {
    kind: 'service-projects',
    label: 'Service projects',
    explanation:
      'Organizations shared with service projects: "Organization Name" or "Organization ID", "Service Project" (its key, e.g. SUP, or its service desk ID) and an optional "Operation": ADD (the default) or REMOVE.',
  },
];

/**
 * The template of a kind for the site's own detail fields (the page has them from listDetailFields; none while they
 * load): built in the domain, so every value in it passes the page's check.
 */
export function templateFor(kind: ImportKind, fields: readonly DetailFieldDefinition[] | undefined): ImportTemplate {
  return importTemplate(kind, fields ?? []);
}

export function guideFor(kind: ImportKind): KindGuide {
  return KIND_GUIDES.find((guide) => guide.kind === kind) ?? KIND_GUIDES[0];
}
