import type { SyncMatch, SyncSchedule } from './types';

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
