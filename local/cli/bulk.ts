/**
 * `npm run --silent bulk -- COMMAND [flags]` (apply, resume, retry, export, sync; `--help` on each): runs the app's own handlers
 * (resolvers → queue consumer → triggers) in the local Forge runtime.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JobKindSchema } from '../../src/domain/operations';
import { codePointOf, HIDDEN_IN_TEXT } from '../../src/domain/text/hidden';
import { parseFlags, usageText, UsageError, type ParsedFlags } from './flags';
import {
  applyFile,
  call as callResolver,
  EXIT,
  exitCodeOf,
  failedRowsFile,
  followUpJob,
  JobCannotGoOnError,
  ResolverCallError,
} from './bulkApply';
import { leftOutWords, plural, report, undoNote, writeFailedRows } from './applyText';
import type { LocalRuntime } from '../runtime';
import type { JobView } from '../../src/jobs/views';
import { exportOrganizationsCsv } from './exportCsv';
import { drawProgress, endProgress, progressLine } from './progressBar';
import { whileCancellable } from './cancellable';
import { openSession } from './session';
import { StateDirLockedError } from './stateLock';
import { chooseKind, fileFormat, unknownColumnsNote } from './applyKind';
import { SyncRunGoingError, syncOnce, type SyncSummary } from './bulkSync';
import { describeRemovedFromSource, describeRemovedRun, describeRunCounts } from '../../src/domain/sync';
import { JOBS_COMMAND, jobsCommand, type JOBS_FLAGS } from './bulkJobs';
import { abandonedJobsNote, finishItFirst, resumeJob, takeOverWords, unfinishedJob } from './unfinishedJob';

/** Where apply, resume, retry, undo, sync and export keep their state unless --state-dir says otherwise. */
const DEFAULT_STATE_DIR = '.local';

const CSM_URL = {
  type: 'string',
  value: 'URL',
  help: 'a CSM to call (e.g. a standalone emulator); default: an embedded emulator',
} as const;
const JSON_FLAG = { type: 'boolean', help: 'print one JSON summary on stdout' } as const;
const FAILED_ROWS_FLAG = {
  type: 'string',
  value: 'OUT.csv',
  help: 'write the rows CSM refused to OUT.csv in the import format, with a Failure Reason column: correct them and import the file again',
} as const;

