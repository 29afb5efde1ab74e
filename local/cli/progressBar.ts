import type { CliWriter } from './io';

/** One line on stderr, redrawn in place when stderr is a terminal. */
export function progressLine(done: number, total: number, detail: string): string {
  const width = 30;
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${detail}`;
}

export function drawProgress(stderr: CliWriter, line: string) {
  if (stderr.isTTY) stderr.write(`\r${line}\u001b[K`);
}

export function endProgress(stderr: CliWriter, line: string) {
  stderr.write(stderr.isTTY ? `\r${line}\u001b[K\n` : `${line}\n`);
}
