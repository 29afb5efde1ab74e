import type { DetailOperation, OrganizationOperation, ProfileOperation } from '../schemas';

// Items rebuilt with their keys in the source document's order: the body JSON is then canonical,
// so equal content always gives the same idempotency key, however the operations were stored and read back.

export function canonicalProfile({ operationType, payload }: ProfileOperation): ProfileOperation {
  const canonical: ProfileOperation = { operationType, payload: {} };
  if (payload.id !== undefined) canonical.payload.id = payload.id;
  if (payload.name !== undefined) canonical.payload.name = payload.name;
  if (payload.details !== undefined)
    canonical.payload.details = payload.details.map(({ name, values }) => ({ name, values }));
  if (payload.associateCustomers !== undefined)
    canonical.payload.associateCustomers = { customerIds: payload.associateCustomers.customerIds };
  if (payload.associateProducts !== undefined)
    canonical.payload.associateProducts = { productIds: payload.associateProducts.productIds };
  return canonical;
}

export function canonicalOrganization({ operationType, payload }: OrganizationOperation): OrganizationOperation {
  return {
    operationType,
    payload: payload.id === undefined ? { name: payload.name } : { id: payload.id, name: payload.name },
  };
}

export function canonicalDetailOperation({ operationType, payload }: DetailOperation): DetailOperation {
  return {
    operationType,
    payload: payload.values === undefined ? { name: payload.name } : { name: payload.name, values: payload.values },
  };
}
