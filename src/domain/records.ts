import { z } from 'zod';
import type { ChunkLine, ChunkRecord, JobRecord, RowFailure } from './job';
import { JOB_TRANSITIONS, type JobStatus } from './jobStatus';
import { RowOperationSchema } from './operations';

/**
 * The shapes the app stores, checked when read back: a stored value is the app's own, but it may come from an older
 * version of the app (or be cut by a failed write), and trusting a cast would carry a wrong shape deep into the
 * engine. Each record type has a version and one `migrate` that brings any older shape up to it, so old shapes are
 * handled here, once, instead of by defaults scattered through the code.
 *
 * Records that are objects carry their version in `v` (absent: version 0). Records stored as arrays (a page of chunk
 * lines, a part of failures) carry none: their items are upgraded by what they lack.
 */
export interface RecordType<T> {
  /** How an admin would name it in an error ("job record"). */
  name: string;
  version: number;
  /** Brings a stored value of version `from` (0 when it has no `v`) up to `version`; returns it as it is if current. */
  migrate: (stored: unknown, from: number) => unknown;
  schema: z.ZodType<T>;
}

const count = z.number().int().nonnegative();
export const time = z.number();
const JobStatusSchema = z.enum(Object.keys(JOB_TRANSITIONS) as [JobStatus, ...JobStatus[]]);
const JobKindStored = z.enum([
  'merges',
  'profiles',
  'organizations',
  'details',
  'deletions',
  'memberships',
  'service-projects',
]);
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const JobTallySchema = z.looseObject({
  chunks: count,
  pending: count,
  open: count,
  ended: count.optional(),
  done: count,
  skipped: count,
  sent: count,
  notSent: count,
  succeeded: count,
  failed: count,
  retryable: count,
  unchanged: count,
  held: count.optional(),
  tasks: count,
  creates: count.optional(),
  created: count.optional(),
  lastOpenSubmittedAt: time.optional(),
});

const JobRecordSchema = z.looseObject({
  v: z.number().optional(),
  id: z.string().min(1),
  kind: JobKindStored,
  status: JobStatusSchema,
  ownerAccountId: z.string(),
  createdAt: time,
  updatedAt: time,
  finishedAt: time.optional(),
  rows: count,
  operations: count,
  skippedRows: count,
  taskCap: z.number().int().positive(),
  capPinned: z.boolean().optional(),
  resumeAt: time.optional(),
  tally: JobTallySchema,
  requests: z.looseObject({ write: count, statusPolls: count, reads: count, retries: count }),
  taskTime: z.looseObject({
    count: count,
    totalMs: z.number(),
    minMs: z.number().optional(),
    sumSqMs: z.number().optional(),
  }),
}) as unknown as z.ZodType<JobRecord>;

/**
 * Version 1 of the job record: the tally counts the failed rows a retry sends again (`retryable`). A record from
 * before it counted every failed row as retryable, as every failed row then was.
 */
export const JOB_RECORD: RecordType<JobRecord> = {
  name: 'job record',
  version: 1,
  schema: JobRecordSchema,
  migrate(stored, from) {
    if (from >= 1 || !isObject(stored) || !isObject(stored.tally)) return stored;
    const tally = stored.tally;
    return { ...stored, tally: { ...tally, retryable: tally.retryable ?? tally.failed } };
  },
};

/** A migration of a stored list that upgrades each item (what is not a list is left for the schema to refuse). */
function eachItem(upgrade: (item: unknown) => unknown): (stored: unknown) => unknown {
  return (stored) => (Array.isArray(stored) ? stored.map(upgrade) : stored);
}

const ChunkLineSchema = z.looseObject({
  state: z.enum(['PENDING', 'SUBMITTING', 'OPEN', 'DONE', 'SKIPPED']),
  phase: count,
  size: count,
  taskId: z.string().optional(),
  succeeded: count.optional(),
  failed: count.optional(),
  retryable: count.optional(),
}) as unknown as z.ZodType<ChunkLine>;

