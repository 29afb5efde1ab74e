import type { CsmClient } from '../../csm/client';
import {
  findSameOrganizations,
  identitiesToLookUp,
  idsByName,
  readImport,
  reportSameOrganizations,
  type ImportOptions,
  type ImportResult,
  type SameOrganization,
} from '../../domain/import';
import type { ImportPiecesInput } from '../../domain/import/types';
import { isBulkRow, type RowOperation } from '../../domain/operations';
import { deletionsOnSite } from '../../domain/import/deletionsCsv';
import { mergesOnSite } from './merges';
import type { DetailFieldDefinition } from '../../domain/schemas';
import type { KeyMatch } from '../../domain/mapping/keyMatch';
import { KEY_SCAN_LIMITS, matchByKeyOnSite } from './keyMatch';

/**
 * The rows by name that are, on the site, an organization another row names by ID. The file alone cannot tell (one
 * row claims an ID, the other a name), so the site is asked, 50 a read: for the IDs the rows name or for the names
 * of the rows without one, whichever is shorter (either tells which names are those IDs'). No read at all when the
 * file names its organizations one way only.
 */
export async function findSameOrganizationsOnSite(
  csm: CsmClient,
  operations: readonly RowOperation[],
): Promise<SameOrganization[]> {
  const { ids, names } = identitiesToLookUp(operations);
  if (ids.length === 0) return [];
  const found = await csm.fetchOrganizations(ids.length <= names.length ? { ids } : { names });
  return findSameOrganizations(operations, idsByName(found));
}

export interface ImportOnSite {
  imported: ImportResult;
  /** The rows refused because the site says they name an organization another row names by ID. */
  sameOrganizations: SameOrganization[];
  detailFields: DetailFieldDefinition[];
  /** The rows a mapping's key matched: each sent by the id of the organization holding its key value. */
  keyMatches: KeyMatch[];
}

/**
 * Reads a file as a job would send it: with the site's detail fields, the rows matched by the mapping's key (see
 * keyMatch.ts; the site's key values read, up to `keyScanLimit` organizations), and with the rows refused that name by
 * name an organization another row names by ID. The start, the preview, its background lookup and sync runs all read
 * it this way, so they count the same rows. `keyScanLimit`: a resolver's by default; a scheduled sync run reads more.
 */
export async function readImportOnSite(
  csm: CsmClient,
  input: ImportPiecesInput,
  options: ImportOptions = {},
  keyScanLimit: number = KEY_SCAN_LIMITS.resolver,
): Promise<ImportOnSite> {
  // A merges file has no detail column (nor can a mapping give it one): the site's fields are not read, so a file
  // refused whole (more than MERGES_FILE_MAX merges) is refused before any call.
  if (input.kind === 'merges') {
    const imported = await mergesOnSite(csm, readImport(input, { detailFields: [] }, options));
    return { imported, sameOrganizations: [], detailFields: [], keyMatches: [] };
  }
  const detailFields = await csm.getDetailFields();
  const read = readImport(input, { detailFields }, options);
  const none = { sameOrganizations: [], detailFields, keyMatches: [] };
  if (read.kind === 'deletions') return { ...none, imported: await deletionsLookedUp(csm, read) };
  const { imported, matches } = await matchByKeyOnSite(csm, read, options.mapping, keyScanLimit);
  const sameOrganizations = await findSameOrganizationsOnSite(csm, imported.operations.filter(isBulkRow));
  return {
    imported: reportSameOrganizations(imported, sameOrganizations),
    sameOrganizations,
    detailFields,
    // A row refused for naming another row's organization is not sent: it matched nothing.
    keyMatches: matches.filter((match) => !sameOrganizations.some((same) => same.row === match.row)),
  };
}

/** A deletions file as the site has it: each row by name given its ID, each row checked against it (deletionsOnSite). */
async function deletionsLookedUp(csm: CsmClient, read: ImportResult): Promise<ImportResult> {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const op of read.operations)
    if (op.kind === 'deletions') {
      if (op.organizationId !== '') ids.add(op.organizationId);
      else if (op.name !== undefined) names.add(op.name);
    }
  const found = ids.size + names.size > 0 ? await csm.fetchOrganizations({ ids: [...ids], names: [...names] }) : [];
  return deletionsOnSite(read, found);
}
