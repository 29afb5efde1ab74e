import type { CsmClient } from '../../csm/client';
import type { RowOperation } from '../../domain/operations';
import { verifyByReadBack, type ObservedOrganization, type ReadBackOutcome } from '../../domain/outcomes';

/**
 * Decides rows a task did not account for (a FAILED task with no failures, an expired task)
 * by reading the organizations back and comparing them with what the rows asked for.
 */
export async function readBack(csm: CsmClient, operations: RowOperation[]): Promise<ReadBackOutcome> {
  if (operations.length === 0) return { succeeded: [], failed: [] };
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const op of operations) {
    if (op.kind === 'details') ids.add(op.organizationId);
    else if (op.item.payload.id !== undefined && !(op.kind === 'organizations' && op.item.operationType === 'CREATE'))
      ids.add(op.item.payload.id);
    else if (op.item.payload.name !== undefined) names.add(op.item.payload.name);
  }
  let observed: ObservedOrganization[];
  if (operations.every((op) => op.kind === 'organizations')) {
    const found = await csm.fetchOrganizations({ ids: [...ids], names: [...names] });
    observed = found.map((org) => ({ ...org, details: {}, customerIds: [], productIds: [] }));
  } else {
    observed = await csm.fetchProfiles({ ids: [...ids], names: [...names] });
  }
  return verifyByReadBack(operations, observed);
}
