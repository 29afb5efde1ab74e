import { writeNativeCsv } from '../../src/domain/export/csvWriter';
import { membershipsExportCsv, type MembershipExportRow } from '../../src/domain/export/membershipsFile';
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

/**
 * Every member of every organization as a memberships file (a row a member), page by page through the export
 * resolver, each call starting where the last stopped: the organization and, within it, the member.
 */
export async function exportMembershipsCsv(runtime: LocalRuntime): Promise<string> {
  const rows: MembershipExportRow[] = [];
  let position = { start: 0, memberStart: 0 };
  for (;;) {
    const result = await runtime.invokeResolver<ResolverResult<ResolverAnswers['exportMemberships']>>(
      'exportMemberships',
      position,
    );
    if (!result.ok) throw new Error(result.message);
    rows.push(...result.data.rows);
    if (result.data.isLastPage) break;
    const next = { start: result.data.nextStart, memberStart: result.data.nextMemberStart };
    // A page that moved nothing on would be asked for again and again.
    if (next.start === position.start && next.memberStart === position.memberStart)
      throw new Error(`The memberships export did not move on from organization ${next.start}.`);
    position = next;
  }
  return membershipsExportCsv(rows);
}
