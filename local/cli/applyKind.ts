import { kindsOfFile, recognizeKind, suggestKind } from '../../src/domain/import';
import { detectFormat, stripByteOrderMark } from '../../src/domain/import/detectFormat';
import type { ImportFormat } from '../../src/domain/import/types';
import type { ImportKind } from '../../src/domain/operations';

const KIND_WORDS: Record<ImportKind, string> = {
  details: 'detail values (Organization ID, Field, Operation, Values)',
  organizations: 'organizations (Organization Name, Organization ID, Operation)',
  profiles: 'organization profiles (Organization Name plus detail fields)',
  memberships: 'memberships (Organization Name or ID, Customer Email or Account ID, Operation)',
  deletions: 'deletions (Organization ID or Organization Name: the organizations to delete)',
  'service-projects': 'service projects (Organization Name or ID, Service Project key, Operation ADD or REMOVE)',
  merges: 'merges (Keep Organization ID or Name, Merge Organization ID or Name: bulk find duplicates writes one)',
};

/** Every kind, for the messages asking for --kind: "details for …, organizations for …, …". */
const KINDS_LISTED = (Object.keys(KIND_WORDS) as ImportKind[]).map((kind) => `${kind} for ${KIND_WORDS[kind]}`);
const listKinds = (kinds: readonly string[]) => `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}`;

/**
 * The kind `bulk apply` runs a file as: `--kind` when given (refused when the headers clearly say another kind), or
 * the kind its headers (or JSON shape) say. `note` says on stderr what was recognised; `error` why nothing runs.
 */
export function chooseKind(
  text: string,
  flag: ImportKind | undefined,
  file: string,
  format: ImportFormat = fileFormat(text, file),
): { kind: ImportKind; note?: string } | { error: string } {
  const kinds = kindsOfFile(text, format);
  if (flag === undefined) {
    const kind = recognizeKind(kinds);
    if (kind === undefined && format === 'json') return { error: unrecognisedJson(text, file) };
    if (kind === undefined)
      return {
        error: `The headers of ${file} do not say which kind of file it is. Pass --kind: ${listKinds(KINDS_LISTED)}.`,
      };
    const others = kinds
      .filter((other) => other !== kind)
      .map((other) => ` (pass --kind ${other} to read it as ${other})`);
    return {
      kind,
      note: `Recognised from the headers of ${file}: ${KIND_WORDS[kind]}, --kind ${kind}${others.join('')}.`,
    };
  }
  const suggested = suggestKind(kinds, flag);
  if (suggested !== undefined)
    return {
      error: `The headers of ${file} are those of ${KIND_WORDS[suggested]}, not ${flag}: pass --kind ${suggested}, or leave --kind out.`,
    };
  return { kind: flag };
}

/**
 * How the file is read: a `.json` file as JSON and a `.csv` file as CSV whatever they start with (a `.json` file holding
 * `null` is no CSV file with the header "null"); any other name by its first character (see detectFormat).
 */
export function fileFormat(text: string, file: string): ImportFormat {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.csv')) return 'csv';
  return detectFormat(stripByteOrderMark(text));
}

/** Why a JSON file's kind cannot be told: it is no JSON, or its items are none of the three shapes. */
function unrecognisedJson(text: string, file: string): string {
  try {
    JSON.parse(stripByteOrderMark(text));
  } catch (error) {
    return (
      `${file} is not valid JSON (${(error as Error).message}). Fix the JSON there (a missing comma, quote or bracket ` +
      'is the usual cause), or save the organizations as a CSV file.'
    );
  }
  return (
    `The items of ${file} do not say which kind of file it is: a JSON file is a list (or { "organizationProfiles": [...] } ` +
    'or { "organizations": [...] }) of the items of one of the three bulk requests (a memberships file is CSV only). ' +
    `Pass --kind: ${listKinds(KINDS_LISTED.filter((words) => !words.startsWith('memberships')))}.`
  );
}

/** What stderr says about the columns the kind has no use for. */
export function unknownColumnsNote(columns: readonly string[], ignored: boolean): string {
  const names = columns.map((column) => `"${column}"`).join(', ');
  const one = columns.length === 1;
  return ignored
    ? `Ignoring ${one ? 'a column' : 'columns'} the kind has no use for: ${names}.`
    : `${one ? 'The column' : 'The columns'} ${names} ${one ? 'matches' : 'match'} nothing the kind holds, so the file is not sent: ` +
        `rename ${one ? 'it' : 'them'}, or pass --ignore-unknown-columns to leave ${one ? 'it' : 'them'} out.`;
}
