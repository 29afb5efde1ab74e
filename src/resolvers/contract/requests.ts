import { SavedMappingNameSchema } from '../../domain/mapping/saved';
import { MappingSchema } from '../../domain/mapping/mapping';
import { z } from 'zod';
import { FIELD_DEFINITIONS_PER_REQUEST, NewFieldSchema } from '../../domain/fields/newFields';
import { PROBLEMS_PER_ANSWER } from '../../domain/import';
import { MAX_JOB_ID_LENGTH, MAX_TASK_CAP, MIN_TASK_CAP } from '../../domain/limits';
import { JobKindSchema } from '../../domain/operations';
import { jsonStringBytes, TEXT_PART_MAX_BYTES } from '../../domain/text/parts';
import {
  DEFAULT_REMOVED_FROM_SOURCE,
  RemovedFromSourceSchema,
  SyncKindSchema,
  SyncMatchSchema,
  SyncScheduleSchema,
  SyncUrlSourceSchema,
} from '../../domain/sync';

/**
 * The typed contract between the admin page and the resolvers: payload schemas (checked on
 * the server) and the result every resolver returns.
 */
export type ResolverResult<T> =
  { ok: true; data: T } | { ok: false; code: ErrorCode; message: string; problems?: unknown[] };

export type ErrorCode =
  | 'NOT_ADMIN'
  | 'INVALID_PAYLOAD'
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'NEEDS_CONFIRMATION'
  | 'OVERLAP'
  /** A run of the sync plan is going: no second one was started. */
  | 'RUN_GOING'
  | 'CSM_REFUSED'
  | 'CSM_UNAVAILABLE'
  | 'NEEDS_CONSENT'
  | 'INTERNAL';

/** A failed row carries its request (a profile can hold every detail field): 500 keep an answer well under 5 MB. */
export const FAILED_ROWS_PER_ANSWER = 500;

