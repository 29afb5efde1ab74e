import { readFileSync } from 'node:fs';
import path from 'node:path';
import { report } from '../applyText';
import { SyncRunGoingError, syncOnce } from '../bulkSync';
import { UsageError, type ParsedFlags } from '../flags';
import { resolveIn, say, type CliIo } from '../io';
import { drawProgress, progressLine } from '../progressBar';
import { mappingFile, MAPPING_FLAGS } from '../mappingOption';
import { openSession } from '../session';
import { EXIT, exitCodeOf } from '../summary';
import { command, CSM_URL, DEFAULT_STATE_DIR, JSON_FLAG } from './command';

const SYNC_FLAGS = {
  'csm-url': CSM_URL,
  ...MAPPING_FLAGS,
  'state-dir': { type: 'string', value: 'DIR', help: 'where the last applied snapshot is kept (default .local/)' },
  json: JSON_FLAG,
} as const;

export const sync = command({
  synopsis: 'npm run --silent bulk -- sync SOURCE [flags]',
  description:
    'One organization sync of SOURCE (a file or an https URL), as the hourly trigger runs it: only changed rows are sent.',
  flags: SYNC_FLAGS,
  run: runSync,
});

async function runSync({ positionals, values }: ParsedFlags<typeof SYNC_FLAGS>, io: CliIo): Promise<number> {
  const [source] = positionals;
  if (!source) throw new UsageError('sync needs a SOURCE: a file path or an https URL.');
  let syncSource: { url: string } | { text: string; fileName: string };
  if (/^https?:\/\//i.test(source)) syncSource = { url: source };
  else {
    try {
      syncSource = { text: readFileSync(resolveIn(io, source), 'utf8'), fileName: path.basename(source) };
    } catch (error) {
      say(io, `Cannot read ${source}: ${(error as Error).message}`);
      return EXIT.invalid;
    }
  }
  // --map: saved on the site for the plan (plans read a saved mapping, by name, at every run); --map-name: as saved.
  const mapping = mappingFile(io, values.map, values['map-name']);
  // The snapshot in DIR/kvs.json; an embedded emulator's organizations stay in memory, as they always have.
  const session = await openSession({
    csmUrl: values['csm-url'],
    stateDir: resolveIn(io, values['state-dir'] ?? DEFAULT_STATE_DIR),
    emulatorInStateDir: false,
    command: 'sync',
  });
  try {
    const summary = await syncOnce(session.runtime, {
      source: syncSource,
      ...(mapping ? { mapping } : {}),
      ...(values['map-name'] !== undefined ? { mappingName: values['map-name'] } : {}),
      onNote: (text) => say(io, text),
      onProgress: (view) =>
        drawProgress(
          io.stderr,
          progressLine(view.progress.succeeded + view.progress.failed, view.progress.total, view.status.toLowerCase()),
        ),
    });
    report(io, summary, { json: values.json === true });
    if (summary.sync.status === 'WAITING') return EXIT.other;
    return exitCodeOf(summary);
  } catch (error) {
    if (!(error instanceof SyncRunGoingError)) throw error;
    say(io, error.message);
    return EXIT.other;
  } finally {
    await session.close();
  }
}
