import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JobKindSchema, type ImportKind } from '../../../src/domain/operations';
import { checkMapping, type Mapping } from '../../../src/domain/mapping/mapping';
import { proposeMapping, sampleCsv, type MappingProposal } from '../../../src/domain/mapping/propose';
import { stripByteOrderMark } from '../../../src/domain/import/detectFormat';
import { UsageError, type ParsedFlags } from '../flags';
import { resolveIn, say, type CliIo } from '../io';
import { mappingFile } from '../mappingOption';
import { call } from '../resolverCall';
import { openSession } from '../session';
import { EXIT } from '../summary';
import { command, CSM_URL, DEFAULT_STATE_DIR } from './command';

const MAP_FLAGS = {
  kind: { type: 'string', value: 'KIND', help: 'the kind of file the mapping makes of FILE (default profiles)' },
  out: { type: 'string', value: 'MAPPING.json', help: 'write the proposed mapping there to edit (default: stdout)' },
  'save-as': {
    type: 'string',
    value: 'NAME',
    help: 'save the mapping under NAME, as the page saves one (then: bulk apply FILE --map-name NAME)',
  },
  map: {
    type: 'string',
    value: 'MAPPING.json',
    help: 'with --save-as: save this mapping (edited) instead of the proposal; it is checked against FILE and the site first',
  },
  'csm-url': CSM_URL,
  'state-dir': {
    type: 'string',
    value: 'DIR',
    help: "the state directory (default .local/): the embedded emulator's site, and where saved mappings are kept",
  },
} as const;

export const map = command({
  synopsis: 'npm run --silent bulk -- map FILE [--kind KIND] [--out MAPPING.json] [--save-as NAME]',
  description:
    "Proposes how FILE's columns and values go to the site's (exact names, close spellings, saved mappings, HubSpot / Salesforce / Zendesk exports), says on stderr how each was found and which values found no option, and writes the mapping as JSON to edit. Sends nothing. Exit 0, 2 when FILE cannot be read or the mapping does not fit.",
  flags: MAP_FLAGS,
  run: runMap,
});

async function runMap({ positionals, values }: ParsedFlags<typeof MAP_FLAGS>, io: CliIo): Promise<number> {
  const [file, extra] = positionals;
  if (!file || extra !== undefined) throw new UsageError('map takes one FILE: the CSV export to map.');
  const kindFlag = JobKindSchema.safeParse(values.kind ?? 'profiles');
  if (!kindFlag.success) throw new UsageError('--kind must be one of the kinds bulk apply takes (e.g. profiles).');
  if (values.map !== undefined && values['save-as'] === undefined)
    throw new UsageError('--map is for saving a mapping: add --save-as NAME.');
  const given = mappingFile(io, values.map, undefined);
  let text: string;
  try {
    text = stripByteOrderMark(readFileSync(resolveIn(io, file), 'utf8'));
  } catch (error) {
    say(io, `Cannot read ${file}: ${(error as Error).message}`);
    return EXIT.invalid;
  }
  const sample = sampleCsv(text);
  if (!sample) {
    say(io, `${file} has no header row to map: a mapping is for CSV files.`);
    return EXIT.invalid;
  }
  // The state directory even with --csm-url: saved mappings are kept there, as the page keeps them in the app's storage.
  const stateDir = resolveIn(io, values['state-dir'] ?? DEFAULT_STATE_DIR);
  const session = await openSession({ csmUrl: values['csm-url'], stateDir, command: 'map' });
  try {
    const fields = await call(session.runtime, 'listDetailFields', {});
    const { mappings } = await call(session.runtime, 'listMappings', {});
    const kind = kindFlag.data;
    const proposal = proposeMapping(
      sample,
      kind,
      fields,
      mappings.filter((saved) => saved.kind === kind).map((saved) => saved.mapping),
    );
    const mapping = given ?? proposal.mapping;
    const problems = checkMapping(mapping, kind, fields, sample.headers);
    if (!given) describe(io, proposal, path.basename(file));
    if (problems.length > 0) {
      say(io, `The mapping does not fit ${file} and this site:\n  ${problems.join('\n  ')}`);
      return EXIT.invalid;
    }
    if (values['save-as'] !== undefined) return await save(io, session.runtime, values['save-as'], kind, mapping);
    const json = `${JSON.stringify(mapping, null, 2)}\n`;
    if (values.out === undefined) io.stdout.write(json);
    else {
      writeFileSync(resolveIn(io, values.out), json);
      say(io, `Wrote the mapping to ${values.out}: edit it, then bulk apply ${file} --map ${values.out}`);
    }
    return EXIT.ok;
  } finally {
    await session.close();
  }
}

async function save(
  io: CliIo,
  runtime: Parameters<typeof call>[0],
  name: string,
  kind: ImportKind,
  mapping: Mapping,
): Promise<number> {
  const { saved } = await call(runtime, 'saveMapping', { name, kind, mapping });
  say(io, `Saved the mapping "${saved.name}": bulk apply FILE --map-name "${saved.name}" reads a file through it.`);
  return EXIT.ok;
}

/** What the proposal found, a line a column, then the values no option was found for. */
function describe(io: CliIo, proposal: MappingProposal, file: string): void {
  if (proposal.saved) say(io, `${file} has the columns of the saved mapping "${proposal.saved}": proposed as saved.`);
  else if (proposal.preset) say(io, `${file} looks like an export of ${proposal.preset.label}.`);
  const how = { saved: 'saved', exact: 'same name', close: 'close spelling', preset: 'known export column', none: '' };
  for (const column of proposal.columns) {
    const target = column.target === null ? 'left out' : `→ ${column.target}`;
    say(
      io,
      `  ${column.header} ${target}${column.by === 'none' || column.target === null ? '' : ` (${how[column.by]})`}`,
    );
  }
  if (proposal.mapping.key) say(io, `  organizations matched by ${proposal.mapping.key} first (the key), then by name`);
  for (const values of proposal.values) {
    const missing = values.values.filter((value) => value.option === undefined).map((value) => `"${value.value}"`);
    if (missing.length > 0)
      say(
        io,
        `  ${values.header}: no option of ${values.target} found for ${missing.join(', ')}; add them under "values" (options: ${values.options.join(', ')})`,
      );
  }
}