const UploadId = z.string().regex(/^[a-zA-Z0-9-]{6,40}$/, 'is not an upload id');
/** Job ids as newJobId makes them (and as storage keys allow): a bad one is refused here, not deep in a store call. */
const JobId = z
  .string()
  .regex(new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${MAX_JOB_ID_LENGTH - 1}}$`), 'is not a job id');
/** A storage query cursor, handed back as it was received: printable ASCII, bounded. */
const Cursor = z
  .string()
  .max(1_000)
  .regex(/^[\x21-\x7e]+$/, 'is not a cursor this app handed out');

/** A text sent in one call: at most one part's bytes of JSON (see domain/text/parts.ts); larger files go up in parts. */
const PartText = z.string().refine((text) => jsonStringBytes(text) <= TEXT_PART_MAX_BYTES, {
  message: `is larger than one part may be (${TEXT_PART_MAX_BYTES} bytes); send the file in parts with uploadPart`,
});
/** Names of created organizations a page lists at once. */
export const CREATED_PER_PAGE = 100;
/** Lookup ids as startLookup makes them. */
const LookupId = z.string().regex(/^lk-[a-z0-9-]{6,40}$/, 'is not a lookup id');
const SyncPlanId = z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/);

const FileSource = z.union([z.object({ text: PartText }), z.object({ uploadId: UploadId })]);

/** Columns the admin chose to leave out of the file ("Ignore this column"); the preview lists at most this many unknown. */
export const MAX_IGNORED_COLUMNS = 200;
/** Their names' bytes, so that with a part of the file a call stays well under Forge's 500 KB. */
const IGNORED_COLUMNS_MAX_BYTES = 50_000;
const IgnoreColumns = z
  .array(z.string().trim().min(1).max(255))
  .max(MAX_IGNORED_COLUMNS)
  .refine((names) => names.reduce((bytes, name) => bytes + jsonStringBytes(name), 0) <= IGNORED_COLUMNS_MAX_BYTES, {
    message: `names take more than ${IGNORED_COLUMNS_MAX_BYTES} bytes`,
  });

const ImportRequest = z.object({
  kind: JobKindSchema.default('profiles'),
  format: z.enum(['csv', 'json']).optional(),
  fileName: z.string().max(255).optional(),
  /** Left out entirely: not read, not reported, not sent (letter case ignored). */
  ignoreColumns: IgnoreColumns.optional(),
  /** Leave out every column the kind has no use for, however many (the CLI's --ignore-unknown-columns). */
  ignoreUnknownColumns: z.boolean().optional(),
  /** The file's columns and values in the site's words (a CRM export); see domain/mapping. */
  mapping: MappingSchema.optional(),
});

/** Candidates one members-pass call of the duplicates finder is given (it counts what ~20 member pages allow). */
export const FINDER_CANDIDATES_A_CALL = 100;

/**
 * Where a finder's next call starts: in the organization list (`start`, its place there), or in the members pass,
 * at the first candidate given, of which `memberStart` members were read already and `members` counted.
 */
export const FinderCursorSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('organizations'), start: z.number().int().min(0) }),
  z.object({
    phase: z.literal('members'),
    memberStart: z.number().int().min(0),
    members: z.number().int().min(0),
  }),
]);
export type FinderCursor = z.infer<typeof FinderCursorSchema>;

export const payloadSchemas = {
  listDetailFields: z.object({}).optional(),
  uploadPart: z.object({
    uploadId: UploadId,
    part: z.number().int().min(0).max(9999),
    parts: z.number().int().min(1).max(10_000),
    fileHash: z.string().regex(/^[0-9a-f]{16}$/, 'is not a file hash'),
    text: PartText,
  }),
  previewImport: z.intersection(
    ImportRequest.extend({
      /** Problems from this one on (the answer carries PROBLEMS_PER_ANSWER at most). */
      problemsOffset: z.number().int().min(0).max(10_000_000).optional(),
      problemsLimit: z.number().int().min(1).max(PROBLEMS_PER_ANSWER).optional(),
      /**
       * Look up every row on the site, in the background, when there are more than the preview looks up itself
       * (the answer's `lookup`, followed with getLookup): the page asks for it, a caller paging problems does not.
       */
      lookUpAll: z.boolean().optional(),
      /** The lookup of the preview this one replaces: stopped (a preview checked again starts its own). */
      stopLookup: LookupId.optional(),
    }),
    FileSource,
  ),
  startJob: z.intersection(
    ImportRequest.extend({
      skipInvalid: z.boolean().default(false),
      /** Start even though an unfinished job changes some of the same organizations. */
      allowOverlap: z.boolean().default(false),
      /** Send every row, even those the site already holds (by default the job compares and leaves them out). */
      sendAll: z.boolean().default(false),
      /** A deletions file deletes: the admin confirmed it (the page's danger modal, the CLI's --yes). */
      confirmDelete: z.literal(true).optional(),
    }),
    FileSource,
  ),
  /** The detail fields the file names that the site lacks, each with the definition its values suggest. */
  proposeFields: z.intersection(ImportRequest, FileSource),
  /** Creates detail fields (CSM takes at most 50 a request, and a site holds no more). */
  createFields: z.object({ definitions: z.array(NewFieldSchema).min(1).max(FIELD_DEFINITIONS_PER_REQUEST) }),
  /** How far a preview's background lookup of the whole file is (asking keeps it going). */
  getLookup: z.object({ lookupId: LookupId }),
  getJob: z.object({
    jobId: JobId,
    failuresOffset: z.number().int().min(0).optional(),
    failuresLimit: z.number().int().min(0).max(1000).optional(),
  }),
  /** Failed rows with what was sent, for a failed-rows file in the import format (see domain/export/failedRows). */
  failedRows: z.object({
    jobId: JobId,
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(FAILED_ROWS_PER_ANSWER).default(FAILED_ROWS_PER_ANSWER),
  }),
  /** One part of the rows a job skipped for errors in the file (the job view's skippedParts says how many), with the file's headers. */
  skippedRows: z.object({ jobId: JobId, part: z.number().int().min(0).max(100_000).default(0) }),
  listJobs: z.object({ limit: z.number().int().min(1).max(100).optional(), cursor: Cursor.optional() }).optional(),
  cancelJob: z.object({ jobId: JobId }),
  retryFailed: z.object({ jobId: JobId, confirmStale: z.boolean().optional() }),
  resumeJob: z.object({ jobId: JobId, confirmStale: z.boolean().optional() }),
  /** A job putting back the names and detail values the job's rows replaced (organizations it created stay). */
  undoJob: z.object({ jobId: JobId, confirmStale: z.boolean().optional() }),
  /**
   * Starts a delete job of the organizations the job created, by id, as its ledger holds them (once per job: asked
   * again, the answer is the job started first); `confirm` must be true.
   */
  deleteCreated: z.object({ jobId: JobId, confirm: z.literal(true) }),
  /** A deletions job's organizations created again from its recycle bin (new ids). */
  restoreJob: z.object({ jobId: JobId }),
  /** A page of the organizations a job created, by id. */
  listCreated: z.object({
    jobId: JobId,
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(CREATED_PER_PAGE).default(CREATED_PER_PAGE),
  }),
  advanceJob: z.object({ jobId: JobId }),
  exportOrganizations: z.object({ start: z.number().int().min(0).default(0) }).optional(),
  /** Where the last page stopped: the organization (its place in the site's list) and its member. */
  exportMemberships: z
    .object({ start: z.number().int().min(0).default(0), memberStart: z.number().int().min(0).default(0) })
    .optional(),
  /**
   * A finder of organizations to clean up, a slice of the site a call (see FinderCursor). `empty`: a page of
   * organizations, each with its first member. `duplicates`: first the organization list (the caller finds the names
   * another shares), then, given those as `candidates`, their members counted.
   */
  findOrganizations: z.object({
    finder: z.enum(['empty', 'duplicates']),
    /** Where the organization list starts when no cursor is given. */
    start: z.number().int().min(0).default(0),
    cursor: FinderCursorSchema.optional(),
    /** The members pass: the organizations to count the members of, in order, the cursor's at the head. */
    candidates: z
      .array(z.object({ id: z.string().regex(/^\d{1,19}$/), name: z.string().max(1000) }))
      .max(FINDER_CANDIDATES_A_CALL)
      .optional(),
  }),
  getSettings: z.object({}).optional(),
  /** The site's cap is shared with every other tool importing there: 1 to 10 pins it; null lets jobs learn it. */
  saveSettings: z.object({ taskCap: z.number().int().min(MIN_TASK_CAP).max(MAX_TASK_CAP).nullable() }),
  listSyncPlans: z.object({}).optional(),
  /** Saved mappings (domain/mapping): listed for the page's mapping step and the CLI's --map-name. */
  listMappings: z.object({}).optional(),
  saveMapping: z.object({ name: SavedMappingNameSchema, kind: JobKindSchema, mapping: MappingSchema }),
  deleteMapping: z.object({ name: SavedMappingNameSchema }),
  saveSyncPlan: z.object({
    planId: SyncPlanId.optional(),
    name: z.string().trim().min(1).max(100),
    source: z.union([
      z.object({
        kind: z.literal('file'),
        fileName: z.string().max(255).optional(),
        text: PartText.optional(),
        uploadId: UploadId.optional(),
      }),
      SyncUrlSourceSchema,
    ]),
    schedule: SyncScheduleSchema.default({ every: 'day', hour: 2 }),
    /** What the source holds: organization profiles, or who belongs to each organization (memberships). */
    kind: SyncKindSchema.default('profiles'),
    matchBy: SyncMatchSchema.default('name'),
    removedFromSource: RemovedFromSourceSchema.default(DEFAULT_REMOVED_FROM_SOURCE),
    enabled: z.boolean().default(true),
    /** A profiles plan's saved mapping, by name, read at every run (none: the source is in the site's words). */
    mappingName: SavedMappingNameSchema.optional(),
  }),
  deleteSyncPlan: z.object({ planId: SyncPlanId }),
  runSyncNow: z.object({ planId: SyncPlanId }),
  /**
   * A 'delete' plan's organizations removed from its source: without `confirm`, what would be deleted (looked up on
   * the site by id); with `confirm: true`, the delete job of them (once per set).
   */
  deleteRemovedFromSource: z.object({
    planId: SyncPlanId,
    confirm: z.literal(true).optional(),
    /** With `confirm`: the `reviewed` of the review the admin saw (the set changed since is refused). */
    reviewed: z.string().max(40).optional(),
  }),
  verifySync: z.object({ planId: SyncPlanId, includeInNextRun: z.boolean().default(false) }),
  /** A memberships plan: what its next run would send now, looked up on the site (nothing is sent). */
  previewSyncPlan: z.object({ planId: SyncPlanId }),
} as const;

export type ResolverName = keyof typeof payloadSchemas;
export type ResolverPayload<K extends ResolverName> = z.input<(typeof payloadSchemas)[K]>;
/** A payload as the handler receives it, once parsed (defaults filled in). */
export type ResolverRequest<K extends ResolverName> = z.output<(typeof payloadSchemas)[K]>;
