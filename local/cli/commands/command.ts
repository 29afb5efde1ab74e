import type { FlagSpec, ParsedFlags } from '../flags';
import type { CliIo } from '../io';

/** One `bulk` command: what its --help says, and what it does, ending with its exit code. */
export interface Command<F extends FlagSpec = FlagSpec> {
  synopsis: string;
  description: string;
  flags: F;
  run(parsed: ParsedFlags<F>, io: CliIo): Promise<number>;
}

/** A command with its flags' own types, kept in the table of commands (main.ts) beside the others. */
export const command = <F extends FlagSpec>(spec: Command<F>): Command => spec as unknown as Command;

/** Where apply, resume, retry, undo, sync, export and jobs keep their state unless --state-dir says otherwise. */
export const DEFAULT_STATE_DIR = '.local';

export const CSM_URL = {
  type: 'string',
  value: 'URL',
  help: 'a CSM to call (e.g. a standalone emulator); default: an embedded emulator',
} as const;

export const JSON_FLAG = { type: 'boolean', help: 'print one JSON summary on stdout' } as const;

export const FAILED_ROWS_FLAG = {
  type: 'string',
  value: 'OUT.csv',
  help: 'write the rows CSM refused to OUT.csv in the import format, with a Failure Reason column: correct them and import the file again',
} as const;
