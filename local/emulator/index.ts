export type {
  AccountType,
  BulkKind,
  CsmEmulator,
  CustomerState,
  DetailFieldDefinition,
  DetailFieldType,
  EmulatorOptions,
  EmulatorState,
  EmulatorStats,
  FaultKind,
  OrganizationState,
  Principal,
  RejectionCause,
  RowFault,
  ServiceDeskState,
  TaskFailure,
  TaskState,
  TaskStatus,
} from './types';
export { startEmulator } from './server';
export { TASK_CAP_MESSAGE } from './handlers/bulkSubmit';
export { QUOTA_REASON, BURST_REASON, type PointsStats } from './points';
