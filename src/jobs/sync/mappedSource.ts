import type { CsmClient } from '../../csm/client';
import { CsmError, describeCsmError, waitsForUser } from '../../csm/errors';
import type { ImportResult } from '../../domain/import';
import type { KeyMatch } from '../../domain/mapping/keyMatch';
import type { Mapping } from '../../domain/mapping/mapping';
import type { SavedMapping } from '../../domain/mapping/saved';
import type { SyncKind, SyncPlan } from '../../domain/sync';
import type { EngineDeps } from '../deps';
import type { SourceText } from '../../domain/text/pieces';
import { readImportOnSite } from '../lifecycle/sameOrganization';

/** Why a saved mapping cannot read a plan's source, in words; undefined when it can. */
export function mappingRefusal(
  name: string,
  saved: SavedMapping | undefined,
  kind: SyncKind,
  plan?: string,
): string | undefined {
  const reads = plan === undefined ? 'a sync plan reads its source with' : `the plan "${plan}" reads its source with`;
  if (!saved)
    return `There is no saved mapping "${name}" (${reads}): it was deleted, or never saved on this site. Save a mapping by that name on the Import tab (or with bulk map), or choose another one for the plan.`;
  if (kind !== 'profiles')
    return `The saved mapping "${name}" cannot be used here: a mapping reads a plan of organization profiles, and this plan keeps memberships.`;
  if (saved.kind !== 'profiles')
    return `The saved mapping "${name}" maps a ${saved.kind.replace('-', ' ')} file, but ${reads.replace(' with', '')} organization profiles: choose a mapping saved for an organization profiles file.`;
  return undefined;
}

/** The plan's mapping as saved now (read at every run, so an edit applies to the next), or why it cannot be used. */
export async function planMapping(
  deps: EngineDeps,
  plan: SyncPlan,
): Promise<{ mapping?: Mapping } | { refused: string }> {
  if (plan.mappingName === undefined) return {};
  const saved = await deps.store.mappings.get(plan.mappingName);
  const refused = mappingRefusal(plan.mappingName, saved, plan.kind, plan.name);
  if (refused !== undefined) return { refused: `Nothing was sent. ${refused}` };
  return { mapping: saved!.mapping };
}

/**
 * The source read as an import of the plan's kind, as a job's file is (readImportOnSite): the site's detail fields,
 * the plan's mapping and its key, and one organization named by ID in one row and by name in another refused (CSM
 * would run both in no order, the last task winning). A CSM error answers the run's status instead: WAITING when it
 * waits for the admin, FAILED otherwise.
 */
export async function readAgainstSite(
  csm: CsmClient,
  source: { text: SourceText; kind: SyncKind; mapping?: Mapping },
  keyScanLimit: number,
): Promise<
  { imported: ImportResult; keyMatches: KeyMatch[] } | { refused: { status: 'WAITING' | 'FAILED'; reasons: string[] } }
> {
  try {
    const { imported, keyMatches } = await readImportOnSite(
      csm,
      { text: source.text, kind: source.kind },
      source.mapping ? { mapping: source.mapping } : {},
      keyScanLimit,
    );
    return { imported, keyMatches };
  } catch (error) {
    if (!(error instanceof CsmError)) throw error;
    return { refused: { status: waitsForUser(error) ? 'WAITING' : 'FAILED', reasons: [describeCsmError(error)] } };
  }
}
