import { numberFlag, parseFlags, usageText, UsageError } from '../cli/flags';
import { parseDetailFields } from './schemas/stateSchema';
import { readCustomersCsv } from './schemas/customersCsv';
import type { EmulatorOptions } from './types';

const FLAGS = {
  port: { type: 'string', value: 'N', help: 'port on 127.0.0.1 (0, the default, picks a free one)' },
  'max-active-tasks': { type: 'string', value: 'K', help: 'open bulk tasks a site may have (default 5)' },
  'task-ms': { type: 'string', value: 'MS', help: 'how long a task runs (default 2000)' },
  jitter: { type: 'string', value: 'J', help: 'spread of task times, 0 to 2 (default 0.5)' },
  'fault-rate': { type: 'string', value: 'P', help: 'share of calls answered with a fault, 0 to 1' },
  seed: { type: 'string', value: 'S', help: 'seed of the fault and timing draws' },
  'detail-fields': { type: 'string', value: 'JSON', help: 'the site’s detail field definitions' },
  customers: {
    type: 'string',
    value: 'FILE',
    help: 'the site’s customers: a CSV with Email and Name columns (optional Account ID, Type customer|agent|admin)',
  },
  'silently-drop-members': {
    type: 'string',
    value: 'LIST',
    help: 'account ids or emails (comma-separated) whose additions to organizations silently do not happen',
  },
  'no-impersonation': { type: 'boolean', help: 'refuse calls made as an impersonated user (asUser(accountId))' },
  'retention-ms': { type: 'string', value: 'MS', help: 'how long ended tasks are kept (default 3 days)' },
  'retry-after-seconds': { type: 'string', value: 'S', help: 'Retry-After of injected 429s (default 1)' },
  'points-per-hour': {
    type: 'string',
    value: 'N',
    help: "refuse with a quota 429 past N of Atlassian's points an hour",
  },
  'points-window-ms': { type: 'string', value: 'MS', help: 'the points quota’s window (default an hour)' },
  'burst-per-second': { type: 'string', value: 'N', help: 'refuse with a burst 429 past N calls a second an endpoint' },
  state: { type: 'string', value: 'FILE', help: 'keep the site in this file across restarts' },
} as const;

export const EMULATOR_USAGE = usageText(
  'npm run --silent emulator -- [flags]',
  'Runs the local CSM emulator on 127.0.0.1 until Ctrl-C; prints "CSM emulator listening on URL" when ready.',
  FLAGS,
);

export type FlagParse =
  { ok: true; options: EmulatorOptions } | { ok: false; help: true } | { ok: false; help?: false; error: string };

/** Flags → options; range checks are left to resolveOptions so the CLI and the API agree on them. */
export function parseEmulatorFlags(argv: string[]): FlagParse {
  try {
    const { help, values } = parseFlags(argv, FLAGS);
    if (help) return { ok: false, help: true };
    const options: EmulatorOptions = {};
    const numbers = {
      port: 'port',
      'max-active-tasks': 'maxActiveTasks',
      'task-ms': 'taskMs',
      jitter: 'jitter',
      'fault-rate': 'faultRate',
      seed: 'seed',
      'retention-ms': 'retentionMs',
      'retry-after-seconds': 'retryAfterSeconds',
      'points-per-hour': 'pointsPerHour',
      'points-window-ms': 'pointsWindowMs',
      'burst-per-second': 'burstPerSecond',
    } as const;
    for (const [flag, option] of Object.entries(numbers) as [
      keyof typeof numbers,
      (typeof numbers)[keyof typeof numbers],
    ][]) {
      const value = numberFlag(flag, values[flag]);
      if (value !== undefined) options[option] = value;
    }
    if (values['no-impersonation']) options.impersonation = false;
    if (values.state !== undefined) options.statePath = values.state;
    if (values['detail-fields'] !== undefined) options.detailFields = detailFieldsFlag(values['detail-fields']);
    if (values.customers !== undefined) options.customers = customersFlag(values.customers);
    if (values['silently-drop-members'] !== undefined)
      options.silentlyDroppedMembers = listFlag('silently-drop-members', values['silently-drop-members']);
    return { ok: true, options };
  } catch (error) {
    if (error instanceof UsageError) return { ok: false, error: error.message };
    throw error;
  }
}

export function detailFieldsFlag(raw: string) {
  try {
    return parseDetailFields(JSON.parse(raw), '--detail-fields');
  } catch (error) {
    throw new UsageError(`--detail-fields: ${(error as Error).message}`);
  }
}

/** The CSV is read here, so a bad line is a usage error that names it. */
export function customersFlag(path: string) {
  try {
    return readCustomersCsv(path);
  } catch (error) {
    throw new UsageError(`--customers: ${(error as Error).message}`);
  }
}

function listFlag(name: string, raw: string): string[] {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (!entries.length) throw new UsageError(`Flag --${name} needs a comma-separated list, got '${raw}'.`);
  return entries;
}
