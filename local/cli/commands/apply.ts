import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JobKindSchema } from '../../../src/domain/operations';
import { addCustomers, customersOption } from '../customers';
import { chooseKind, fileFormat, unknownColumnsNote } from '../applyKind';
import { report, writeFailedRows } from '../applyText';
import { applyFile } from '../bulkApply';
import { whileCancellable } from '../cancellable';
import { UsageError, type ParsedFlags } from '../flags';
import { resolveIn, say, type CliIo } from '../io';
import { openSession } from '../session';
import { EXIT, exitCodeOf } from '../summary';
import { abandonedJobsNote } from '../unfinishedJob';
import { command, CSM_URL, DEFAULT_STATE_DIR, JSON_FLAG, FAILED_ROWS_FLAG } from './command';
import { drawJobProgress } from './progress';
import { stateDirFlag } from '../words';
import { mappedHeaderText, mappingFile, MAPPING_FLAGS, savedMapping } from '../mappingOption';
import type { ImportKind } from '../../../src/domain/operations';

const APPLY_FLAGS = {
  kind: {
    type: 'string',
    value: 'KIND',
    help: 'organizations, profiles, details, memberships, service-projects, or deletions and merges (these two never taken from the headers); default: the kind the headers say (refused when they say another)',
  },
  yes: {
    type: 'boolean',
    help: 'confirm a deletions file: its organizations are deleted (bulk restore JOB_ID creates them again, with new IDs)',
  },
  'csm-url': CSM_URL,
  'dry-run': { type: 'boolean', help: 'check the file against the site and plan it; send nothing' },
  'skip-invalid': {
    type: 'boolean',
    help: 'send the rows without errors and leave the others out (listed, and in skippedRows with --json); with --dry-run, checks the file as that run would',
  },
  'send-all': {
    type: 'boolean',
    help: 'send every row; by default each request is compared with the site first and rows that would change nothing are left out (counted as unchanged)',
  },
  'allow-overlap': {
    type: 'boolean',
    help: 'start even though an unfinished job changes some of the same organizations',
  },
  'create-fields': {
    type: 'boolean',
    help: 'first create the detail fields the file names that the site lacks, each with the type its values suggest (named on stderr)',
  },
  'ignore-unknown-columns': {
    type: 'boolean',
    help: 'leave out every column the kind has no use for (named on stderr); otherwise such a column stops the job',
  },
  'failed-rows': {
    ...FAILED_ROWS_FLAG,
    help: 'write the rows CSM refused, and those --skip-invalid left out (as the file held them), to OUT.csv in the import format, with a Failure Reason column: correct them and import the file again',
  },
  'state-dir': {
    type: 'string',
    value: 'DIR',
    help: "keep the job (and an embedded emulator's organizations) in DIR, for a later resume, retry or undo (default .local/); one command at a time per DIR",
  },
  customers: {
    type: 'string',
    value: 'FILE',
    help: "the embedded emulator's customers, for a memberships file to name by email: a CSV with Email and Name columns (joined to those kept in the state directory); not with --csm-url",
  },
  ...MAPPING_FLAGS,
  json: JSON_FLAG,
} as const;

type ApplyFlags = ParsedFlags<typeof APPLY_FLAGS>;

export const apply = command({
  synopsis: 'npm run --silent bulk -- apply FILE [flags]',
  description:
    'Runs one job through the app. Exit 0 every row succeeded (or a clean dry run), 1 rows failed, 2 the input was invalid and nothing was sent, 3 anything else.',
  flags: APPLY_FLAGS,
  run: runApply,
});

async function runApply({ positionals, values }: ApplyFlags, io: CliIo): Promise<number> {
  const [file, extra] = positionals;
  if (!file) throw new UsageError('apply needs a FILE.');
  if (extra !== undefined) throw new UsageError(`apply takes one FILE; '${extra}' is one too many.`);
  const kindFlag = values.kind === undefined ? undefined : JobKindSchema.safeParse(values.kind);
  if (kindFlag && !kindFlag.success)
    throw new UsageError(
      '--kind must be organizations, profiles, details, memberships, deletions, service-projects or merges.',
    );
  if (
    (kindFlag?.data === 'deletions' || kindFlag?.data === 'merges') &&
    values.yes !== true &&
    values['dry-run'] !== true
  )
    throw new UsageError(
      `A ${kindFlag.data} file deletes organizations: run it with --dry-run to see what it deletes, then add --yes to confirm.`,
    );
  let text: string;
  try {
    text = readFileSync(resolveIn(io, file), 'utf8');
  } catch (error) {
    say(io, `Cannot read ${file}: ${(error as Error).message}`);
    return EXIT.invalid;
  }
  const customers = customersOption(values.customers && resolveIn(io, values.customers), values['csm-url']);
  const format = fileFormat(text, file);
  let mapping = mappingFile(io, values.map, values['map-name']);
  const stateDir = resolveIn(io, values['state-dir'] ?? DEFAULT_STATE_DIR);
  const session = await openSession({ csmUrl: values['csm-url'], stateDir, command: 'apply' });
  try {
    let savedKind: ImportKind | undefined;
    if (values['map-name'] !== undefined) {
      const saved = await savedMapping(session.runtime, values['map-name']);
      if ('error' in saved) {
        say(io, saved.error);
        return EXIT.invalid;
      }
      ({ mapping, kind: savedKind } = saved);
    }
    // A CRM export's own headers say no kind: the kind is told from the columns the mapping makes of them.
    const kindText = mapping ? mappedHeaderText(text, mapping) : text;
    const kind = chooseKind(kindText, kindFlag?.data ?? savedKind, path.basename(file), format);
    if ('error' in kind) {
      say(io, kind.error);
      return EXIT.invalid;
    }
    if (kind.note) say(io, kind.note);
    if (customers && session.emulator) addCustomers(session.emulator, customers);
    for (const note of await abandonedJobsNote(session.runtime, stateDirFlag(values['state-dir']))) say(io, note);
    const summary = await whileCancellable(io, (signal) =>
      applyFile(session.runtime, {
        text,
        kind: kind.kind,
        format,
        fileName: path.basename(file),
        dryRun: values['dry-run'] === true,
        skipInvalid: values['skip-invalid'] === true,
        allowOverlap: values['allow-overlap'] === true,
        sendAll: values['send-all'] === true,
        confirmDelete: values.yes === true,
        ignoreUnknownColumns: values['ignore-unknown-columns'] === true,
        ...(mapping ? { mapping } : {}),
        onUnknownColumns: (columns, ignored) => say(io, unknownColumnsNote(columns, ignored)),
        createFields: values['create-fields'] === true,
        onFieldsNote: (line) => say(io, line),
        onNote: (line) => say(io, line),
        signal,
        onStarted: (jobId) => say(io, `Job ${jobId} started`),
        onProgress: drawJobProgress(io.stderr),
      }),
    );
    report(io, summary, { json: values.json === true, stateDir: values['state-dir'] });
    await writeFailedRows(io, session.runtime, summary, values['failed-rows'], text);
    return exitCodeOf(summary);
  } finally {
    await session.close();
  }
}
