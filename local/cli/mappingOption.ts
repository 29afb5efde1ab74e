import { readFileSync } from 'node:fs';
import { csvCell } from '../../src/domain/export/csvWriter';
import { readCsvHeaders } from '../../src/domain/import/csvTable';
import { stripByteOrderMark } from '../../src/domain/import/detectFormat';
import { parseMapping, targetOf, type Mapping } from '../../src/domain/mapping/mapping';
import { mappingNameKey, type SavedMapping } from '../../src/domain/mapping/saved';
import type { LocalRuntime } from '../runtime';
import { UsageError } from './flags';
import { resolveIn, type CliIo } from './io';
import { call } from './resolverCall';

/** The flags that give `apply` (and `sync`) a mapping: a JSON file, or one saved on the page by name. */
export const MAPPING_FLAGS = {
  map: {
    type: 'string',
    value: 'MAPPING.json',
    help: "read the file through a mapping (its columns and values in the site's words; `bulk map FILE --out MAPPING.json` proposes one to edit)",
  },
  'map-name': {
    type: 'string',
    value: 'NAME',
    help: 'read the file through the mapping saved under NAME on the page (or by a previous run, in the state directory)',
  },
} as const;

/** The mapping of --map, read and checked as data; undefined without the flag. A bad one is a UsageError in words. */
export function mappingFile(io: CliIo, file: string | undefined, named: string | undefined): Mapping | undefined {
  if (file !== undefined && named !== undefined) throw new UsageError('Give --map or --map-name, not both.');
  if (file === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(resolveIn(io, file), 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read the mapping ${file}: ${(error as Error).message}`);
  }
  const parsed = parseMapping(value);
  if (!parsed.ok) throw new UsageError(`${file} is not a mapping. ${parsed.problems.join(' ')}`);
  return parsed.mapping;
}

/** The mapping saved under `name` on the site (the page's Saved mappings), or an error naming the saved ones. */
export async function savedMapping(runtime: LocalRuntime, name: string): Promise<SavedMapping | { error: string }> {
  const { mappings } = await call(runtime, 'listMappings', {});
  const found = mappings.find((saved) => mappingNameKey(saved.name) === mappingNameKey(name));
  if (found) return found;
  const known = mappings.map((saved) => `"${saved.name}"`).join(', ');
  return {
    error: `No mapping is saved under "${name}". ${known === '' ? 'None is saved yet: save one on the page, or pass --map FILE.' : `Saved: ${known}.`}`,
  };
}

/** The file's header row as the mapping names its columns, for telling the kind: a CRM export's own headers say none. */
export function mappedHeaderText(text: string, mapping: Mapping): string {
  const headers = readCsvHeaders(stripByteOrderMark(text)) ?? [];
  return headers
    .map((header) => targetOf(mapping, header))
    .filter((target): target is string => target !== null)
    .map(csvCell)
    .join(',');
}
