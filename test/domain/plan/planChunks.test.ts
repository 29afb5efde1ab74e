import { ENDPOINT_LIMITS, MAX_CHUNK_BYTES, MAX_JOB_ROWS } from '../../../src/domain/limits';
import type { RowOperation } from '../../../src/domain/operations';
import {
  chunkRequest,
  fnv1a64Hex,
  PlanError,
  PlannedChunkSchema,
  planChunks,
  summarizePlan,
  utf8ByteLength,
} from '../../../src/domain/plan';
import type { PlannedChunk } from '../../../src/domain/plan';
import {
  BulkDetailsRequestSchema,
  BulkOrganizationsRequestSchema,
  BulkProfilesRequestSchema,
} from '../../../src/domain/schemas';
import { detailOp, organizationOp, profileOp } from '../fixtures';

const JOB = 'c748a424-1db8-47f9-8288-713cdb0407b5';
const LIMITS = { ...ENDPOINT_LIMITS, maxChunkBytes: MAX_CHUNK_BYTES };

function expectValidChunks(chunks: PlannedChunk[]): void {
  for (const chunk of chunks) {
    const schema = {
      profiles: BulkProfilesRequestSchema,
      organizations: BulkOrganizationsRequestSchema,
      details: BulkDetailsRequestSchema,
      deletions: undefined,
      memberships: undefined,
      'service-projects': undefined,
    }[chunk.kind];
    if (!schema) throw new Error(`no bulk schema for ${chunk.kind}`);
    expect(schema.safeParse(chunk.body).success).toBe(true);
    expect(PlannedChunkSchema.safeParse(chunk).success).toBe(true);
    expect(chunk.bytes).toBe(utf8ByteLength(JSON.stringify(chunk.body)));
    expect(chunk.bytes).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    expect(chunkRequest(JOB, chunk).idempotencyKey.length).toBeLessThanOrEqual(64);
  }
}

function detailCounts(chunk: PlannedChunk): number {
  return 'organizations' in chunk.body && chunk.kind === 'details'
    ? (chunk.body as { organizations: { operations: unknown[] }[] }).organizations.reduce(
        (sum, entry) => sum + entry.operations.length,
        0,
      )
    : 0;
}

