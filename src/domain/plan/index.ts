export { planChunks } from './planChunks';
export { chunkRequest, type ChunkRequest } from './chunkRequest';
export { summarizePlan, type PlanSummary } from './summarizePlan';
export { fnv1a64Hex } from './hash';
export { utf8ByteLength } from '../text/utf8';
export {
  DEFAULT_PLAN_LIMITS,
  ENDPOINT_PATHS,
  KIND_ORDER,
  MEMBERS_PER_CALL,
  MEMBERS_PER_CHUNK,
  PlanError,
  PlannedChunkSchema,
  type PlanLimits,
  type PlannedChunk,
} from './types';
export { appendOperations, keepOperations } from './keepOperations';
export { asDetailOperation, detailsChunk, spareDetailChunks } from './detailsRoute';
