import { MAX_JOB_ROWS, MERGES_FILE_MAX } from '../limits';
import type { BulkKind, FileOperation, ImportKind } from '../operations';
import { readCsvRows, type CsvRowReader } from './csvTable';
import { detectFormat, stripByteOrderMark } from './detectFormat';
import { readDetailsCsv } from './detailsCsv';
import { FieldCatalog } from './fieldCatalog';
import { readDetailsJson } from './json/detailsJson';
import { jsonItems } from './json/jsonItems';
import { readOrganizationsJson } from './json/organizationsJson';
import { parseJson } from './json/parseJson';
import { readProfilesJson } from './json/profilesJson';
import { readOrganizationsCsv } from './organizationsCsv';
import { csvLocator, jsonLocator, ProblemLog, UNKNOWN_COLUMN } from './problems';
import { readProfilesCsv } from './profilesCsv';
import { linkMoves, readMembershipsCsv } from './membershipsCsv';
import { readDeletionsCsv } from './deletionsCsv';
import { readServiceProjectsCsv } from './serviceProjectsCsv';
import { readMergesCsv } from './mergesCsv';
import { checkRowSizes } from './rowSize';
import { kindsOfHeaders, kindsOfJson, suggestKind } from './recognizeKind';
import { countBefore, findChar, takeJoined, type SomeText } from '../text/pieces';
import type {
  DraftOperation,
  ImportOptions,
  ImportPiecesInput,
  ImportProblem,
  ImportResult,
  ImportSite,
} from './types';
import { checkMapping, type Mapping } from '../mapping/mapping';
import { fileColumnLocator, fileColumnName, mapHeaders, translatingReader } from '../mapping/applyMapping';

type CsvReaderFactory = (
  headers: readonly string[],
  fields: FieldCatalog,
  log: ProblemLog,
  drafts: DraftOperation[],
  ignored: ReadonlySet<string>,
) => CsvRowReader;

const CSV_READERS: Record<ImportKind, CsvReaderFactory> = {
  profiles: readProfilesCsv,
  organizations: (headers, _fields, log, drafts, ignored) => readOrganizationsCsv(headers, log, drafts, ignored),
  details: readDetailsCsv,
  memberships: (headers, _fields, log, drafts, ignored) => readMembershipsCsv(headers, log, drafts, ignored),
  deletions: (headers, _fields, log, drafts, ignored) => readDeletionsCsv(headers, log, drafts, ignored),
  'service-projects': (headers, _fields, log, drafts, ignored) => readServiceProjectsCsv(headers, log, drafts, ignored),
  merges: (headers, _fields, log, drafts, ignored) => readMergesCsv(headers, log, drafts, ignored),
};

const JSON_READERS: Record<
  BulkKind,
  (items: readonly unknown[], fields: FieldCatalog, log: ProblemLog) => DraftOperation[]
> = {
  profiles: readProfilesJson,
  organizations: (items, _fields, log) => readOrganizationsJson(items, log),
  details: readDetailsJson,
};

/**
 * Reads a CSV or JSON file into row operations, with every problem found (row, column, what to do).
 * Operations come only from rows without errors, and none at all when the file or its header is wrong.
 */
export function readImport(input: ImportPiecesInput, site: ImportSite, options: ImportOptions = {}): ImportResult {
  const kind = input.kind ?? 'profiles';
  const text = stripByteOrderMark(input.text);
  const format = input.format ?? detectFormat(text);
  const maxRows = options.maxRows ?? MAX_JOB_ROWS;
  const { mapping } = options;
  /** Target → the file's own header, once the header row is mapped: problems name the column the admin sees. */
  const fileNames = new Map<string, string>();
  const log = new ProblemLog(format === 'json' ? jsonLocator : fileColumnLocator(csvLocator, fileNames));
  log.ignoreUnknownColumns = options.ignoreUnknownColumns === true;
  const fields = new FieldCatalog(site.detailFields);
  const ignored = new Set((options.ignoreColumns ?? []).map((name) => name.trim().toLowerCase()));
  let headers: string[] = [];
  let rowCount = 0;
  let drafts: DraftOperation[] = [];
  let suggestedKind: ImportKind | undefined;
  try {
    if (!readableAsUtf8(text, log)) {
      // Nothing in a file decoded with the wrong encoding can be trusted: names would be sent garbled.
    } else if (format === 'csv') {
      const shape = readCsvRows(text, maxRows, log, (fileHeaders) =>
        mapping
          ? mappedReader(fileHeaders, { kind, mapping, site, fields, log, drafts, ignored, fileNames })
          : CSV_READERS[kind](fileHeaders, fields, log, drafts, ignored),
      );
      if (shape) {
        headers = shape.headers;
        rowCount = shape.rowCount;
        if (!mapping) suggestedKind = suggestKind(kindsOfHeaders(headers), kind);
        if (kind === 'merges' && rowCount > MERGES_FILE_MAX) refuseManyMerges(rowCount, log);
      } else {
        drafts = [];
      }
    } else if (mapping) {
      log.fileError(
        'mapping-csv-only',
        'A mapping applies to CSV files: save the export as CSV, or import it without a mapping.',
      );
    } else if (!isBulkKind(kind)) {
      log.fileError(`${kind}-csv-only`, `A ${KIND_FILES[kind]} file is a CSV file: save it as CSV.`);
    } else {
      const parsed = parseJson(takeJoined(text), log);
      if (parsed.ok) suggestedKind = suggestKind(kindsOfJson(parsed.value), kind);
      const items = parsed.ok ? jsonItems(parsed.value, kind, maxRows, log) : undefined;
      if (items) {
        rowCount = items.length;
        drafts = JSON_READERS[kind](items, fields, log);
      }
    }
  } catch (error) {
    // Pathological input (very deep nesting, exhausted memory) must end in a message, not a crash.
    const reason = error instanceof Error ? error.message : String(error);
    log.fileError(
      'unreadable-file',
      `The file could not be read (${reason}). Check that it is a ${format.toUpperCase()} file of organizations, or split it.`,
    );
    drafts = [];
  }
  if (drafts.length > 0) checkRowSizes(drafts, format, log);
  const operations: FileOperation[] = [];
  if (!log.blocksWholeFile) {
    for (const draft of drafts) {
      // Drafts are this function's own objects: numbering them in place saves a copy of every operation.
      if (log.hasErrorOn(draft.row)) continue;
      draft.index = operations.length;
      operations.push(draft);
    }
    if (kind === 'memberships') linkMoves(operations);
  }
  return {
    kind,
    format,
    rowCount,
    headers,
    operations,
    problems: inRowOrder(inFileColumns(log.problems, fileNames)),
    rowsWithErrors: log.errorRowCount,
    unknownColumns: log.problems.flatMap((problem) =>
      problem.code === UNKNOWN_COLUMN && problem.column !== undefined ? [problem.column] : [],
    ),
    ...(suggestedKind === undefined ? {} : { suggestedKind }),
  };
}

