import { describeRemovedFromSource, describeRemovedRun, describeRunCounts } from '../../src/domain/sync';
import { say, type CliIo } from './io';
import type { ApplySummary, SyncOutcome } from './summary';
import { plural } from './words';

/** What `bulk sync` says of its run: the source's problems and the rows that failed, then the run in the page's words. */
export function reportSync(io: CliIo, summary: ApplySummary, sync: SyncOutcome, json: boolean) {
  for (const reason of sync.reasons ?? []) say(io, reason);
  for (const failure of summary.failures.slice(0, 50)) say(io, `Row ${failure.row}: ${failure.error}`);
  if (json) {
    io.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  if (sync.status === 'FAILED' && !summary.jobId)
    io.stdout.write('FAILED: the source has problems (above); nothing was sent.\n');
  else if (sync.status === 'WAITING')
    io.stdout.write('WAITING: CSM refused the call; open the admin page to let the run go on.\n');
  else {
    // The run's counts in the page's words: changed means changed in CSM, not sent to compare.
    const run = { ...sync, at: 0, trigger: 'cli' as const, jobId: summary.jobId ?? undefined };
    const counts = describeRunCounts({ ...run, succeeded: summary.succeeded, failed: summary.failed });
    io.stdout.write(
      `${sync.status}: ${counts}, in ${plural(summary.requests.write, 'write request')} (${summary.elapsedMs} ms)\n`,
    );
  }
  const removed = describeRemovedRun(sync.removed);
  if (removed) io.stdout.write(`${removed}\n`);
  io.stdout.write(`${describeRemovedFromSource(sync.removedFromSource)}.\n`);
}
