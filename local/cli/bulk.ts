/**
 * `npm run --silent bulk -- COMMAND [flags]` (apply, resume, retry, undo, export, sync, jobs; `--help` on each): runs
 * the app's own handlers (resolvers → queue consumer → triggers) in the local Forge runtime. The commands are in
 * commands/, run by main.ts; this file is the process around them.
 */
import { main, processIo } from './main';

// The app's own logs (what `forge logs` shows, e.g. a runner's "job X: waitingForUser") go to stderr: stdout carries
// only the command's answer, one JSON summary with --json.
console.log = console.info = (...args: unknown[]) => console.error(...args);

// Ctrl-C reaches the command through processIo (SIGINT), which cancels the job it runs; a second one quits.
void main(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
