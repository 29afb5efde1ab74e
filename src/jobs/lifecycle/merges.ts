import type { CsmClient, SiteUser } from '../../csm/client';
import type { ImportResult } from '../../domain/import';
import { csvLocator, ProblemLog } from '../../domain/import/problems';
import type { DeletionRowOperation, FileOperation, OrganizationRef } from '../../domain/operations';
import { nameKey } from '../../domain/import/organizationIdentity';
import { MERGE_COLUMNS } from '../../domain/cleanup/columns';
import { serviceDesksOf } from '../engine/singleCalls';
import { mapAtMost } from './pool';

type Org = { id: string; name: string; scimManaged?: true };

/**
 * A merges file as a job sends it: each row (read as the deletion of the merged organization, `mergeInto` the kept
 * one) looked up on the site and expanded into its changes, in the order the job's phases send them: the detail values
 * the kept organization lacks (its own win; a value both hold differently is named in a warning), the merged one's
 * members added to it, the service projects the merged one is shared with shared with it too, then the merged one
 * deleted (only if none of its row's changes failed: jobs/engine/comparer.ts).
 */
export async function mergesOnSite(csm: CsmClient, read: ImportResult): Promise<ImportResult> {
  const pairs = read.operations.filter((op): op is Pair => op.kind === 'deletions' && !!op.mergeInto);
  // A file refused whole (more than MERGES_FILE_MAX merges: readImport) or with no usable row asks the site nothing.
  if (pairs.length === 0) return read;
  const { find, profiles, sharedWith } = await readMergeSite(csm, pairs);
  const checked = pairs.map((pair) => checkPair(pair, find));
  const members = await membersOf(csm, checked);
  const log = new ProblemLog(csvLocator);
  const operations: FileOperation[] = [];
  for (const { pair, keep, merge, problem } of checked) {
    log.labelRow(pair.row, pair.name ?? `Organization ${pair.organizationId}`);
    if (problem || !keep || !merge) {
      log.error({ row: pair.row, column: problem?.[0] }, 'merge-not-possible', problem?.[1] ?? '');
      continue;
    }
    const site = { profiles, sharedWith, members: members.get(merge.id) ?? [] };
    operations.push(...mergeChanges({ pair, keep, merge }, site, log));
    operations.push({
      ...pair,
      organizationId: merge.id,
      name: merge.name,
      mergeInto: { id: keep.id, name: keep.name },
    });
  }
  return {
    ...read,
    operations: operations.map((op, index) => ({ ...op, index })),
    problems: [...read.problems, ...log.problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
    rowsWithErrors: read.rowsWithErrors + log.errorRowCount,
  };
}

/** Member lists read at once: a merges file has up to MERGES_FILE_MAX of them, in a resolver's 25 s. */
const MEMBER_READS_AT_ONCE = 5;

type CheckedPair = { pair: Pair; keep?: Org; merge?: Org; problem?: readonly [string, string] };

/** Both organizations of a pair as the site has them, or why the pair cannot be merged. */
function checkPair(pair: Pair, find: MergeSite['find']): CheckedPair {
  const keep = find(pair.mergeInto);
  const merge = find({ id: pair.organizationId || undefined, name: pair.name });
  const problem = !keep
    ? ([MERGE_COLUMNS.keepName, `the organization to keep (${describe(pair.mergeInto)}) is not on the site.`] as const)
    : !merge
      ? ([MERGE_COLUMNS.mergeName, `the organization to merge (${describe(pair)}) is not on the site.`] as const)
      : keep.id === merge.id
        ? ([MERGE_COLUMNS.mergeName, 'both columns name the same organization on the site.'] as const)
        : merge.scimManaged
          ? ([MERGE_COLUMNS.mergeName, `"${merge.name}" is managed by an identity provider: merge it there.`] as const)
          : undefined;
  return { pair, keep, merge, problem };
}

/** The members of every organization merged by a pair that can be, by its id, a few reads at once. */
async function membersOf(csm: CsmClient, checked: readonly CheckedPair[]): Promise<Map<string, SiteUser[]>> {
  const ids = [...new Set(checked.flatMap(({ merge, problem }) => (merge && !problem ? [merge.id] : [])))];
  const lists = await mapAtMost(ids, MEMBER_READS_AT_ONCE, (id) => csm.listMembers(id));
  return new Map(ids.map((id, position) => [id, lists[position]]));
}

type Pair = DeletionRowOperation & { mergeInto: OrganizationRef };
type MergeSite = Awaited<ReturnType<typeof readMergeSite>>;

/** Both organizations of every pair (50 a read), their detail values, and which service projects each is shared with. */
async function readMergeSite(csm: CsmClient, pairs: readonly Pair[]) {
  const refs = pairs.flatMap((op) => [op.mergeInto, { id: op.organizationId || undefined, name: op.name }]);
  const ids = refs.flatMap((ref) => (ref.id !== undefined ? [ref.id] : []));
  const names = refs.flatMap((ref) => (ref.id === undefined && ref.name !== undefined ? [ref.name] : []));
  const found: Org[] = refs.length > 0 ? await csm.fetchOrganizations({ ids, names }) : [];
  const find = (ref: OrganizationRef) =>
    found.find((org) => (ref.id !== undefined ? org.id === ref.id : nameKey(org.name) === nameKey(ref.name ?? '')));
  const profiles = new Map((await csm.fetchProfiles({ ids: found.map((org) => org.id) })).map((p) => [p.id, p]));
  return { find, profiles, sharedWith: await serviceDesksOf(csm) };
}

/** A pair's changes before its deletion: values the kept one lacks, the merged one's members, its service projects. */
function mergeChanges(
  { pair, keep, merge }: { pair: Pair; keep: Org; merge: Org },
  { profiles, sharedWith, members }: Pick<MergeSite, 'profiles' | 'sharedWith'> & { members: readonly SiteUser[] },
  log: ProblemLog,
): FileOperation[] {
  const operations: FileOperation[] = [];
  const row = pair.row;
  const kept = profiles.get(keep.id)?.details ?? {};
  for (const [field, values] of Object.entries(profiles.get(merge.id)?.details ?? {})) {
    if (values.length === 0) continue;
    const own = kept[field] ?? [];
    if (own.length === 0)
      operations.push({
        index: 0,
        row,
        kind: 'details',
        organizationId: keep.id,
        operation: { operationType: 'UPDATE', payload: { name: field, values } },
      });
    else if (own.join('|') !== values.join('|'))
      log.warning(
        { row, column: MERGE_COLUMNS.mergeName },
        'merge-conflict',
        `${field}: "${keep.name}" keeps ${own.join(', ')}; "${merge.name}"'s ${values.join(', ')} is dropped.`,
      );
  }
  for (const member of members)
    operations.push({
      index: 0,
      row,
      kind: 'memberships',
      operation: 'ADD',
      organization: { id: keep.id, name: keep.name },
      customer: { accountId: member.accountId, ...(member.email ? { email: member.email } : {}) },
    });
  const keptDesks = new Set(sharedWith.get(keep.id) ?? []);
  for (const desk of sharedWith.get(merge.id) ?? [])
    if (!keptDesks.has(desk))
      operations.push({
        index: 0,
        row,
        kind: 'service-projects',
        operation: 'ADD',
        organization: { id: keep.id, name: keep.name },
        serviceProject: desk,
      });
  return operations;
}

function describe(ref: { id?: string; name?: string; organizationId?: string }): string {
  const id = ref.id ?? ref.organizationId;
  return ref.name !== undefined ? `"${ref.name}"` : `ID ${id}`;
}