/** The kind's reader of a mapped file: the mapping checked on the file's headers, then headers and cells mapped. */
function mappedReader(
  fileHeaders: readonly string[],
  context: {
    kind: ImportKind;
    mapping: Mapping;
    site: ImportSite;
    fields: FieldCatalog;
    log: ProblemLog;
    drafts: DraftOperation[];
    ignored: ReadonlySet<string>;
    fileNames: Map<string, string>;
  },
): CsvRowReader {
  const { kind, mapping, site, log } = context;
  for (const problem of checkMapping(mapping, kind, site.detailFields, fileHeaders)) log.fileError('mapping', problem);
  const mapped = mapHeaders(fileHeaders, mapping, site.detailFields);
  for (const [target, header] of mapped.fileHeaderOf) context.fileNames.set(target, header);
  const leftOut = new Set([...context.ignored, ...mapped.leftOut]);
  const reader = CSV_READERS[kind](mapped.headers, context.fields, log, context.drafts, leftOut);
  return translatingReader(reader, mapped);
}

/** Refused whole, before the site is asked anything: see MERGES_FILE_MAX. */
function refuseManyMerges(rowCount: number, log: ProblemLog): void {
  const max = MERGES_FILE_MAX.toLocaleString('en-US');
  log.fileError(
    'too-many-merges',
    `The file has ${rowCount.toLocaleString('en-US')} merges, more than the ${max} a merges file may have (each merged organization's members are read before it starts). Split it into files of at most ${max} merges.`,
  );
}

const KIND_FILES = {
  memberships: 'memberships',
  deletions: 'deletions',
  'service-projects': 'service projects',
  merges: 'merges',
};

function isBulkKind(kind: ImportKind): kind is BulkKind {
  return kind === 'profiles' || kind === 'organizations' || kind === 'details';
}

/** Problems naming the file's own columns, where a mapping renamed them. */
function inFileColumns(problems: ImportProblem[], fileNames: ReadonlyMap<string, string>): ImportProblem[] {
  if (fileNames.size === 0) return problems;
  return problems.map((problem) =>
    problem.column === undefined ? problem : { ...problem, column: fileColumnName(fileNames, problem.column) },
  );
}

/** File-level problems first, then by row; the order found is kept within a row. */
function inRowOrder(problems: ImportProblem[]): ImportProblem[] {
  return problems
    .map((problem, position) => ({ problem, position }))
    .sort((a, b) => (a.problem.row ?? 0) - (b.problem.row ?? 0) || a.position - b.position)
    .map(({ problem }) => problem);
}

/**
 * A file saved in another encoding than UTF-8 arrives with replacement characters (U+FFFD) where its
 * accented letters were, or with NUL bytes (UTF-16, or not a text file at all).
 */
function readableAsUtf8(text: SomeText, log: ProblemLog): boolean {
  const replacement = findChar(text, '\uFFFD');
  if (replacement) {
    const line = countBefore(text, '\n', replacement) + 1;
    log.fileError(
      'not-utf8',
      `Line ${line} has characters that could not be read, so the file is probably not saved as UTF-8. In Excel use "Save as → CSV UTF-8"; in Google Sheets "Download → CSV".`,
    );
    return false;
  }
  if (findChar(text, '\u0000')) {
    log.fileError(
      'binary-file',
      'The file contains NUL bytes: it is not a UTF-8 text file (it may be UTF-16, or a spreadsheet rather than a CSV). Save it as "CSV UTF-8" and try again.',
    );
    return false;
  }
  return true;
}
