import type { CliIo } from './io';

/** A second Ctrl-C: the command quits at once, with this exit code (a process ends with it there and then). */
export class QuitError extends Error {
  constructor(readonly code: number) {
    super(`quit (exit ${code})`);
  }
}

/**
 * Runs `work` with a signal Ctrl-C aborts: the job is cancelled (rows already sent finish in CSM) and followed to
 * its end. A second Ctrl-C quits at once; one within a second of the first is the same keypress (a terminal signals
 * npm, tsx and this process together, and tsx passes its own on). A job quit that way is left unfinished until
 * `bulk resume` takes it over (unfinishedJob.ts).
 */
export async function whileCancellable<T>(io: CliIo, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let firstAt = 0;
  let quit!: (error: QuitError) => void;
  const quitting = new Promise<never>((_resolve, reject) => (quit = reject));
  const onInterrupt = () => {
    if (controller.signal.aborted) {
      if (Date.now() - firstAt <= 1_000) return;
      // A process ends here; run in another's (a test), the command stops waiting for the job and returns.
      io.quit(130);
      quit(new QuitError(130));
      return;
    }
    firstAt = Date.now();
    io.stderr.write(
      '\nCancelling: no more rows are sent; rows already sent finish in CSM. Ctrl-C again quits at once, leaving the job unfinished (bulk resume JOB_ID then finishes it).\n',
    );
    controller.abort();
  };
  const stopListening = io.onInterrupt(onInterrupt);
  const working = work(controller.signal);
  // Left behind by a quit, the work may still fail: that is no longer anyone's concern.
  working.catch(() => undefined);
  try {
    return await Promise.race([working, quitting]);
  } finally {
    stopListening();
  }
}
