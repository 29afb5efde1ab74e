import type { SavedMapping } from '../../domain/mapping/saved';
import type { Mapping } from '../../domain/mapping/mapping';
import type { CountedOrganization } from '../../domain/cleanup';
import type { MembershipExportRow } from '../../domain/export/membershipsFile';
import type { RowFailureExport } from '../../domain/export/failedRows';
import type { FieldProposal } from '../../domain/fields/inferField';
import type { ImportFormat, ProblemPage, SameOrganization } from '../../domain/import';
import type { SkippedRow } from '../../domain/import/skippedRows';
import type { CreatedOrganization, JobRecord, RequestCounts, RowFailure } from '../../domain/job';
import type { JobEstimate } from '../../domain/estimate';
import type { JobLedger, JobProgress } from '../../domain/jobCounts';
import type { LookupView } from '../../domain/lookup';
import type { ImportKind, JobKind } from '../../domain/operations';
import type { ObservedOrganization } from '../../domain/outcomes';
import type { JobOverlap } from '../../domain/overlap';
import type { PlanSummary } from '../../domain/plan';
import type { RowPreview } from '../../domain/preview';
import type { DetailFieldDefinition } from '../../domain/schemas';
import type { DriftedRow, SyncPlan, SyncRun } from '../../domain/sync';
import type { LearnedCap } from '../../domain/taskCap';
import type { FinderCursor } from './requests';

/*
 * What each resolver answers, written out from domain types: the page reads these, the handlers are typed against
 * them (an answer that drifts fails tsc), and the engine's views produce them.
 */

/**
 * A job as a list, a start or a cancel shows it: its record's public part (with its follow-ups: the job this one
 * retries, resumes, undoes or deletes what it created, and the job that did), its progress and its ledger.
 */
export interface JobSummary extends Pick<
  JobRecord,
  | 'id'
  | 'kind'
  | 'status'
  | 'ownerAccountId'
  | 'fileName'
  | 'retryOf'
  | 'retriedBy'
  | 'resumeOf'
  | 'resumedBy'
  | 'undoOf'
  | 'undoneBy'
  | 'deleteOf'
  | 'deletedBy'
  | 'restoreOf'
  | 'restoredBy'
  | 'createdAt'
> {
  finishedAt?: number;
  rows: number;
  skippedRows: number;
  /** How many parts hold the rows skipped for errors (the skippedRows resolver reads them). */
  skippedParts?: number;
  taskCap: number;
  requests: RequestCounts;
  waitingReason?: string;
  lastError?: string;
  progress: JobProgress;
  /** Where each row is: every count shown of the job comes from here (see JobLedger). */
  ledger: JobLedger;
  estimatedRemainingMs?: number;
}

/** A failed row as the job view lists it (what was sent stays in storage), saying whether a retry sends it again. */
export type FailureAnswer = Omit<RowFailure, 'operation' | 'retryable'> & { retryable: boolean };

/** What the `getJob` and `advanceJob` resolvers answer: the job with a page of its failed rows. */
export interface JobAnswer extends JobSummary {
  failures: FailureAnswer[];
  failuresTotal: number;
  /** Of the failed rows, those a retry sends again: the others were refused for what they hold and need fixing. */
  failuresRetryable: number;
}

/** A retry, resume, undo or delete of what a job created: the job it started (or the one started before). */
export interface FollowUpAnswer extends JobSummary {
  /** The follow-up was made before (once per job and purpose): this is that job. */
  existing: boolean;
  /** Failed rows not sent again: CSM refused them for what they hold, so they need fixing. 0 for a resume. */
  leftOut: number;
  leftOutMessage: string | undefined;
}

export interface PreviewAnswer extends ProblemPage {
  kind: ImportKind;
  format: ImportFormat;
  headers: string[];
  rowCount: number;
  rowsWithErrors: number;
  /** Columns the kind has no use for, not ignored: starting is refused until each is renamed or ignored. */
  unknownColumns: string[];
  /** Set when the file cannot be of the kind chosen and its headers (or JSON shape) say it is this kind. */
  suggestedKind?: ImportKind;
  /**
   * The rows the site says name an organization another row names by ID (their problems are among the others):
   * the page, which shows the problems of its own check of the file, adds theirs.
   */
  sameOrganizations: SameOrganization[];
  operations: number;
  plan: PlanSummary | undefined;
  rows: RowPreview[];
  rowsClassified: number;
  /** The background lookup of the whole file (followed with getLookup), when there are more rows than looked up here. */
  lookup?: LookupView;
  detailFields: DetailFieldDefinition[];
  /** Unfinished jobs that change some of the same organizations: starting needs allowOverlap. */
  overlaps: JobOverlap[];
  /** How long the job would probably take on this site; absent until a job finished here (no task time known). */
  estimate?: JobEstimate;
}

