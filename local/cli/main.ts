/**
 * The `bulk` commands (apply, resume, retry, undo, export, find, sync, jobs; `--help` on each), run through `main`: by
 * bulk.ts in its own process, or by a test in its own, with a CliIo standing for the process.
 */
import type { Command } from './commands/command';
import { apply } from './commands/apply';
import { exportCommand } from './commands/export';
import { find } from './commands/find';
import { restore, resume, retry } from './commands/followUp';
import { jobs } from './commands/jobs';
import { map } from './commands/map';
import { sync } from './commands/sync';
import { undo } from './commands/undo';
import { JobCannotGoOnError } from './followJob';
import { parseFlags, usageText, UsageError } from './flags';
import { say, type CliIo } from './io';
import { StateDirLockedError } from './stateLock';
import { EXIT } from './summary';
import { QuitError } from './cancellable';

export { processIo, type CliIo } from './io';

const COMMANDS: Record<string, Command> = {
  apply,
  resume,
  retry,
  undo,
  restore,
  export: exportCommand,
  find,
  map,
  sync,
  jobs,
};

const USAGE = `Usage: npm run --silent bulk -- COMMAND [flags]

Commands:
  apply FILE    run one job (organizations, profiles, detail values or memberships) through the app
  resume JOB    finish a job whose command was killed; send the rows a cancelled job did not send
  retry JOB     send a job's failed rows again
  undo JOB      put back what a job's rows replaced
  restore JOB   create again what a deletions job deleted (new IDs)
  export        write every organization (or, --kind memberships, every member) as CSV
  sync SOURCE   keep CSM equal to a source, sending only what changed
  find FINDER   write the empty, duplicate or absent organizations to a file to review (changes nothing)
  map FILE      propose how a CRM export's columns and values go to the site's, as a mapping to edit or save
  jobs          list the jobs kept in the state directory, newest first

npm run --silent bulk -- COMMAND --help lists a command's flags.`;

/** Runs one bulk command with `argv` (what follows `npm run --silent bulk --`); resolves to its exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  let usage = USAGE;
  try {
    if (name === '--help' || name === '-h') {
      io.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (!name) throw new UsageError('Name a command.');
    if (!Object.hasOwn(COMMANDS, name)) throw new UsageError(`Unknown command "${name}".`);
    const command = COMMANDS[name];
    usage = usageText(command.synopsis, command.description, command.flags);
    const parsed = parseFlags(rest, command.flags, { positionals: true });
    if (parsed.help) {
      io.stdout.write(`${usage}\n`);
      return EXIT.ok;
    }
    return await command.run(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n${usage}\n`);
      return EXIT.invalid;
    }
    if (error instanceof QuitError) return error.code;
    if (error instanceof StateDirLockedError || error instanceof JobCannotGoOnError) {
      say(io, error.message);
      return EXIT.other;
    }
    say(io, `bulk failed: ${(error as Error).stack ?? error}`);
    return EXIT.other;
  }
}