const APPLY_FLAGS = {
  kind: {
    type: 'string',
    value: 'KIND',
    help: 'organizations, profiles or details; default: the kind the headers say (refused when they say another)',
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
  json: JSON_FLAG,
} as const;
const FOLLOW_UP_FLAGS = {
  'csm-url': CSM_URL,
  'state-dir': { type: 'string', value: 'DIR', help: 'where apply kept the job (default .local/)' },
  'confirm-stale': { type: 'boolean', help: 'send them even though the job ended more than a day ago' },
  'failed-rows': FAILED_ROWS_FLAG,
  json: JSON_FLAG,
} as const;
const UNDO_FLAGS = {
  ...FOLLOW_UP_FLAGS,
  'delete-created': {
    type: 'boolean',
    help: 'then delete the organizations the job created (one request each); needs --yes',
  },
  yes: { type: 'boolean', help: 'confirm --delete-created' },
} as const;
const EXPORT_FLAGS = {
  'csm-url': CSM_URL,
  'state-dir': {
    type: 'string',
    value: 'DIR',
    help: "where apply kept the embedded emulator's organizations (default .local/); not used with --csm-url",
  },
  out: { type: 'string', value: 'FILE', help: 'write the CSV here instead of stdout' },
} as const;
const SYNC_FLAGS = {
  'csm-url': CSM_URL,
  'state-dir': { type: 'string', value: 'DIR', help: 'where the last applied snapshot is kept (default .local/)' },
  json: JSON_FLAG,
} as const;

const COMMANDS = {
  apply: {
    synopsis: 'npm run --silent bulk -- apply FILE [flags]',
    description:
      'Runs one job through the app. Exit 0 every row succeeded (or a clean dry run), 1 rows failed, 2 the input was invalid and nothing was sent, 3 anything else.',
    flags: APPLY_FLAGS,
  },
  resume: {
    synopsis: 'npm run --silent bulk -- resume JOB_ID [flags]',
    description:
      'Finishes a job whose command was killed (or quit while CSM was away): it is run to its end here, nothing sent twice. For a job that ended, sends the rows a cancel (Ctrl-C during apply) left unsent, exactly those, once. Exit codes as apply.',
    flags: FOLLOW_UP_FLAGS,
  },
  retry: {
    synopsis: 'npm run --silent bulk -- retry JOB_ID [flags]',
    description:
      "Sends a job's failed rows again, once: only those that failed for a passing reason (busy, rate-limited, timed out, an answer lost); rows CSM refused for what they hold are left out and counted (leftOut in --json): correct them and apply them again. Asked again, it follows the first retry. Exit codes as apply; 2 when every failed row needs fixing (--failed-rows then writes them).",
    flags: FOLLOW_UP_FLAGS,
  },
  undo: {
    synopsis: 'npm run --silent bulk -- undo JOB_ID [flags]',
    description:
      "Puts back the names and detail values a job's rows replaced (read from the site just before each was sent), as a new job, once: rows that hold those values already are not sent. Organizations the job created stay as they are (counted as leftOut in --json) unless --delete-created --yes deletes them. Exit codes as apply.",
    flags: UNDO_FLAGS,
  },
  export: {
    synopsis: 'npm run --silent bulk -- export [flags]',
    description:
      'Writes every organization with its detail values as CSV in the native import format: without --csm-url, those of the embedded emulator apply kept in the state directory.',
    flags: EXPORT_FLAGS,
  },
  sync: {
    synopsis: 'npm run --silent bulk -- sync SOURCE [flags]',
    description:
      'One organization sync of SOURCE (a file or an https URL), as the hourly trigger runs it: only changed rows are sent.',
    flags: SYNC_FLAGS,
  },
  jobs: JOBS_COMMAND,
} as const;

const USAGE = `Usage: npm run --silent bulk -- COMMAND [flags]

Commands:
  apply FILE    run one job (organizations, profiles or detail values) through the app
  resume JOB    finish a job whose command was killed; send the rows a cancelled job did not send
  retry JOB     send a job's failed rows again
  undo JOB      put back what a job's rows replaced
  export        write every organization as CSV
  sync SOURCE   keep CSM equal to a source, sending only what changed
  jobs          list the jobs kept in the state directory, newest first

npm run --silent bulk -- COMMAND --help lists a command's flags.`;

async function apply({ positionals, values }: ParsedFlags<typeof APPLY_FLAGS>): Promise<number> {
  const [file, extra] = positionals;
  if (!file) throw new UsageError('apply needs a FILE.');
  if (extra !== undefined) throw new UsageError(`apply takes one FILE; '${extra}' is one too many.`);
  const kindFlag = values.kind === undefined ? undefined : JobKindSchema.safeParse(values.kind);
  if (kindFlag && !kindFlag.success) throw new UsageError('--kind must be organizations, profiles or details.');
  const json = values.json === true;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`);
    return EXIT.invalid;
  }
  const format = fileFormat(text, file);
  const kind = chooseKind(text, kindFlag?.data, path.basename(file), format);
  if ('error' in kind) {
    process.stderr.write(`${kind.error}\n`);
    return EXIT.invalid;
  }
  if (kind.note) process.stderr.write(`${kind.note}\n`);
  const stateDir = values['state-dir'] ?? DEFAULT_STATE_DIR;
  const session = await openSession({ csmUrl: values['csm-url'], stateDir, command: 'apply' });
  try {
    const dirFlag = values['state-dir'] === undefined ? '' : ` --state-dir ${values['state-dir']}`;
    for (const note of await abandonedJobsNote(session.runtime, dirFlag)) process.stderr.write(`${note}\n`);
    const summary = await whileCancellable((signal) =>
      applyFile(session.runtime, {
        text,
        kind: kind.kind,
        format,
        fileName: path.basename(file),
        dryRun: values['dry-run'] === true,
        skipInvalid: values['skip-invalid'] === true,
        allowOverlap: values['allow-overlap'] === true,
        sendAll: values['send-all'] === true,
        ignoreUnknownColumns: values['ignore-unknown-columns'] === true,
        onUnknownColumns: (columns, ignored) => process.stderr.write(`${unknownColumnsNote(columns, ignored)}\n`),
        createFields: values['create-fields'] === true,
        onFieldsNote: (line) => process.stderr.write(`${line}\n`),
        signal,
        onStarted: (jobId) => process.stderr.write(`Job ${jobId} started\n`),
        onProgress: drawJobProgress,
      }),
    );
    report(summary, json, values['state-dir']);
    await writeFailedRows(session.runtime, summary, values['failed-rows'], text);
    return exitCodeOf(summary);
  } finally {
    await session.close();
  }
}

const FOLLOW_UP_COMMANDS = {
  resumeJob: 'resume',
  retryFailed: 'retry',
  undoJob: 'undo',
  deleteCreated: 'undo',
} as const;

async function followUp(
  action: keyof typeof FOLLOW_UP_COMMANDS,
  { positionals, values }: ParsedFlags<typeof FOLLOW_UP_FLAGS>,
  /** undo --delete-created: the delete job follows, so the undo does not say the created organizations stay. */
  deleteFollows = false,
): Promise<number> {
  const [jobId, extra] = positionals;
  const command = FOLLOW_UP_COMMANDS[action];
  if (!jobId) throw new UsageError(`${command} needs the JOB_ID apply printed.`);
  if (extra !== undefined) throw new UsageError(`${command} takes one JOB_ID; '${extra}' is one too many.`);
  const stateDir = values['state-dir'] ?? DEFAULT_STATE_DIR;
  if (!existsSync(path.join(stateDir, 'kvs.json'))) {
    process.stderr.write(
      `No jobs are kept in ${stateDir}: ${command} finds the jobs apply kept there (in ${DEFAULT_STATE_DIR}/, or in the --state-dir DIR apply was given).\n`,
    );
    return EXIT.invalid;
  }
  const session = await openSession({ csmUrl: values['csm-url'], stateDir, command });
  try {
    const summary = await whileCancellable((signal) => {
      const follow = { jobId, confirmStale: values['confirm-stale'] === true, signal, onProgress: drawJobProgress };
      if (action !== 'resumeJob') return followUpJob(session.runtime, { ...follow, action });
      return resumeJob(session.runtime, { ...follow, onTakeOver: (view) => process.stderr.write(takeOverWords(view)) });
    });
    if (action === 'deleteCreated' && summary.existing)
      process.stderr.write(
        `The organizations job ${jobId} created were deleted by job ${summary.jobId} already: nothing was deleted now. Its outcome:\n`,
      );
    report(summary, values.json === true, values['state-dir']);
    if (summary.leftOut && (action === 'undoJob' || action === 'deleteCreated')) {
      const note = action === 'undoJob' ? undoNote(summary.leftOutMessage, deleteFollows) : summary.leftOutMessage;
      if (note) process.stderr.write(`${note}\n`);
    } else if (summary.leftOut) process.stderr.write(`${leftOutWords(summary.leftOut, jobId)}\n`);
    if (summary.changedSince) {
      const dirFlag = values['state-dir'] === undefined ? '' : ` --state-dir ${values['state-dir']}`;
      const [they, were] = summary.changedSince === 1 ? ['it', 'was'] : ['them', 'were'];
      process.stderr.write(
        `${summary.changedSince} organization${summary.changedSince === 1 ? '' : 's'} changed again after job ${jobId} ${were} not put back (each is listed above with what it holds now). To restore ${they} anyway: npm run --silent bulk -- retry ${summary.jobId}${dirFlag}\n`,
      );
    }
    await writeFailedRows(session.runtime, summary, values['failed-rows']);
    return exitCodeOf(summary);
  } catch (error) {
    if (
      error instanceof ResolverCallError &&
      ['NOT_FOUND', 'INVALID_INPUT', 'NEEDS_CONFIRMATION', 'INVALID_PAYLOAD'].includes(error.code)
    ) {
      const advice = error.code === 'NEEDS_CONFIRMATION' ? ' Pass --confirm-stale to send anyway.' : '';
      // "Wait until the job has ended" would wait for good when the command running it is gone: resume finishes it.
      const unfinished = error.code === 'INVALID_INPUT' && (await unfinishedJob(session.runtime, jobId));
      const dirFlag = values['state-dir'] === undefined ? '' : ` --state-dir ${values['state-dir']}`;
      const message = action === 'undoJob' ? (undoNote(error.message, deleteFollows) ?? error.message) : error.message;
      process.stderr.write(`${unfinished ? finishItFirst(jobId, dirFlag) : `${message}${advice}`}\n`);
      // Every failed row needs fixing: --failed-rows writes them, ready to correct and apply.
      const out = values['failed-rows'];
      if (
        action === 'retryFailed' &&
        error.code === 'INVALID_INPUT' &&
        out &&
        (await hasFailures(session.runtime, jobId))
      ) {
        writeFileSync(out, await failedRowsFile(session.runtime, jobId));
        process.stderr.write(
          `The failed rows of job ${jobId} were written to ${out}: correct them and apply the file.\n`,
        );
      }
      return EXIT.invalid;
    }
    throw error;
  } finally {
    await session.close();
  }
}

/**
 * `bulk undo`: the job putting back what the job replaced, then (with --delete-created --yes) the delete job of the
 * organizations it created, by id, as its ledger holds them: a job of the engine like any other, each delete retried
 * while it may pass. A job that only created organizations has nothing to put back: the delete job runs all the same.
 */
async function undo(parsed: ParsedFlags<typeof UNDO_FLAGS>): Promise<number> {
  const deleteCreated = parsed.values['delete-created'] === true;
  if (deleteCreated && parsed.values.yes !== true)
    throw new UsageError('--delete-created deletes organizations for good: add --yes to confirm.');
  const undone = await followUp('undoJob', parsed, deleteCreated);
  if (!deleteCreated) return undone;
  // Nothing to put back (or not yet ended: the delete step says so too) is no reason not to delete.
  if (undone !== EXIT.ok && undone !== EXIT.invalid) return undone;
  const deleted = await followUp('deleteCreated', parsed);
  return undone === EXIT.invalid ? deleted : Math.max(undone, deleted);
}

async function hasFailures(runtime: LocalRuntime, jobId: string): Promise<boolean> {
  const view = await callResolver(runtime, 'getJob', { jobId, failuresLimit: 0 });
  return view.failuresTotal > 0;
}

const drawJobProgress = (view: JobView) =>
  drawProgress(
    progressLine(
      view.progress.succeeded + view.progress.failed,
      view.progress.total,
      `${view.status.toLowerCase()}, ${plural(view.progress.openTasks, 'open task')}`,
    ),
  );

async function exportCommand({ positionals, values }: ParsedFlags<typeof EXPORT_FLAGS>): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`export takes no argument; got '${positionals[0]}'.`);
  // The embedded emulator's organizations are those apply kept in the state directory; a CSM at --csm-url needs none.
  const csmUrl = values['csm-url'];
  const session = await openSession(
    csmUrl ? { csmUrl } : { stateDir: values['state-dir'] ?? DEFAULT_STATE_DIR, command: 'export' },
  );
  try {
    const csv = await exportOrganizationsCsv(session.runtime);
    const out = values.out;
    if (out) writeFileSync(out, csv);
    // A terminal runs escape sequences a name may hold: there, hidden characters are shown as their code points.
    else process.stdout.write(process.stdout.isTTY ? visibleControls(csv) : csv);
    return EXIT.ok;
  } finally {
    await session.close();
  }
}

/** Hidden characters (but line ends and tabs) as `⟨U+0007⟩`, for a terminal. */
function visibleControls(text: string): string {
  return text.replace(HIDDEN_IN_TEXT, (char) => `⟨${codePointOf(char)}⟩`);
}

async function syncCommand({ positionals, values }: ParsedFlags<typeof SYNC_FLAGS>): Promise<number> {
  const [source] = positionals;
  if (!source) throw new UsageError('sync needs a SOURCE: a file path or an https URL.');
  let syncSource: { url: string } | { text: string; fileName: string };
  if (/^https?:\/\//i.test(source)) syncSource = { url: source };
  else {
    try {
      syncSource = { text: readFileSync(source, 'utf8'), fileName: path.basename(source) };
    } catch (error) {
      process.stderr.write(`Cannot read ${source}: ${(error as Error).message}\n`);
      return EXIT.invalid;
    }
  }
  // The snapshot in DIR/kvs.json; an embedded emulator's organizations stay in memory, as they always have.
  const session = await openSession({
    csmUrl: values['csm-url'],
    stateDir: values['state-dir'] ?? DEFAULT_STATE_DIR,
    emulatorInStateDir: false,
    command: 'sync',
  });
  try {
    const summary = await syncOnce(session.runtime, {
      source: syncSource,
      onNote: (text) => process.stderr.write(`${text}\n`),
      onProgress: (view) =>
        drawProgress(
          progressLine(view.progress.succeeded + view.progress.failed, view.progress.total, view.status.toLowerCase()),
        ),
    });
    reportSync(summary, values.json === true);
    if (summary.sync.status === 'WAITING') return EXIT.other;
    return exitCodeOf(summary);
  } catch (error) {
    if (!(error instanceof SyncRunGoingError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return EXIT.other;
  } finally {
    await session.close();
  }
}

function reportSync(summary: SyncSummary, json: boolean) {
  if (summary.jobId)
    endProgress(progressLine(summary.succeeded + summary.failed, summary.operations, summary.status.toLowerCase()));
  for (const reason of summary.sync.reasons ?? []) process.stderr.write(`${reason}\n`);
  for (const failure of summary.failures.slice(0, 50)) process.stderr.write(`Row ${failure.row}: ${failure.error}\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  if (summary.sync.status === 'FAILED' && !summary.jobId)
    process.stdout.write('FAILED: the source has problems (above); nothing was sent.\n');
  else if (summary.sync.status === 'WAITING')
    process.stdout.write('WAITING: CSM refused the call; open the admin page to let the run go on.\n');
  else {
    // The run's counts in the page's words: changed means changed in CSM, not sent to compare.
    const run = { ...summary.sync, at: 0, trigger: 'cli' as const, jobId: summary.jobId ?? undefined };
    const counts = describeRunCounts({ ...run, succeeded: summary.succeeded, failed: summary.failed });
    process.stdout.write(
      `${summary.sync.status}: ${counts}, in ${plural(summary.requests.write, 'write request')} (${summary.elapsedMs} ms)\n`,
    );
  }
  const removed = describeRemovedRun(summary.sync.removed);
  if (removed) process.stdout.write(`${removed}\n`);
  process.stdout.write(`${describeRemovedFromSource(summary.sync.removedFromSource)}.\n`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let usage = USAGE;
  try {
    if (command === '--help' || command === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (!command) throw new UsageError('Name a command.');
    if (!(command in COMMANDS)) throw new UsageError(`Unknown command "${command}".`);
    const spec = COMMANDS[command as keyof typeof COMMANDS];
    usage = usageText(spec.synopsis, spec.description, spec.flags);
    const parsed = parseFlags(rest, spec.flags, { positionals: true });
    if (parsed.help) {
      process.stdout.write(`${usage}\n`);
      return EXIT.ok;
    }
    switch (command) {
      case 'apply':
        return await apply(parsed as ParsedFlags<typeof APPLY_FLAGS>);
      case 'resume':
        return await followUp('resumeJob', parsed as ParsedFlags<typeof FOLLOW_UP_FLAGS>);
      case 'retry':
        return await followUp('retryFailed', parsed as ParsedFlags<typeof FOLLOW_UP_FLAGS>);
      case 'undo':
        return await undo(parsed as ParsedFlags<typeof UNDO_FLAGS>);
      case 'export':
        return await exportCommand(parsed as ParsedFlags<typeof EXPORT_FLAGS>);
      case 'jobs':
        return await jobsCommand(parsed as ParsedFlags<typeof JOBS_FLAGS>, DEFAULT_STATE_DIR);
      default:
        return await syncCommand(parsed as ParsedFlags<typeof SYNC_FLAGS>);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${usage}\n`);
      return EXIT.invalid;
    }
    if (error instanceof StateDirLockedError || error instanceof JobCannotGoOnError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.other;
    }
    process.stderr.write(`bulk failed: ${(error as Error).stack ?? error}\n`);
    return EXIT.other;
  }
}

// The app's own logs (what `forge logs` shows, e.g. a runner's "job X: waitingForUser") go to stderr: stdout carries
// only the command's answer, one JSON summary with --json.
console.log = console.info = (...args: unknown[]) => console.error(...args);

main(process.argv.slice(2)).then((code) => process.exit(code));