/** A page of a job's chunk lines. A line from before `retryable` was kept counts its failed rows as retryable. */
export const LINE_PAGE: RecordType<ChunkLine[]> = {
  name: 'page of job progress',
  version: 1,
  schema: z.array(ChunkLineSchema),
  migrate: eachItem((line) =>
    isObject(line) && line.failed !== undefined && line.retryable === undefined
      ? { ...line, retryable: line.failed }
      : line,
  ),
};

const RowFailureSchema = z.looseObject({
  index: count,
  row: z.number().int(),
  id: z.string().optional(),
  name: z.string().optional(),
  error: z.string(),
  retryable: z.boolean(),
  operation: RowOperationSchema.optional(),
}) as unknown as z.ZodType<RowFailure>;

/** A part of a chunk's failed rows. A failure from before `retryable` was recorded is retryable, as all were then. */
export const FAILURE_PART: RecordType<RowFailure[]> = {
  name: 'part of the failed rows',
  version: 1,
  schema: z.array(RowFailureSchema),
  migrate: eachItem((failure) =>
    isObject(failure) && failure.retryable === undefined ? { ...failure, retryable: true } : failure,
  ),
};

export const CHUNK_RECORD: RecordType<ChunkRecord> = {
  name: 'planned request',
  version: 0,
  schema: z.looseObject({
    index: count,
    phase: count,
    kind: JobKindStored,
    body: z.unknown(),
    operationIndexes: z.array(count),
    rows: z.array(z.number().int()),
    compared: z.boolean().optional(),
    unchanged: z.array(count).optional(),
    movedFrom: z.array(count).optional(),
  }) as unknown as z.ZodType<ChunkRecord>,
  migrate: (stored) => stored,
};

/** Why a stored value is not a record of this type: the first few problems, by field. */
export class StoredRecordError extends Error {
  constructor(
    readonly type: string,
    readonly key: string,
    readonly problems: string,
  ) {
    super(
      `The stored ${type} ${key} is not in a shape this version of the app reads (${problems}). Nothing was ` +
        'changed. If the app was just rolled back, deploy its latest version again; otherwise send these words to ' +
        "the app's developer.",
    );
    this.name = 'StoredRecordError';
  }
}

/** The stored value as the current version's record: upgraded by `migrate`, then checked. Throws StoredRecordError. */
export function readRecord<T>(type: RecordType<T>, key: string, stored: unknown): T {
  const from = isObject(stored) && typeof stored.v === 'number' ? stored.v : 0;
  if (from > type.version) {
    throw new StoredRecordError(type.name, key, `written by a newer version (${from}) than this one reads`);
  }
  const parsed = type.schema.safeParse(type.migrate(stored, from));
  if (parsed.success) {
    // The version is storage's business: the record read is the record the app wrote.
    if (isObject(parsed.data)) delete parsed.data.v;
    return parsed.data;
  }
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'value'}: ${issue.message}`)
    .join('; ');
  throw new StoredRecordError(type.name, key, problems);
}

/** The value to store: an object record carries its type's version. */
export function versioned<T extends object>(type: RecordType<T>, value: T): T {
  return type.version > 0 && !Array.isArray(value) ? { ...value, v: type.version } : value;
}

/**
 * The jobs started in the last minute (store/recentJobs.ts): a KVS query may not see a job's keys for a moment, so
 * the newest starts are also kept under one key, read by key.
 */
export interface RecentStart {
  id: string;
  at: number;
}

export const RECENT_STARTS: RecordType<RecentStart[]> = {
  name: 'list of recent job starts',
  version: 0,
  schema: z.array(z.looseObject({ id: z.string().min(1), at: time })) as unknown as z.ZodType<RecentStart[]>,
  migrate: (stored) => stored,
};

/** A stored text in parts addressed by key (store/syncTexts.ts): which generation, how many parts, their hash. */
export interface TextHead {
  generation: number;
  parts: number;
  hash: string;
}

export const TEXT_HEAD: RecordType<TextHead> = {
  name: "sync plan text's head",
  version: 0,
  schema: z.looseObject({ generation: count, parts: count, hash: z.string() }) as unknown as z.ZodType<TextHead>,
  migrate: (stored) => stored,
};
