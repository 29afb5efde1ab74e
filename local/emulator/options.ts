import type { CustomerState, DetailFieldDefinition, EmulatorOptions, FaultKind } from './types';
import { FAULT_KINDS } from './faults';
import { defaultDetailFields } from './model/defaultState';
import { parseCustomers, parseDetailFields } from './schemas/stateSchema';
import { readCustomersCsv } from './schemas/customersCsv';

export interface ResolvedOptions {
  port: number;
  maxActiveTasks: number;
  taskMs: number;
  jitter: number;
  faultRate: number;
  faultKinds?: FaultKind[];
  seed: number;
  detailFields: DetailFieldDefinition[];
  /** The start state's customers, `customers` then the file's; undefined: the default ones. */
  customers?: (string | CustomerState)[];
  silentlyDroppedMembers: string[];
  impersonation: boolean;
  retentionMs: number;
  retryAfterSeconds: number;
  pointsPerHour?: number;
  pointsWindowMs: number;
  burstPerSecond?: number;
  now: () => number;
  statePath?: string;
}

const THREE_DAYS_MS = 3 * 24 * 60 * 60 * 1000;

export function resolveOptions(opts: EmulatorOptions = {}): ResolvedOptions {
  return {
    port: checked('port', opts.port ?? 0, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'an integer 0..65535'),
    maxActiveTasks: checked(
      'maxActiveTasks',
      opts.maxActiveTasks ?? 5,
      (n) => Number.isInteger(n) && n >= 1,
      'an integer ≥ 1',
    ),
    taskMs: checked('taskMs', opts.taskMs ?? 2000, (n) => n >= 0, 'a number of milliseconds ≥ 0'),
    jitter: checked('jitter', opts.jitter ?? 0.5, (n) => n >= 0 && n <= 2, 'a number between 0 and 2'),
    faultRate: checked('faultRate', opts.faultRate ?? 0, (n) => n >= 0 && n <= 1, 'a probability between 0 and 1'),
    faultKinds: opts.faultKinds?.map((kind) => {
      if (!FAULT_KINDS.includes(kind))
        throw new Error(`Emulator option faultKinds: "${kind}" is not one of ${FAULT_KINDS.join(', ')}.`);
      return kind;
    }),
    seed: checked('seed', opts.seed ?? 1, (n) => Number.isInteger(n), 'an integer'),
    detailFields: opts.detailFields ? parseDetailFields(opts.detailFields, 'detailFields') : defaultDetailFields(),
    customers: resolveCustomers(opts),
    silentlyDroppedMembers: silentlyDropped(opts.silentlyDroppedMembers),
    impersonation: opts.impersonation ?? true,
    retentionMs: checked(
      'retentionMs',
      opts.retentionMs ?? THREE_DAYS_MS,
      (n) => n >= 0,
      'a number of milliseconds ≥ 0',
    ),
    retryAfterSeconds: checked(
      'retryAfterSeconds',
      opts.retryAfterSeconds ?? 1,
      (n) => Number.isInteger(n) && n >= 0,
      'an integer ≥ 0',
    ),
    pointsPerHour: optional('pointsPerHour', opts.pointsPerHour, isCount, 'an integer ≥ 1'),
    pointsWindowMs: checked(
      'pointsWindowMs',
      opts.pointsWindowMs ?? 3_600_000,
      (n) => Number.isInteger(n) && n >= 1000,
      'an integer of milliseconds ≥ 1000',
    ),
    burstPerSecond: optional('burstPerSecond', opts.burstPerSecond, isCount, 'an integer ≥ 1'),
    now: opts.now ?? Date.now,
    statePath: opts.statePath,
  };
}

function resolveCustomers(opts: EmulatorOptions): (string | CustomerState)[] | undefined {
  if (opts.customers === undefined && opts.customersFile === undefined) return undefined;
  let fromFile: CustomerState[] = [];
  try {
    if (opts.customersFile !== undefined) fromFile = readCustomersCsv(opts.customersFile);
  } catch (error) {
    throw new Error(`Emulator option customersFile: ${(error as Error).message}`, { cause: error });
  }
  const label = opts.customersFile === undefined ? 'customers' : `customers (with ${opts.customersFile})`;
  return parseCustomers([...(opts.customers ?? []), ...fromFile], label);
}

function silentlyDropped(entries: unknown): string[] {
  if (entries === undefined) return [];
  if (!Array.isArray(entries) || !entries.every((e) => typeof e === 'string' && e.trim() !== ''))
    throw new Error(
      `Emulator option silentlyDroppedMembers must be a list of account ids or emails; got ${JSON.stringify(entries)}.`,
    );
  return entries.map((e: string) => e.trim());
}

const isCount = (n: number) => Number.isInteger(n) && n >= 1;

function checked(name: string, value: number, ok: (n: number) => boolean, expected: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new Error(`Emulator option ${name} must be ${expected}; got ${JSON.stringify(value)}.`);
  }
  return value;
}

function optional(name: string, value: number | undefined, ok: (n: number) => boolean, expected: string) {
  return value === undefined ? undefined : checked(name, value, ok, expected);
}
