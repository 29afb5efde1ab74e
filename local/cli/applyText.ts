import { writeFileSync } from 'node:fs';
import type { LocalRuntime } from '../runtime';
import { failedRowsFile } from './followJob';
import { resolveIn, say, type CliIo } from './io';
import { endProgress, progressLine } from './progressBar';
import { reportSync } from './syncText';
import type { ApplySummary } from './summary';
import { joinRowFiles, skippedRowsCsv } from './skippedRows';
import { plural, stateDirFlag } from './words';
import { duration } from '../../src/domain/text/duration';

export { plural };

/** "was" or "were", as many as `count` says. */
const were = (count: number) => (count === 1 ? 'was' : 'were');

/**
 * What apply, resume, retry, undo and sync say at their end: problems and failures on stderr, then one line on stdout
 * (the JSON summary with --json), the job named in it. `stateDir`: the --state-dir given, named again in the resume
 * it suggests (none: the default).
 */
export function report(io: CliIo, summary: ApplySummary, options: { json: boolean; stateDir?: string }) {
  if (summary.jobId)
    endProgress(
      io.stderr,
      progressLine(summary.succeeded + summary.failed, summary.operations, summary.status.toLowerCase()),
    );
  if (summary.sync) reportSync(io, summary, summary.sync, options.json);
  else reportJob(io, summary, options);
}

function reportJob(io: CliIo, summary: ApplySummary, { json, stateDir }: { json: boolean; stateDir?: string }) {
  for (const error of summary.errors.slice(0, 50)) say(io, error.message);
  if (summary.errors.length > 50) say(io, `… and ${plural(summary.errors.length - 50, 'more problem')}.`);
  const skipped = summary.skippedRows ?? [];
  for (const row of skipped.slice(0, 50)) say(io, `Skipped: ${row.message}`);
  if (skipped.length > 50) say(io, `… and ${plural(skipped.length - 50, 'more skipped row')}.`);
  for (const failure of summary.failures.slice(0, 50)) say(io, `Row ${failure.row}: ${failure.error}`);
  io.stdout.write(`${json ? JSON.stringify(summary) : summaryLine(summary)}\n`);
  if (summary.stoppedBecause) say(io, summary.stoppedBecause);
  if (summary.notSent > 0 && summary.jobId) {
    say(
      io,
      `${plural(summary.notSent, 'row')} ${were(summary.notSent)} not sent. Send ${summary.notSent === 1 ? 'it' : 'them'} with: npm run --silent bulk -- resume ${summary.jobId}${stateDirFlag(stateDir)}`,
    );
  }
}

/** The text mode's last line: what happened, from the job's ledger, and the job's id. */
export function summaryLine(summary: ApplySummary): string {
  if (summary.status === 'INVALID')
    return `INVALID: nothing was sent. Fix the ${plural(summary.errors.length, 'problem')} above and run again.`;
  const skipped = summary.skipped
    ? `; ${plural(summary.skipped, 'row')} with errors ${summary.status === 'DRY_RUN' ? 'would be' : were(summary.skipped)} left out`
    : '';
  if (summary.status === 'DRY_RUN') return dryRunLine(summary, skipped);
  // A cancel's unsent rows are named as such: they are not the rows that changed nothing.
  const notSent = summary.notSent > 0 ? `, ${summary.notSent} not sent (cancelled before they were sent)` : '';
  // A memberships job's ledger counts changes: a MOVE row is two (added there, removed from where it was).
  const of =
    summary.kind === 'memberships'
      ? `${plural(summary.operations + (summary.skipped ?? 0), 'change')} (${plural(summary.rows, 'row')})`
      : plural(summary.rows, 'row');
  return `${summary.status}: job ${summary.jobId}: ${outcomeWords(summary)}${notSent}${skipped} of ${of}, in ${plural(summary.requests.write, 'write request')} (${summary.elapsedMs} ms)`;
}

/** Where the job's rows (a memberships job's changes) went, in words. */
function outcomeWords(summary: ApplySummary): string {
  // A delete job's rows are deleted, or already gone: not "unchanged because CSM held them".
  if (summary.kind === 'deletions')
    return `${summary.deleted ?? summary.succeeded} deleted, ${summary.failed} failed, ${summary.unchanged} already gone (not sent)`;
  if (summary.kind === 'memberships')
    return `${summary.added ?? 0} added, ${summary.removed ?? 0} removed, ${summary.failed} failed, ${summary.unchanged} unchanged (not sent: already true)`;
  return `${summary.succeeded} succeeded, ${summary.failed} failed, ${summary.unchanged} unchanged (not sent: CSM already held them)`;
}

