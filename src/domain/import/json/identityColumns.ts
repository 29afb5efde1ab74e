import type { IdentityColumns } from '../organizationIdentity';

export const JSON_IDENTITY_COLUMNS: IdentityColumns = {
  name: 'payload.name',
  id: 'payload.id',
  operation: 'operationType',
};

/** Names and ids with blank ends trimmed; blank ones count as absent. */
export function presentText(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}
