import { readFileSync, writeFileSync } from 'node:fs';
import { absentFromSource, deletionsCsv, mergesCsv, mergesFileTooLong, sourceNames } from '../../../src/domain/cleanup';
import {
  findDuplicates,
  findEmpty,
  FinderFailed,
  listOrganizations,
  type FinderProgress,
  type FinderWaits,
} from '../finders';
import { UsageError, type ParsedFlags } from '../flags';
import { resolveIn, say, type CliIo } from '../io';
import type { LocalRuntime } from '../../runtime';
import { openSession } from '../session';
import { EXIT } from '../summary';
import { plural } from '../words';
import { command, CSM_URL, DEFAULT_STATE_DIR } from './command';

const FINDERS = ['empty', 'duplicates', 'absent'] as const;
type Finder = (typeof FINDERS)[number];

const FIND_FLAGS = {
  out: {
    type: 'string',
    value: 'FILE',
    help: 'the file to write (required): a deletions file, or for duplicates a merges file',
  },
  source: {
    type: 'string',
    value: 'FILE',
    help: 'absent only (required there): a profiles or organizations file; the organizations it does not name are written',
  },
  'csm-url': CSM_URL,
  'state-dir': {
    type: 'string',
    value: 'DIR',
    help: "where apply kept the embedded emulator's organizations (default .local/); not used with --csm-url",
  },
} as const;

/** Progress lines go out each time this many more organizations have been read. */
const PROGRESS_EVERY = 500;

export const find = command({
  synopsis: 'npm run --silent bulk -- find empty|duplicates|absent --out FILE [flags]',
  description:
    'Finds organizations to clean up and writes them to a file to review, changing nothing: empty (no member) and absent (not named in --source) as a deletions file, duplicates (names alike but for case, spaces and trailing punctuation) as a merges file, the one with the most members kept.',
  flags: FIND_FLAGS,
  run: runFind,
});

async function runFind({ positionals, values }: ParsedFlags<typeof FIND_FLAGS>, io: CliIo): Promise<number> {
  const finder = finderOf(positionals);
  const out = values.out;
  if (!out) throw new UsageError('find needs --out FILE: the file to write.');
  if (finder !== 'absent' && values.source !== undefined)
    throw new UsageError(`--source is for find absent only; find ${finder} reads the site alone.`);
  if (finder === 'absent' && values.source === undefined)
    throw new UsageError('find absent needs --source FILE: the organizations the site should hold.');
  const source = values.source === undefined ? undefined : readSource(io, values.source);
  if (source && !source.ok) {
    say(io, `${values.source} cannot be read as a source, so nothing was written:\n  ${source.problems.join('\n  ')}`);
    return EXIT.invalid;
  }
  const names = source?.ok ? { file: values.source!, names: source.names, ids: source.ids } : undefined;
  if (names && names.names.length === 0 && names.ids.length === 0) {
    say(io, `${values.source} names no organization: every organization would be absent. Nothing was written.`);
    return EXIT.invalid;
  }
  const csmUrl = values['csm-url'];
  const session = await openSession(
    csmUrl ? { csmUrl } : { stateDir: resolveIn(io, values['state-dir'] ?? DEFAULT_STATE_DIR), command: 'find' },
  );
  try {
    const text = await findAndWrite(session.runtime, finder, { out, source: names, io });
    io.stdout.write(`${text}\n`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof FinderFailed)) throw error;
    say(io, `find ${finder} stopped, nothing was written: ${error.message}`);
    return EXIT.other;
  } finally {
    await session.close();
  }
}

type SourceFile = { file: string; names: string[]; ids: string[] };

/** Runs the finder, writes its file, and says what it wrote. */
async function findAndWrite(
  runtime: LocalRuntime,
  finder: Finder,
  { out, source, io }: { out: string; source: SourceFile | undefined; io: CliIo },
): Promise<string> {
  const progress = progressLines(io);
  const waits: FinderWaits = {
    waiting: (message, ms) => say(io, `${message} Asking again in ${Math.round(ms / 1000)} s…`),
  };
  if (finder === 'duplicates') {
    const groups = await findDuplicates(runtime, progress, waits);
    writeFileSync(resolveIn(io, out), mergesCsv(groups));
    const merged = groups.reduce((sum, group) => sum + group.merge.length, 0);
    const tooLong = mergesFileTooLong(groups);
    return `${plural(merged, 'organization')} to merge into ${plural(groups.length, 'other')} written to ${out}: a merges file (each row keeps the organization with the most members, then the oldest); review it before merging${tooLong ? `. ${tooLong}` : ''}`;
  }
  const found =
    finder === 'empty'
      ? await findEmpty(runtime, progress, waits)
      : absentFromSource(await listOrganizations(runtime, progress, waits), source?.names ?? [], source?.ids ?? []);
  writeFileSync(resolveIn(io, out), deletionsCsv(found));
  const what =
    finder === 'empty'
      ? plural(found.length, 'empty organization')
      : `${plural(found.length, 'organization')} absent from ${source?.file}`;
  return `${what} written to ${out}: a deletions file; preview it with bulk apply ${out} --kind deletions --dry-run`;
}

function finderOf(positionals: readonly string[]): Finder {
  if (positionals.length === 0) throw new UsageError('Name a finder: find empty, find duplicates or find absent.');
  if (positionals.length > 1) throw new UsageError(`find takes one finder; got '${positionals.join(' ')}'.`);
  const [name] = positionals;
  if (!(FINDERS as readonly string[]).includes(name))
    throw new UsageError(`find empty, find duplicates or find absent; got '${name}'.`);
  return name as Finder;
}

function readSource(io: CliIo, file: string) {
  let text: string;
  try {
    text = readFileSync(resolveIn(io, file), 'utf8');
  } catch (error) {
    throw new UsageError(`--source ${file} cannot be read: ${(error as Error).message}`);
  }
  return sourceNames(text);
}

/** "scanned 2,500 organizations…" each PROGRESS_EVERY organizations, and each call of the members pass. */
function progressLines(io: CliIo): FinderProgress {
  let said = 0;
  return ({ pass, done, of }) => {
    if (pass === 'members')
      return say(io, `counted the members of ${done.toLocaleString('en-US')} of ${plural(of ?? done, 'candidate')}…`);
    if (Math.floor(done / PROGRESS_EVERY) <= Math.floor(said / PROGRESS_EVERY)) return;
    said = done;
    say(io, `scanned ${plural(done, 'organization')}…`);
  };
}
