import type { JobKind } from '../domain/operations';

export interface KindGuide {
  kind: JobKind;
  label: string;
  explanation: string;
  template: string;
}

/** What each kind of file looks like, in the words of CSM's own importer. */
export const KIND_GUIDES: readonly KindGuide[] = [
  {
    kind: 'profiles',
    label: 'Organization profiles',
    explanation:
      'CSM\'s organization CSV: "Organization Name", then one column per detail field. An optional "Operation" column takes CREATE, UPDATE or UPSERT (the default). Separate several values with |. JSON: an array of { operationType, payload }.',
    template: [
      'Organization Name,Operation,Region,Phone Number',
      'Acme Corporation,UPSERT,EMEA,+61 2 9001 1037',
      'Globex,UPSERT,APAC,',
    ].join('\n'),
  },
  {
    kind: 'organizations',
    label: 'Organizations',
    explanation:
      'Organizations without details: "Organization Name" and an optional "Operation" column (CREATE by default; UPDATE with an "Organization ID" renames).',
    template: ['Organization Name,Operation', 'Northwind Traders,CREATE', 'Contoso,CREATE'].join('\n'),
  },
  {
    kind: 'details',
    label: 'Detail values',
    explanation:
      'One detail field change per row: "Organization ID", "Field", "Operation" (UPDATE by default, PATCH adds values, DELETE removes them) and "Values" (separate several with |).',
    template: ['Organization ID,Field,Operation,Values', '17,Region,UPDATE,EMEA', '18,Region,PATCH,APAC|AMER'].join(
      '\n',
    ),
  },
];

export function guideFor(kind: JobKind): KindGuide {
  return KIND_GUIDES.find((guide) => guide.kind === kind) ?? KIND_GUIDES[0];
}
