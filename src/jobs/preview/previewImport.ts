import type { Mapping } from '../../domain/mapping/mapping';
import { presentUser } from '../../csm/principal';
import { problemPage, type ImportFormat } from '../../domain/import';
import { isSingleCallKind, wholeRows, type ImportKind, type JobKind } from '../../domain/operations';
import { planChunks, summarizePlan } from '../../domain/plan';
import { estimateJob, type JobEstimate } from '../../domain/estimate';
import { countChanges, type RowPreview } from '../../domain/preview';
import type { KeyMatch } from '../../domain/mapping/keyMatch';
import { MAX_IGNORED_COLUMNS, type PreviewAnswer } from '../../resolvers/contract';
import type { EngineDeps } from '../deps';
import { startLookup, stopLookup } from './lookup';
import { findOverlaps } from '../lifecycle/overlap';
import { classifyRows, PREVIEW_LOOKUP_LIMIT } from './preview';
import { readImportOnSite } from '../lifecycle/sameOrganization';

/** A file of 10,000 columns must not make a 5 MB answer: the page shows the headers it needs, not all of them. */
const MAX_HEADERS_IN_ANSWER = 200;
/** About 80 bytes each: 10,000 stay well within an answer's 5 MB (the page shows 1,000 rows at most). */
const MAX_SAME_ORGANIZATIONS_IN_ANSWER = 10_000;

export interface PreviewImportInput {
  kind: ImportKind;
  format?: ImportFormat;
  ignoreColumns?: string[];
  ignoreUnknownColumns?: boolean;
  mapping?: Mapping;
  /** Where the file is: a background lookup reads it again from there. */
  source: { text: string } | { uploadId: string };
  /** The file's text (read after the lookup it replaces is stopped). */
  readText: () => Promise<string>;
  problemsOffset?: number;
  problemsLimit?: number;
  lookUpAll?: boolean;
  stopLookup?: string;
  ownerAccountId: string;
}

/**
 * What a file would do: its problems (a page of them), its plan, its first rows compared with the site, the jobs it
 * overlaps, and, asked for when it has more rows than a resolver can look up in time, a lookup of the whole file in
 * the background.
 */
export async function previewImport(deps: EngineDeps, input: PreviewImportInput): Promise<PreviewAnswer> {
  if (input.stopLookup) await stopLookup(deps, input.stopLookup, input.ownerAccountId);
  const csm = deps.csm(presentUser);
  const { imported, sameOrganizations, detailFields, keyMatches } = await readImportOnSite(
    csm,
    { text: await input.readText(), kind: input.kind, format: input.format },
    { ignoreColumns: input.ignoreColumns, ignoreUnknownColumns: input.ignoreUnknownColumns, mapping: input.mapping },
  );
  const chunks = imported.operations.length > 0 ? planChunks('preview', imported.operations) : [];
  const plan = chunks.length > 0 ? summarizePlan(chunks) : undefined;
  // A merges file was looked up whole when it was read (its merges expanded): every row is previewed at once.
  const limit = imported.kind === 'merges' ? imported.operations.length : PREVIEW_LOOKUP_LIMIT;
  const looked = imported.operations.slice(0, wholeRows(imported.operations, limit));
  const classified = withKeyNotes(await classifyRows(csm, looked), keyMatches, input.mapping?.key);
  // More rows than a resolver can look up in time: when asked, the whole file is looked up in the background, for
  // the page to follow (getLookup). A file with problems is looked up too: its rows without problems are what a job would send.
  const lookup =
    input.lookUpAll === true && imported.operations.length > limit
      ? await startLookup(deps, {
          kind: imported.kind,
          format: imported.format,
          ignoreColumns: input.ignoreColumns ?? [],
          ...(input.ignoreUnknownColumns ? { ignoreUnknownColumns: true } : {}),
          ...(input.mapping ? { mapping: input.mapping } : {}),
          source: input.source,
          total: imported.operations.length,
          ownerAccountId: input.ownerAccountId,
          first: { looked: looked.length, counts: countChanges(classified) },
        })
      : undefined;
  return {
    kind: imported.kind,
    format: imported.format,
    headers: imported.headers.slice(0, MAX_HEADERS_IN_ANSWER),
    rowCount: imported.rowCount,
    rowsWithErrors: imported.rowsWithErrors,
    unknownColumns: imported.unknownColumns.slice(0, MAX_IGNORED_COLUMNS),
    ...(imported.suggestedKind === undefined ? {} : { suggestedKind: imported.suggestedKind }),
    ...problemPage(imported.problems, input.problemsOffset, input.problemsLimit),
    sameOrganizations: sameOrganizations.slice(0, MAX_SAME_ORGANIZATIONS_IN_ANSWER),
    operations: imported.operations.length,
    plan,
    rows: classified,
    rowsClassified: looked.length,
    ...(lookup ? { lookup } : {}),
    detailFields,
    overlaps: await findOverlaps(deps, imported.operations),
    ...(await siteEstimate(deps, chunks)),
  };
}

/** Rows found by the mapping's key say so: `Matched by CRM Id "101": organization 7, "Acme Ltd".` */
function withKeyNotes(rows: RowPreview[], matches: readonly KeyMatch[], key: string | undefined): RowPreview[] {
  if (matches.length === 0 || key === undefined) return rows;
  const byRow = new Map(matches.map((match) => [match.row, match]));
  return rows.map((row) => {
    const match = byRow.get(row.row);
    if (!match || row.note !== undefined) return row;
    return { ...row, note: `Matched by ${key} "${match.value}": organization ${match.id}, "${match.name}".` };
  });
}

/** How long the job would probably take here: from the site's task time (its last finished job) and its cap. */
async function siteEstimate(
  deps: EngineDeps,
  chunks: readonly { phase: number; kind: JobKind }[],
): Promise<{ estimate?: JobEstimate }> {
  // Single calls wait for no CSM task: the site's task time says nothing of how long they take.
  if (chunks.length === 0 || chunks.some((chunk) => isSingleCallKind(chunk.kind))) return {};
  const [known, settings, learned] = await Promise.all([
    deps.store.site.taskTimeEstimate(),
    deps.store.site.getSettings(),
    deps.store.site.learnedCap(),
  ]);
  if (!known) return {};
  const estimate = estimateJob(
    chunks.map((chunk) => chunk.phase),
    known.meanMs,
    settings.taskCap ?? learned.cap,
  );
  return estimate ? { estimate } : {};
}
