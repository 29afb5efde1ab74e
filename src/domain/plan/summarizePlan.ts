import type { ChunkKind } from '../operations';
import type { PlannedChunk } from './types';

export interface PlanSummary {
  chunks: number;
  operations: number;
  phases: number;
  byKind: Record<ChunkKind, { chunks: number; operations: number }>;
}

export function summarizePlan(chunks: readonly PlannedChunk[]): PlanSummary {
  const byKind: PlanSummary['byKind'] = {
    organizations: { chunks: 0, operations: 0 },
    profiles: { chunks: 0, operations: 0 },
    details: { chunks: 0, operations: 0 },
    deletions: { chunks: 0, operations: 0 },
    memberships: { chunks: 0, operations: 0 },
    'service-projects': { chunks: 0, operations: 0 },
  };
  const phases = new Set<number>();
  let operations = 0;
  for (const chunk of chunks) {
    byKind[chunk.kind].chunks += 1;
    byKind[chunk.kind].operations += chunk.operationIndexes.length;
    operations += chunk.operationIndexes.length;
    phases.add(chunk.phase);
  }
  return { chunks: chunks.length, operations, phases: phases.size, byKind };
}
