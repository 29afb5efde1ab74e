import type { DetailFieldDefinition } from '../../src/domain/schemas';
import type { DetailRowOperation, OrganizationRowOperation, ProfileRowOperation } from '../../src/domain/operations';

/** One detail field of each type CSM has. */
export const EVERY_FIELD_TYPE: DetailFieldDefinition[] = [
  { name: 'Tier', type: 'SELECT', options: ['Gold', 'Silver'] },
  { name: 'Product lines', type: 'MULTISELECT', options: ['Cloud', 'Data Center', 'Server'] },
  { name: 'Seats', type: 'NUMBER' },
  { name: 'Renewal', type: 'DATE' },
  { name: 'Contact', type: 'EMAIL' },
  { name: 'Website', type: 'URL' },
  { name: 'Phone', type: 'PHONE' },
  { name: 'Active', type: 'BOOLEAN' },
  { name: 'Notes', type: 'TEXT' },
];

export const DETAIL_FIELDS: DetailFieldDefinition[] = [
  { name: 'Region', type: 'SELECT', options: ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'] },
  { name: 'Phone Number', type: 'PHONE' },
  { name: 'Tier', type: 'MULTISELECT', options: ['Gold', 'Silver', 'Bronze'] },
  { name: 'Notes', type: 'TEXT' },
  { name: 'Renewal', type: 'DATE' },
  { name: 'Contact', type: 'EMAIL' },
  { name: 'Website', type: 'URL' },
  { name: 'Seats', type: 'NUMBER' },
  { name: 'Legacy Code', type: 'CUSTOM_THING' },
];

export const SITE = { detailFields: DETAIL_FIELDS };

export function profileOp(
  index: number,
  name: string,
  extra: Partial<ProfileRowOperation['item']['payload']> = {},
): ProfileRowOperation {
  return { index, row: index + 2, kind: 'profiles', item: { operationType: 'UPSERT', payload: { name, ...extra } } };
}

export function organizationOp(
  index: number,
  name: string,
  operationType: 'CREATE' | 'UPDATE' = 'CREATE',
  id?: string,
): OrganizationRowOperation {
  return {
    index,
    row: index + 2,
    kind: 'organizations',
    item: { operationType, payload: id === undefined ? { name } : { id, name } },
  };
}

export function detailOp(
  index: number,
  organizationId: string,
  field: string,
  operationType: 'UPDATE' | 'PATCH' | 'DELETE' = 'UPDATE',
  values?: string[],
): DetailRowOperation {
  return {
    index,
    row: index + 2,
    kind: 'details',
    organizationId,
    operation: { operationType, payload: values === undefined ? { name: field } : { name: field, values } },
  };
}

/** Lines joined with CRLF, as spreadsheets write them. */
export function csv(...lines: string[]): string {
  return lines.join('\r\n') + '\r\n';
}
