import type { MembershipsBody, ServiceProjectsBody } from '../chunkOperations';
import type { MembershipRowOperation, OrganizationRef, ServiceProjectRowOperation } from '../operations';
import type { ChunkContent } from './chunkContent';
import { MEMBERS_PER_CHUNK } from './types';
import { nameKey } from '../import/organizationIdentity';

/**
 * Single calls change a list (an organization's members, a project's organizations) that their compare reads before
 * and their read-back reads after, a page at a time by offset: two chunks changing one list at once would shift the
 * other's pages, and an entry read past would be taken for absent. So the chunks of one list go in rounds, one a
 * phase (the k-th chunk of each list in phase k): chunks of different lists run together, never two of one list.
 */
function inRounds(chunks: { list: string; content: ChunkContent }[]): ChunkContent[][] {
  const rounds: ChunkContent[][] = [];
  const seen = new Map<string, number>();
  for (const { list, content } of chunks) {
    const round = seen.get(list) ?? 0;
    seen.set(list, round + 1);
    (rounds[round] ??= []).push(content);
  }
  return rounds;
}

function organizationList(ref: OrganizationRef): string {
  return ref.id !== undefined ? `id:${ref.id}` : `name:${nameKey(ref.name ?? '')}`;
}

/** Membership changes of one organization (as the file names it), MEMBERS_PER_CHUNK a chunk, in rounds. */
export function packMemberships(memberships: readonly MembershipRowOperation[]): ChunkContent[][] {
  const chunks: { list: string; content: ChunkContent }[] = [];
  for (const [list, group] of groupBy(memberships, (op) => organizationList(op.organization))) {
    for (let start = 0; start < group.length; start += MEMBERS_PER_CHUNK) {
      const slice = group.slice(start, start + MEMBERS_PER_CHUNK);
      const body: MembershipsBody = {
        operation: slice[0].operation,
        organization: slice[0].organization,
        customers: slice.map((op) => ({ ...op.customer, ...(op.moveOf !== undefined ? { moveOf: op.moveOf } : {}) })),
      };
      chunks.push({ list, content: contentOf(body, slice) });
    }
  }
  return inRounds(chunks);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function contentOf(body: object, slice: readonly { index: number }[]): ChunkContent {
  return {
    body: body as unknown as ChunkContent['body'],
    operationIndexes: slice.map((op) => op.index),
    bytes: JSON.stringify(body).length,
  };
}

/** Organizations a service projects chunk shares (or unshares): one call each, so a resend after a crash stays short. */
export const SERVICE_PROJECT_CALLS_PER_CHUNK = 50;

/**
 * Service project changes grouped by project (as the file names it, letter case ignored) and operation, in the order
 * they first appear, SERVICE_PROJECT_CALLS_PER_CHUNK a chunk, in rounds per project.
 */
export function packServiceProjects(operations: readonly ServiceProjectRowOperation[]): ChunkContent[][] {
  const chunks: { list: string; content: ChunkContent }[] = [];
  for (const group of groupBy(operations, (op) => `${op.operation}\u0000${op.serviceProject.toUpperCase()}`).values()) {
    const list = group[0].serviceProject.toUpperCase();
    for (let start = 0; start < group.length; start += SERVICE_PROJECT_CALLS_PER_CHUNK) {
      const slice = group.slice(start, start + SERVICE_PROJECT_CALLS_PER_CHUNK);
      const body: ServiceProjectsBody = {
        operation: slice[0].operation,
        serviceProject: { ref: slice[0].serviceProject },
        organizations: slice.map((op) => ({ ...op.organization })),
      };
      chunks.push({ list, content: contentOf(body, slice) });
    }
  }
  return inRounds(chunks);
}
