import { writeNativeCsv } from '../../src/domain/export/csvWriter';
import type { DetailFieldDefinition } from '../../src/domain/schemas';
import type { ObservedOrganization } from '../../src/domain/outcomes';
import type { ResolverResult } from '../../src/resolvers/contract';
import type { ResolverAnswers } from '../../src/resolvers/contract';
import type { LocalRuntime } from '../runtime';

/** Every organization with its detail values, in CSM's native CSV, page by page through the export resolver. */
export async function exportOrganizationsCsv(runtime: LocalRuntime): Promise<string> {
  const organizations: ObservedOrganization[] = [];
  let detailFields: DetailFieldDefinition[] = [];
  let start = 0;
  for (;;) {
    const result = await runtime.invokeResolver<ResolverResult<ResolverAnswers['exportOrganizations']>>(
      'exportOrganizations',
      { start },
    );
    if (!result.ok) throw new Error(result.message);
    organizations.push(...result.data.organizations);
    if (result.data.detailFields) detailFields = result.data.detailFields;
    if (result.data.isLastPage || result.data.organizations.length === 0) break;
    start = result.data.nextStart;
  }
  return writeNativeCsv(organizations, detailFields);
}