describe('planChunks', () => {
  it('fills profile chunks up to 100: 250 profiles → 100/100/50', () => {
    const ops = Array.from({ length: 250 }, (_, i) => profileOp(i, `Org ${i}`));
    const chunks = planChunks(JOB, ops);
    expect(chunks.map((chunk) => chunk.operationIndexes.length)).toEqual([100, 100, 50]);
    expect(chunks.map((chunk) => chunk.path)).toEqual(Array(3).fill('/api/v1/organization/profile/bulk'));
    expect(chunks.flatMap((chunk) => chunk.operationIndexes)).toEqual(ops.map((op) => op.index));
    expect(chunks[2].body).toEqual({
      organizationProfiles: ops.slice(200).map((op) => op.kind === 'profiles' && op.item),
    });
    expectValidChunks(chunks);
  });

  it('fills organization chunks up to 50: 120 organizations → 50/50/20', () => {
    const chunks = planChunks(
      JOB,
      Array.from({ length: 120 }, (_, i) => organizationOp(i, `Org ${i}`)),
    );
    expect(chunks.map((chunk) => [chunk.kind, chunk.path, chunk.operationIndexes.length])).toEqual([
      ['organizations', '/api/v1/organization/bulk', 50],
      ['organizations', '/api/v1/organization/bulk', 50],
      ['organizations', '/api/v1/organization/bulk', 20],
    ]);
    expectValidChunks(chunks);
  });

  it('counts detail operations across organizations: 2,500 operations → chunks of at most 1000, no organization split', () => {
    const fields = ['Region', 'Tier', 'Notes', 'Seats', 'Website'];
    const ops: RowOperation[] = Array.from({ length: 2500 }, (_, i) =>
      detailOp(i, String(Math.floor(i / 5)), fields[i % 5], 'UPDATE', ['x']),
    );
    const chunks = planChunks(JOB, ops);
    expect(chunks.map(detailCounts)).toEqual([1000, 1000, 500]);
    expect(chunks.every((chunk) => chunk.path === '/api/v1/organization/details/bulk')).toBe(true);
    const organizationsPerChunk = chunks.map((chunk) =>
      (chunk.body as { organizations: { id: string }[] }).organizations.map((entry) => entry.id),
    );
    expect(organizationsPerChunk.flat()).toEqual(Array.from({ length: 500 }, (_, i) => String(i)));
    expect(new Set(organizationsPerChunk.flat()).size).toBe(500);
    expectValidChunks(chunks);
  });

  it('groups detail operations by organization in order of first appearance', () => {
    const ops = [
      detailOp(0, 'A', 'Region', 'UPDATE', ['EMEA']),
      detailOp(1, 'B', 'Region', 'UPDATE', ['APAC']),
      detailOp(2, 'A', 'Tier', 'DELETE'),
    ];
    const [chunk] = planChunks(JOB, ops);
    expect(chunk.body).toEqual({
      organizations: [
        { id: 'A', operations: [ops[0], ops[2]].map((op) => op.kind === 'details' && op.operation) },
        { id: 'B', operations: [ops[1].kind === 'details' && ops[1].operation] },
      ],
    });
    expect(chunk.operationIndexes).toEqual([0, 2, 1]);
  });

  it('keeps an organization whole by starting a new chunk, and splits it only when it alone exceeds the limit', () => {
    const limits = { ...LIMITS, detailOperations: 4 };
    const ops = [
      ...Array.from({ length: 3 }, (_, i) => detailOp(i, 'A', `F${i}`, 'UPDATE', ['v'])),
      ...Array.from({ length: 2 }, (_, i) => detailOp(3 + i, 'B', `F${i}`, 'UPDATE', ['v'])),
      ...Array.from({ length: 9 }, (_, i) => detailOp(5 + i, 'C', `F${i}`, 'UPDATE', ['v'])),
      detailOp(14, 'D', 'F0', 'UPDATE', ['v']),
    ];
    const chunks = planChunks(JOB, ops, limits);
    const shape = chunks.map((chunk) =>
      (chunk.body as { organizations: { id: string; operations: unknown[] }[] }).organizations.map(
        (entry) => `${entry.id}${entry.operations.length}`,
      ),
    );
    expect(shape).toEqual([['A3'], ['B2'], ['C4'], ['C4'], ['C1', 'D1']]);
    expect(chunks.flatMap((chunk) => chunk.operationIndexes).sort((a, b) => a - b)).toEqual(ops.map((op) => op.index));
  });

  it('splits by bytes and refuses a single operation over the byte limit', () => {
    const notes = 'n'.repeat(200);
    const ops = Array.from({ length: 10 }, (_, i) =>
      profileOp(i, `Org ${i}`, { details: [{ name: 'Notes', values: [notes] }] }),
    );
    const itemBytes = utf8ByteLength(JSON.stringify(ops[0].kind === 'profiles' && ops[0].item));
    const maxChunkBytes = 3 * itemBytes + 100;
    const chunks = planChunks(JOB, ops, { ...LIMITS, maxChunkBytes });
    expect(chunks.map((chunk) => chunk.operationIndexes.length)).toEqual([3, 3, 3, 1]);
    expect(chunks.every((chunk) => chunk.bytes <= maxChunkBytes)).toBe(true);

    const huge = profileOp(0, 'Ünïcödé', { details: [{ name: 'Notes', values: ['é'.repeat(300)] }] });
    expect(() => planChunks(JOB, [huge], { ...LIMITS, maxChunkBytes: 500 })).toThrow(PlanError);
    expect(() => planChunks(JOB, [huge], { ...LIMITS, maxChunkBytes: 500 })).toThrow(
      /^Row 2 \(UPSERT "Ünïcödé"\) is too large to send/,
    );
    const detail = detailOp(0, 'A', 'Notes', 'UPDATE', ['x'.repeat(600)]);
    expect(() => planChunks(JOB, [detail], { ...LIMITS, maxChunkBytes: 500 })).toThrow(
      expect.objectContaining({ code: 'operation-too-large', row: 2 }),
    );
  });

  it('orders phases organizations → profiles → details, numbering only the phases present', () => {
    const mixed = [
      detailOp(0, '1', 'Region', 'UPDATE', ['EMEA']),
      profileOp(1, 'P'),
      organizationOp(2, 'O'),
      detailOp(3, '2', 'Region', 'UPDATE', ['APAC']),
    ];
    expect(planChunks(JOB, mixed).map((chunk) => [chunk.index, chunk.phase, chunk.kind])).toEqual([
      [0, 0, 'organizations'],
      [1, 1, 'profiles'],
      [2, 2, 'details'],
    ]);
    expect(
      planChunks(JOB, [detailOp(0, '1', 'Region', 'UPDATE', ['EMEA']), organizationOp(1, 'O')]).map((chunk) => [
        chunk.phase,
        chunk.kind,
      ]),
    ).toEqual([
      [0, 'organizations'],
      [1, 'details'],
    ]);
    expect(planChunks(JOB, [])).toEqual([]);
  });

  it('gives deterministic idempotency keys that change with the content', () => {
    const keysOf = (jobId: string, chunks: PlannedChunk[]) =>
      chunks.map((chunk) => chunkRequest(jobId, chunk).idempotencyKey);
    const ops = Array.from({ length: 150 }, (_, i) => profileOp(i, `Org ${i}`));
    const first = planChunks(JOB, ops);
    expect(
      planChunks(
        JOB,
        ops.map((op) => structuredClone(op)),
      ),
    ).toEqual(first);
    const firstKeys = keysOf(JOB, first);
    expect(firstKeys[0]).toMatch(new RegExp(`^${JOB}-0-[0-9a-f]{16}$`));
    expect(firstKeys[1]).toMatch(new RegExp(`^${JOB}-1-[0-9a-f]{16}$`));
    expect(firstKeys[0]).toBe(`${JOB}-0-${fnv1a64Hex(JSON.stringify(first[0].body))}`);
    // A body read back from storage with its keys in another order is sent, and keyed, as before.
    expect(
      keysOf(
        JOB,
        JSON.parse(
          JSON.stringify(first, (_key, value) =>
            value && typeof value === 'object' && !Array.isArray(value)
              ? Object.fromEntries(Object.entries(value).reverse())
              : value,
          ),
        ),
      ),
    ).toEqual(firstKeys);

    const reordered: RowOperation[] = ops.map((op) =>
      op.kind === 'profiles'
        ? {
            kind: op.kind,
            row: op.row,
            index: op.index,
            item: { payload: { ...op.item.payload }, operationType: op.item.operationType },
          }
        : op,
    );
    expect(keysOf(JOB, planChunks(JOB, reordered))).toEqual(firstKeys);

    const changed = ops.map((op, i) => (i === 120 ? profileOp(i, 'Renamed') : op));
    const secondKeys = keysOf(JOB, planChunks(JOB, changed));
    expect(secondKeys[0]).toBe(firstKeys[0]);
    expect(secondKeys[1]).not.toBe(firstKeys[1]);
    expect(keysOf('other-job', planChunks('other-job', ops))[0]).toMatch(/^other-job-0-/);
  });

  it('validates the job id so keys stay within 64 characters', () => {
    expect(() => planChunks('x'.repeat(37), [profileOp(0, 'A')])).toThrow(
      expect.objectContaining({ code: 'invalid-job-id' }),
    );
    expect(() => planChunks('bad id', [profileOp(0, 'A')])).toThrow(PlanError);
    expect(() => planChunks('', [profileOp(0, 'A')])).toThrow(PlanError);
    const ops = Array.from({ length: 1000 }, (_, i) => organizationOp(i, `O${i}`));
    const keys = planChunks('x'.repeat(36), ops, { ...LIMITS, organizations: 1 }).map(
      (chunk) => chunkRequest('x'.repeat(36), chunk).idempotencyKey,
    );
    expect(keys[999]).toHaveLength(36 + '-999-'.length + 16);
    // The most chunks a job can have is one per row: the longest chunk index still fits.
    expect(36 + `-${MAX_JOB_ROWS - 1}-`.length + 16).toBeLessThanOrEqual(64);
  });

  it('summarizes a plan', () => {
    const ops = [
      ...Array.from({ length: 120 }, (_, i) => organizationOp(i, `O${i}`)),
      detailOp(120, '1', 'Region', 'UPDATE', ['EMEA']),
    ];
    expect(summarizePlan(planChunks(JOB, ops))).toEqual({
      chunks: 4,
      operations: 121,
      phases: 2,
      byKind: {
        organizations: { chunks: 3, operations: 120 },
        profiles: { chunks: 0, operations: 0 },
        deletions: { chunks: 0, operations: 0 },
        memberships: { chunks: 0, operations: 0 },
        'service-projects': { chunks: 0, operations: 0 },
        details: { chunks: 1, operations: 1 },
      },
    });
  });
});
