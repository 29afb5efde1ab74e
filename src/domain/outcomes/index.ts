export { mapTaskResult } from './mapTaskResult';
export { explainCsmError } from './explainCsmError';
export { verifyByReadBack } from './verifyByReadBack';
export { matchFailure, type FailureMatch } from './matchFailure';
export { ObservedOrganizationSchema, type ObservedOrganization } from './observed';
export type { OperationFailure, ReadBackOutcome, TaskOutcome } from './types';
