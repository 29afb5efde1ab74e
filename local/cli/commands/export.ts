import { writeFileSync } from 'node:fs';
import { codePointOf, HIDDEN_IN_TEXT } from '../../../src/domain/text/hidden';
import { exportMembershipsCsv, exportOrganizationsCsv } from '../exportCsv';
import { UsageError, type ParsedFlags } from '../flags';
import { resolveIn, type CliIo } from '../io';
import { openSession } from '../session';
import { EXIT } from '../summary';
import { command, CSM_URL, DEFAULT_STATE_DIR } from './command';

const EXPORT_FLAGS = {
  kind: {
    type: 'string',
    value: 'KIND',
    help: 'organizations (default: every organization with its detail values) or memberships (every member of every organization)',
  },
  'csm-url': CSM_URL,
  'state-dir': {
    type: 'string',
    value: 'DIR',
    help: "where apply kept the embedded emulator's organizations (default .local/); not used with --csm-url",
  },
  out: { type: 'string', value: 'FILE', help: 'write the CSV here instead of stdout' },
} as const;

export const exportCommand = command({
  synopsis: 'npm run --silent bulk -- export [flags]',
  description:
    'Writes every organization with its detail values as CSV in the native import format, or with --kind memberships every member of every organization as a memberships file: without --csm-url, those of the embedded emulator apply kept in the state directory.',
  flags: EXPORT_FLAGS,
  run: runExport,
});

async function runExport({ positionals, values }: ParsedFlags<typeof EXPORT_FLAGS>, io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`export takes no argument; got '${positionals[0]}'.`);
  const kind = values.kind ?? 'organizations';
  if (kind !== 'organizations' && kind !== 'memberships')
    throw new UsageError(`--kind must be organizations or memberships; got '${kind}'.`);
  // The embedded emulator's organizations are those apply kept in the state directory; a CSM at --csm-url needs none.
  const csmUrl = values['csm-url'];
  const session = await openSession(
    csmUrl ? { csmUrl } : { stateDir: resolveIn(io, values['state-dir'] ?? DEFAULT_STATE_DIR), command: 'export' },
  );
  try {
    const csv = await (kind === 'memberships' ? exportMembershipsCsv : exportOrganizationsCsv)(session.runtime);
    const out = values.out;
    if (out) writeFileSync(resolveIn(io, out), csv);
    // A terminal runs escape sequences a name may hold: there, hidden characters are shown as their code points.
    else io.stdout.write(io.stdout.isTTY ? visibleControls(csv) : csv);
    return EXIT.ok;
  } finally {
    await session.close();
  }
}

/** Hidden characters (but line ends and tabs) as `⟨U+0007⟩`, for a terminal. */
function visibleControls(text: string): string {
  return text.replace(HIDDEN_IN_TEXT, (char) => `⟨${codePointOf(char)}⟩`);
}
