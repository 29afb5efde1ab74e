import type { SyncMatch, SyncRun, SyncSchedule } from './types';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const hourOfDay = (hour: number) => `${String(hour).padStart(2, '0')}:00 UTC`;

/** A schedule in words: "Every hour", "Every day at 02:00 UTC", "Every Monday at 02:00 UTC". */
export function describeSchedule(schedule: SyncSchedule): string {
  switch (schedule.every) {
    case 'hour':
      return 'Every hour';
    case 'day':
      return `Every day at ${hourOfDay(schedule.hour)}`;
    case 'week':
      return `Every ${WEEKDAYS[schedule.weekday]} at ${hourOfDay(schedule.hour)}`;
  }
}

/** How a plan's rows find their organizations, in words (see syncKey: by ID, a row without one falls back to its name). */
export function describeMatch(matchBy: SyncMatch): string {
  return matchBy === 'id'
    ? 'Rows match organizations by Organization ID (a row without one, by name)'
    : 'Rows match organizations by name';
}

/** A plan's mapping in words (the plan's card, `bulk sync`): it is read at each run, so an edit applies to the next. */
export function describeMapping(mappingName: string): string {
  return `Columns and values read through the saved mapping "${mappingName}" at each run; when it has a key, rows match the organization holding their key value first (Organization ID still wins)`;
}

/**
 * What a run did with its rows, from its record as stored (records of every age read the same): `compared` source
 * rows; `sent` of them went to CSM to be compared with what it holds (those that differ from what earlier runs
 * applied, or drifted); of those, `changed` CSM now holds as the source says because the job changed them,
 * `alreadyHeld` CSM held as the source says already (read, compared, not written), `failed` failed. A run's stored
 * `changed` has always been the rows sent: the name is kept so that history written before reads the same.
 */
export interface RunCounts {
  compared: number;
  sent: number;
  changed: number;
  alreadyHeld: number;
  failed: number;
  /** False while the run's job goes on: only `compared` and `sent` are known. */
  settled: boolean;
}

export function runCounts(run: SyncRun): RunCounts {
  const settled = run.status !== 'RUNNING' && run.status !== 'WAITING';
  const sent = run.jobId ? run.changed : 0;
  return {
    compared: run.compared,
    sent,
    changed: run.jobId && settled ? run.succeeded : 0,
    alreadyHeld: run.jobId && settled ? (run.unchanged ?? 0) : 0,
    failed: run.jobId && settled ? run.failed : 0,
    settled,
  };
}

const rows = (count: number) => `${count.toLocaleString('en-US')} ${count === 1 ? 'row' : 'rows'}`;

/**
 * A run's rows in words, "changed" meaning changed in CSM: "105 rows compared, 105 sent to CSM to compare: 15
 * changed, 90 already as in the source, 0 failed".
 */
export function describeRunCounts(run: SyncRun): string {
  const counts = runCounts(run);
  const compared = `${rows(counts.compared)} compared`;
  if (!run.jobId)
    return run.status === 'UNCHANGED'
      ? `${compared}, 0 changed: none differs from what earlier runs applied`
      : `${compared}, nothing sent`;
  const sent = `${compared}, ${counts.sent.toLocaleString('en-US')} sent to CSM to compare`;
  if (!counts.settled) return sent;
  const outcomes = [
    `${counts.changed.toLocaleString('en-US')} changed`,
    `${counts.alreadyHeld.toLocaleString('en-US')} already as in the source`,
    `${counts.failed.toLocaleString('en-US')} failed`,
  ];
  const undecided = counts.sent - counts.changed - counts.alreadyHeld - counts.failed;
  if (undecided > 0) outcomes.push(`${undecided.toLocaleString('en-US')} not sent`);
  return `${sent}: ${outcomes.join(', ')}`;
}
