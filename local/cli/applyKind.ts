import { kindsOfFile, recognizeKind, suggestKind } from '../../src/domain/import';
import type { ImportKind } from '../../src/domain/operations';

const KIND_WORDS: Record<ImportKind, string> = {
  details: 'detail values (Organization ID, Field, Operation, Values)',
  organizations: 'organizations (Organization Name, Organization ID, Operation)',
  profiles: 'organization profiles (Organization Name plus detail fields)',
};

/**
 * The kind `bulk apply` runs a file as: `--kind` when given (refused when the headers clearly say another kind), or
 * the kind its headers (or JSON shape) say. `note` says on stderr what was recognised; `error` why nothing runs.
 */
export function chooseKind(
  text: string,
  flag: ImportKind | undefined,
  file: string,
): { kind: ImportKind; note?: string } | { error: string } {
  const kinds = kindsOfFile(text);
  if (flag === undefined) {
    const kind = recognizeKind(kinds);
    if (kind === undefined)
      return {
        error:
          `The headers of ${file} do not say which kind of file it is. Pass --kind: details for ${KIND_WORDS.details}, ` +
          `organizations for ${KIND_WORDS.organizations}, profiles for ${KIND_WORDS.profiles}.`,
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

/** What stderr says about the columns the kind has no use for. */
export function unknownColumnsNote(columns: readonly string[], ignored: boolean): string {
  const names = columns.map((column) => `"${column}"`).join(', ');
  const one = columns.length === 1;
  return ignored
    ? `Ignoring ${one ? 'a column' : 'columns'} the kind has no use for: ${names}.`
    : `${one ? 'The column' : 'The columns'} ${names} ${one ? 'matches' : 'match'} nothing the kind holds, so the file is not sent: ` +
        `rename ${one ? 'it' : 'them'}, or pass --ignore-unknown-columns to leave ${one ? 'it' : 'them'} out.`;
}
