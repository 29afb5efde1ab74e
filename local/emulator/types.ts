import type { PointsStats } from './points';
export type DetailFieldType =
  'TEXT' | 'SELECT' | 'MULTISELECT' | 'DATE' | 'EMAIL' | 'URL' | 'NUMBER' | 'PHONE' | 'BOOLEAN';

export interface DetailFieldDefinition {
  name: string;
  type: DetailFieldType;
  options?: string[];
}

/** `fields`: detail field definitions (POST /organization/details/definitions/bulk). */
export type BulkKind = 'profiles' | 'organizations' | 'details' | 'fields';
export type TaskStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'FINISHED' | 'FAILED';
export type Principal = 'user' | 'app' | 'impersonated';

export interface TaskFailure {
  /** [G] CSM documents no entity names: a field definition's failure says DETAIL_FIELD. */
  entity: 'ORGANIZATION' | 'DETAIL_FIELD';
  entityId: string | null;
  operation: string;
  operatedOn: string;
  operatedOnIds: string[];
  error: string;
}

export interface OrganizationState {
  id: string;
  name: string;
  details: Record<string, string[]>;
  customerIds: string[];
  productIds: string[];
  /** Managed by an identity provider (SCIM): not renamed, deleted or given members here (shown only when true). */
  scimManaged?: boolean;
}

/** A service project (service desk) and the organizations shared with it, in the order they were added. */
export interface ServiceDeskState {
  /** Digits, unique. */
  id: string;
  /** Unique. */
  projectKey: string;
  projectName: string;
  organizationIds: string[];
}

/** A task as the inspection endpoint shows it; the optional fields let a saved state resume exactly. */
export interface TaskState {
  id: string;
  status: TaskStatus;
  kind: BulkKind;
  items: unknown[];
  failures: TaskFailure[];
  type?: string;
  createdAt?: string;
  updatedAt?: string;
  dueAt?: string;
  /** When a status look first found the task ended: until then the caller holds its slot (inspection only). */
  seenEndedAt?: string;
  idempotencyKey?: string;
  requestHash?: string;
  failedEmpty?: boolean;
}

/** `customer` (the default) may be a member of an organization; agents and admins may not. */
export type AccountType = 'customer' | 'agent' | 'admin';

/** A customer account of the site; in a state, a plain string is one with that account id and no email. */
export interface CustomerState {
  accountId: string;
  /** Unique on the site, ignoring case. */
  email?: string;
  displayName?: string;
  accountType?: AccountType;
}

export interface EmulatorState {
  organizations: OrganizationState[];
  detailFields: DetailFieldDefinition[];
  customers: (string | CustomerState)[];
  products: string[];
  nonAdminAccountIds: string[];
  tasks: TaskState[];
  /** Rows that fail in their task for a passing reason (shown only while some are left). */
  rowFaults?: RowFault[];
  /**
   * Account ids or emails whose membership additions (profile `associateCustomers`, POST …/organization/{id}/user)
   * are accepted and silently not applied, as a live site was reported to do (shown only when some are set).
   */
  silentlyDroppedMembers?: string[];
  /** The site's service projects (default: SUP and ONB, none shared); left out, they keep their start value. */
  serviceDesks?: ServiceDeskState[];
}

/**
 * A row about this organization (its name, ignoring case, or its id) fails in its task with `error`, the next
 * `times` times (default 1) a task that carries it ends, and nothing of it is applied: a passing refusal such as
 * CSM's "timed out", for tests of what is worth sending again.
 */
export interface RowFault {
  organization: string;
  error?: string;
  times?: number;
}

export type FaultKind =
  | 'rate429RetryAfter'
  | 'rate429ResetOnly'
  | 'server500'
  | 'server503'
  | 'lostResponseDrop'
  | 'lostResponse504'
  | 'failedEmpty';

export type RejectionCause =
  | 'taskCap'
  | 'validation'
  | 'invalidJson'
  | 'bodyTooLarge'
  | 'missingExperimentalHeader'
  | 'missingIdempotencyKey'
  | 'idempotencyConflict'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'methodNotAllowed'
  | 'serverError';

export interface EmulatorStats {
  requests: Record<string, number>;
  rejections: Record<RejectionCause, number>;
  faults: Record<FaultKind, number>;
  idempotentReplays: number;
  maxOpenTasks: number;
  openTasks: number;
  principals: Record<Principal, number>;
  /** Atlassian's points, as charged (see points.ts). */
  points: PointsStats;
}

export interface EmulatorOptions {
  port?: number;
  maxActiveTasks?: number;
  taskMs?: number;
  jitter?: number;
  faultRate?: number;
  /** Restrict injected faults to these kinds (default: all). */
  faultKinds?: FaultKind[];
  seed?: number;
  detailFields?: DetailFieldDefinition[];
  /** The site's customers (they replace the two default ones); see CustomerState. */
  customers?: (string | CustomerState)[];
  /** A CSV of customers (columns Email, Name, optional Account ID and Type), added after `customers`. */
  customersFile?: string;
  /** Account ids or emails whose membership additions silently do not happen (see EmulatorState). */
  silentlyDroppedMembers?: string[];
  impersonation?: boolean;
  retentionMs?: number;
  retryAfterSeconds?: number;
  /** Refuse with a quota 429 once the app has spent this many points in the hour (default: metered, never refused). */
  pointsPerHour?: number;
  /** The quota's window in ms (default an hour): tests shorten it. */
  pointsWindowMs?: number;
  /** Refuse with a burst 429 past this many calls a second to one endpoint and method (default: never). */
  burstPerSecond?: number;
  now?: () => number;
  statePath?: string;
}

export interface CsmEmulator {
  url: string;
  port: number;
  state(): EmulatorState;
  setState(s: EmulatorState): void;
  reset(): void;
  stats(): EmulatorStats;
  close(): Promise<void>;
}
