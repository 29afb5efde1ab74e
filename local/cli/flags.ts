import { parseArgs } from 'node:util';

/**
 * The one flag parser of the local commands (`npm start`, `emulator`, `bulk`): node:util's parseArgs, strict, with
 * a `--help` on every command and the same messages everywhere.
 */
export class UsageError extends Error {}

export interface FlagDef {
  type: 'string' | 'boolean';
  /** What the value stands for in the usage text, e.g. `MS` (string flags). */
  value?: string;
  help: string;
}

export type FlagSpec = Record<string, FlagDef>;

export type FlagValues<S extends FlagSpec> = { [K in keyof S]?: S[K]['type'] extends 'boolean' ? boolean : string };

export interface ParsedFlags<S extends FlagSpec> {
  help: boolean;
  values: FlagValues<S>;
  positionals: string[];
}

/** Parses argv against `spec` (plus --help / -h); an unknown flag or a flag without its value is a UsageError. */
export function parseFlags<S extends FlagSpec>(
  argv: string[],
  spec: S,
  options: { positionals?: boolean } = {},
): ParsedFlags<S> {
  const parseOptions: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, def] of Object.entries(spec)) parseOptions[name] = { type: def.type };
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: parseOptions,
      strict: true,
      allowPositionals: options.positionals ?? false,
    });
    const { help, ...rest } = values as Record<string, string | boolean | undefined>;
    return { help: help === true, values: rest as FlagValues<S>, positionals };
  } catch (error) {
    throw new UsageError(usageMessage(error as Error & { code?: string }));
  }
}

function usageMessage(error: Error & { code?: string }): string {
  const flag = /'(-{1,2}[^' ]+)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown flag '${flag}'.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(error.message) ? `Flag ${flag} needs a value.` : `Flag ${flag} takes no value.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument ${/'([^']*)'/.exec(error.message)?.[1] ?? ''}: this command takes flags only.`;
    default:
      return error.message;
  }
}

/** A number flag, checked: `check` says what a good value is when it is not one. */
export function numberFlag(
  name: string,
  raw: string | undefined,
  check?: { ok(n: number): boolean; expected: string },
): number | undefined {
  if (raw === undefined) return undefined;
  const number = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(number))
    throw new UsageError(`Flag --${name} needs a number, got '${raw}'.`);
  if (check && !check.ok(number)) throw new UsageError(`Flag --${name} needs ${check.expected}, got '${raw}'.`);
  return number;
}

/** `Usage: <synopsis>`, a description, then one line per flag. */
export function usageText(synopsis: string, description: string, spec: FlagSpec): string {
  const rows = Object.entries(spec).map(([name, def]) => [`--${name}${def.value ? ` ${def.value}` : ''}`, def.help]);
  rows.push(['--help', 'this text']);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `Usage: ${synopsis}`,
    description,
    '',
    ...rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`),
  ].join('\n');
}
