import { onlyAdditions } from './memberships';
import type { MembershipRowOperation } from '../../domain/operations';
import type { SyncKind } from '../../domain/sync';
import { presentUser } from '../../csm/principal';
import { readImport } from '../../domain/import';
import { headerBack } from '../../domain/mapping/headerBack';
import { matchByKey } from '../../domain/mapping/keyMatch';
import type { Mapping } from '../../domain/mapping/mapping';
import { backendFetchAllowed } from '../../platform/runtime';
import { originOf } from '../../sources/fetchSource';
import type { EngineDeps } from '../deps';
import { problemReasons } from './run';

/** Why a sync plan's file is refused: in words, and its first problems by row and column. */
export interface SourceFileRefusal {
  message: string;
  problems: { row: number | null; column?: string; message: string }[];
}

/**
 * Forge lets the app fetch only from origins its manifest declares (and the site admin approved): a plan whose URL
 * could never be read is refused when saved, with the way to declare it, not when it first runs.
 */
export function sourceOriginRefusal(url: string): string | undefined {
  if (backendFetchAllowed(url) !== false) return undefined;
  const origin = originOf(url);
  return (
    `The app may not read ${origin}: an app reads only the addresses its developer declared, and ${origin} is not ` +
    `one of them. Check the address; if it is right, ask the app's developer to declare ${origin} and redeploy ` +
    'the app. Once a site admin approves the update, save the plan again.'
  );
}

/** A save's answer names at most this many of a file's problems; the refusal's `problems` has up to MAX_PROBLEMS. */
const PROBLEMS_IN_MESSAGE = 5;

/**
 * A file a run could never apply is refused when it is saved, with its problems, and nothing is saved: it is read as
 * each run reads it (the domain's readImport, against the site's detail fields), so a run fails only if the file or
 * the site's fields change after.
 */
export async function sourceFileRefusal(
  deps: EngineDeps,
  text: string,
  fileName: string | undefined,
  kind: SyncKind = 'profiles',
  mapping?: Mapping,
): Promise<SourceFileRefusal | undefined> {
  const detailFields = kind === 'profiles' ? await deps.csm(presentUser).getDetailFields() : [];
  const read = readImport({ text, kind }, { detailFields }, mapping ? { mapping } : {});
  // Two rows with one key value are refused here; what the site holds is read by each run (jobs/lifecycle/keyMatch.ts).
  const imported = mapping?.key ? matchByKey(read, mapping.key, headerBack(mapping)(mapping.key)).imported : read;
  const reasons = problemReasons(imported.problems);
  if (kind === 'memberships') reasons.push(...onlyAdditions(imported.operations as MembershipRowOperation[]));
  if (reasons.length === 0) return undefined;
  const errors = imported.problems.filter((problem) => problem.severity === 'error');
  const shown = reasons.slice(0, PROBLEMS_IN_MESSAGE).join(' ');
  const more =
    errors.length > PROBLEMS_IN_MESSAGE ? ` … and ${errors.length - PROBLEMS_IN_MESSAGE} more problems.` : '';
  return {
    message: `The file ${fileName ? `${fileName} ` : ''}cannot be kept in sync: ${errors.length === 1 ? 'it has a problem' : `it has ${errors.length} problems`}, and nothing was saved. ${shown}${more} Correct the file and choose it again.`,
    problems: errors
      .slice(0, MAX_PROBLEMS)
      .map(({ row, column, message }) => ({ row, ...(column ? { column } : {}), message })),
  };
}

const MAX_PROBLEMS = 20;
