import { readImport } from '../../src/domain/import';
import { chunkRequest, planChunks, summarizePlan } from '../../src/domain/plan';
import { csv, SITE } from './fixtures';

describe('a 50,000-row profiles CSV', () => {
  it('parses, validates and plans', () => {
    const regions = ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'];
    const rows = Array.from(
      { length: 50_000 },
      (_, i) =>
        `Organization ${i},${regions[i % 5]},+61 2 ${String(i).padStart(8, '0')},Gold|Silver,"Note ${i}, with a comma",2025-01-${String((i % 28) + 1).padStart(2, '0')}`,
    );
    const result = readImport({ text: csv('Organization Name,Region,Phone Number,Tier,Notes,Renewal', ...rows) }, SITE);
    expect(result.problems).toEqual([]);
    expect(result.rowCount).toBe(50_000);
    expect(result.operations).toHaveLength(50_000);
    expect(result.operations[49_999]).toMatchObject({ index: 49_999, row: 50_001 });

    const chunks = planChunks('job-50k', result.operations);
    expect(summarizePlan(chunks)).toEqual({
      chunks: 500,
      operations: 50_000,
      phases: 1,
      byKind: {
        organizations: { chunks: 0, operations: 0 },
        profiles: { chunks: 500, operations: 50_000 },
        deletions: { chunks: 0, operations: 0 },
        memberships: { chunks: 0, operations: 0 },
        'service-projects': { chunks: 0, operations: 0 },
        details: { chunks: 0, operations: 0 },
      },
    });
    expect(new Set(chunks.map((chunk) => chunkRequest('job-50k', chunk).idempotencyKey)).size).toBe(500);
  });
});
