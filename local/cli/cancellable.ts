/**
 * Runs `work` with a signal Ctrl-C aborts: the job is cancelled (rows already sent finish in CSM) and followed to
 * its end. A second Ctrl-C quits at once; one within a second of the first is the same keypress (a terminal signals
 * npm, tsx and this process together, and tsx passes its own on). A job quit that way is left unfinished until
 * `bulk resume` takes it over (unfinishedJob.ts).
 */
export async function whileCancellable<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let firstAt = 0;
  const onInterrupt = () => {
    if (controller.signal.aborted) {
      if (Date.now() - firstAt > 1_000) process.exit(130);
      return;
    }
    firstAt = Date.now();
    process.stderr.write(
      '\nCancelling: no more rows are sent; rows already sent finish in CSM. Ctrl-C again quits at once, leaving the job unfinished (bulk resume JOB_ID then finishes it).\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
