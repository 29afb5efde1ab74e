import path from 'node:path';

/** Where a command writes: stdout carries only its answer, stderr everything said along the way. */
export interface CliWriter {
  write(text: string): void;
  /** A terminal: progress is redrawn in place, hidden characters in names are shown as code points. */
  readonly isTTY?: boolean;
}

/**
 * Everything a bulk command takes from the process it runs in, so that it can run in a test's process as well as
 * in its own: two runs in one jest file share no output, working directory, Ctrl-C or exit. (Nothing a command runs
 * reads the environment: none is passed.)
 */
export interface CliIo {
  stdout: CliWriter;
  stderr: CliWriter;
  /** Relative paths (FILE, --state-dir, --out, the default .local/) are taken from here. */
  cwd: string;
  /** Calls `listener` at each Ctrl-C until the returned function is called. */
  onInterrupt(listener: () => void): () => void;
  /** Quits at once with `code` (a second Ctrl-C): nothing more of the command runs, the job is left unfinished. */
  quit(code: number): void;
}

/** The process's own streams, directory, environment and SIGINT: what `npm run bulk` runs with. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    onInterrupt(listener) {
      process.on('SIGINT', listener);
      return () => process.off('SIGINT', listener);
    },
    quit: (code) => process.exit(code),
  };
}

/** A path the user gave, as the file system needs it: relative ones from the command's directory. */
export const resolveIn = (io: Pick<CliIo, 'cwd'>, file: string) => path.resolve(io.cwd, file);

/** One line on stderr. */
export const say = (io: Pick<CliIo, 'stderr'>, line: string) => io.stderr.write(`${line}\n`);