export type CreateFieldsAnswer =
  | {
      status: 'DONE';
      /** Names CSM created, as the site now spells them. */
      created: string[];
      /** Asked for, but the site had them already (same name and type): nothing was sent for them. */
      existing: string[];
      /** Asked for and not there after CSM's task ended, with its reason when it gave one. */
      failed: { name: string; error: string }[];
      /** The site's fields after the change, so the caller checks the file against them at once. */
      detailFields: DetailFieldDefinition[];
    }
  | {
      /** CSM has not finished yet: asking again with the same fields follows the same task (same idempotency key). */
      status: 'PENDING';
      taskId: string;
    };

/** A review of a 'delete' plan's organizations removed from its source, or the delete job its confirmation started. */
export type RemovedFromSourceAnswer =
  | {
      total: number;
      gone: number;
      organizations: { id: string; name: string }[];
      /** What the admin reviewed: sent back with the confirmation. */
      reviewed: string;
      started: undefined;
    }
  | {
      total: number;
      gone: number;
      /** None: the job started deletes them. */
      organizations: { id: string; name: string }[];
      reviewed: string;
      started: { id: string; existing: boolean };
    };

/** Every resolver's answer, by name. */
/** The site's task cap: the one jobs start with, whether the admin pinned it, and what CSM's answers taught. */
export interface SettingsAnswer {
  taskCap: number;
  pinned: boolean;
  learned: LearnedCap;
}

export interface ResolverAnswers {
  listDetailFields: DetailFieldDefinition[];
  uploadPart: { uploadId: string; part: number };
  previewImport: PreviewAnswer;
  startJob: JobSummary & { warnings: number };
  proposeFields: { proposals: FieldProposal[]; notes: string[]; siteFieldCount: number; siteFieldLimit: number };
  createFields: CreateFieldsAnswer;
  getLookup: LookupView;
  getJob: JobAnswer;
  failedRows: { kind: JobKind; total: number; rows: RowFailureExport[]; mapping?: Mapping };
  skippedRows: { headers: string[]; rows: SkippedRow[]; parts: number; total: number };
  listJobs: { jobs: JobSummary[]; cursor: string | undefined };
  cancelJob: JobSummary;
  retryFailed: FollowUpAnswer;
  resumeJob: FollowUpAnswer;
  undoJob: FollowUpAnswer;
  deleteCreated: FollowUpAnswer;
  restoreJob: FollowUpAnswer;
  listCreated: { total: number; organizations: CreatedOrganization[] };
  advanceJob: JobAnswer;
  exportOrganizations: {
    organizations: ObservedOrganization[];
    nextStart: number;
    isLastPage: boolean;
    /** The site's detail fields, with the first page only. */
    detailFields: DetailFieldDefinition[] | undefined;
  };
  exportMemberships: {
    rows: MembershipExportRow[];
    /** Where the next page starts: the organization's place in the site's list, and its member. */
    nextStart: number;
    nextMemberStart: number;
    isLastPage: boolean;
  };
  findOrganizations: {
    /**
     * `empty`: the organizations of the slice with no member; `duplicates`' members pass: the candidates counted in
     * full in this call, in the order given.
     */
    found: CountedOrganization[];
    /** `duplicates`' organizations pass: every organization read, for the caller to find the names another shares. */
    listed: { id: string; name: string }[];
    /** Where the next call of this pass starts; undefined once it is done (isLastPage). */
    cursor: FinderCursor | undefined;
    isLastPage: boolean;
    /** Organizations this call read (organizations pass) or counted in full (members pass). */
    scanned: number;
  };
  getSettings: SettingsAnswer;
  saveSettings: SettingsAnswer;
  listSyncPlans: { plans: SyncPlan[] };
  listMappings: { mappings: SavedMapping[]; max: number };
  saveMapping: { saved: SavedMapping };
  deleteMapping: { deleted: string };
  saveSyncPlan: SyncPlan;
  deleteSyncPlan: { planId: string; deleted: boolean };
  runSyncNow: { plan: SyncPlan; run: SyncRun; started: boolean };
  deleteRemovedFromSource: RemovedFromSourceAnswer;
  previewSyncPlan: {
    /** Rows of the source. */
    compared: number;
    add: number;
    remove: number;
    fail: number;
    /** The first changes, in the order the job would take them. */
    changes: { row: number; operation: 'ADD' | 'REMOVE'; organization: string; customer: string }[];
  };
  verifySync: {
    compared: number;
    /** At most DRIFTED_PER_ANSWER of them; driftedTotal counts them all. */
    drifted: DriftedRow[];
    driftedTotal: number;
    /** True when the drifted rows will be sent by the next run even though the source did not change. */
    includedInNextRun: boolean;
  };
}

export type ResolverAnswer<K extends keyof ResolverAnswers> = ResolverAnswers[K];