/** A dry run's line: what the rows would do as the site is now (a memberships file's rows: added, removed, moved). */
function dryRunLine(summary: ApplySummary, skipped: string): string {
  const c = summary.changes;
  const memberships = summary.kind === 'memberships';
  const changes = !c
    ? ''
    : summary.kind === 'merges'
      ? `: ${c.delete} ${c.delete === 1 ? 'merge' : 'merges'} (each organization's members, the values the kept one lacks and its service projects moved to the kept one, then it is deleted), ${c.error} would fail as the site is now`
      : summary.kind === 'deletions'
        ? `: ${c.delete} would be deleted, ${c.unchanged} ${c.unchanged === 1 ? 'is' : 'are'} gone already (not sent), ${c.error} would fail as the site is now`
        : memberships
          ? `: of its ${plural(summary.rows, 'row')}, ${c.add} would be added, ${c.remove} removed, ${c.move} moved, ${c.member} ${c.member === 1 ? 'is' : 'are'} already a member and ${c['not-member']} not a member (not sent), ${c.error} would fail as the site is now`
          : `: ${c.create} would be created, ${c.update} updated, ${c.unchanged} ${c.unchanged === 1 ? 'is' : 'are'} unchanged (not sent), ${c.error} would fail as the site is now`;
  const estimate =
    summary.estimatedMs === undefined
      ? ''
      : ` On this site the job would take ${duration(summary.estimatedMs).toLowerCase()} at most (its last job's task time).`;
  // A memberships file's operations are its changes: a MOVE row is two.
  const planned = plural(summary.operations, memberships ? 'change' : 'operation');
  return `DRY_RUN: nothing was sent. ${planned} in ${plural(summary.chunks, 'request')} as planned${changes}${skipped}.${estimate}`;
}

/** `bulk retry`: the failed rows not sent again, for what they hold. */
export function leftOutWords(rows: number, jobId: string): string {
  const [them, hold] = rows === 1 ? ['it', 'it holds'] : ['them', 'they hold'];
  return `${plural(rows, 'failed row')} of job ${jobId} ${were(rows)} left out: CSM refused ${them} for what ${hold} (the organization exists already or was not found, a value is not allowed…), so sending ${them} unchanged would fail again. Correct ${them} and apply ${them} again.`;
}

/**
 * With --failed-rows OUT.csv: the rows CSM refused, then (with --skip-invalid) the rows left out for errors in the
 * file as the file held them, each with its Failure Reason: ready to correct and import again (nothing written when
 * there are none).
 */
export async function writeFailedRows(
  io: CliIo,
  runtime: LocalRuntime,
  summary: ApplySummary,
  out: string | undefined,
  fileText?: string,
) {
  if (!out || !summary.jobId) return;
  const skipped = summary.skippedRows ?? [];
  const skippedCsv = skipped.length > 0 && fileText !== undefined ? skippedRowsCsv(fileText, skipped) : undefined;
  if (skipped.length > 0 && !skippedCsv)
    say(
      io,
      `The ${plural(skipped.length, 'row')} left out for errors in the file ${were(skipped.length)} not written to ${out}: only a CSV file's rows are (they are listed above and in skippedRows with --json).`,
    );
  if (summary.failed === 0 && !skippedCsv) {
    say(io, `No rows failed: ${out} was not written.`);
    return;
  }
  const failedCsv = summary.failed > 0 ? await failedRowsFile(runtime, summary.jobId) : undefined;
  writeFileSync(
    resolveIn(io, out),
    failedCsv && skippedCsv ? joinRowFiles(failedCsv, skippedCsv) : (failedCsv ?? skippedCsv)!,
  );
  const parts = [
    ...(summary.failed > 0 ? [plural(summary.failed, 'failed row')] : []),
    ...(skippedCsv ? [`${plural(skipped.length, 'row')} left out for errors in the file`] : []),
  ];
  say(io, `${parts.join(' and ')} written to ${out}: correct them and import the file again.`);
}

/**
 * `bulk undo`'s own lines: what is left of the organizations the job created, and why nothing is put back, said
 * once and not contradicted by the delete that follows with --delete-created.
 */
export function undoNote(message: string | undefined, deleteCreatedFollows: boolean): string | undefined {
  if (!deleteCreatedFollows) return message;
  // "…stay as they are" / "…are not deleted" would be followed by their deletion: the delete job speaks for them.
  if (message && /nothing to put back/.test(message))
    return 'This job changed no organization that existed before it: there is nothing to put back. The organizations it created are deleted next.';
  return undefined;
}
