import { findDrift } from '../../../src/domain/sync/drift';
import { withRun, withSettledRun, type SyncPlan } from '../../../src/domain/sync/types';
import type { RowOperation } from '../../../src/domain/operations';
import {
  decodeSnapshot,
  diffAgainstSnapshot,
  encodeSnapshot,
  isDue,
  latestOccurrence,
  rowFingerprint,
  syncKey,
} from '../../../src/domain/sync';
import { TEXT_PART_MAX_BYTES } from '../../../src/domain/text/parts';

const profile = (
  row: number,
  name: string,
  details: { name: string; values: string[] }[],
  id?: string,
): RowOperation => ({
  kind: 'profiles',
  index: row - 2,
  row,
  item: { operationType: 'UPSERT', payload: { name, ...(id ? { id } : {}), details } },
});

describe('the sync diff', () => {
  const acme = profile(2, 'Acme', [
    { name: 'Region', values: ['EMEA'] },
    { name: 'Phone Number', values: ['1'] },
  ]);
  const globex = profile(3, 'Globex', [{ name: 'Region', values: ['APAC'] }]);

  it('sends every row against an empty snapshot and none against the snapshot of the same rows', () => {
    const first = diffAgainstSnapshot([acme, globex], new Map(), 'name');
    expect(first.changes.map((change) => change.key)).toEqual(['name:acme', 'name:globex']);
    const snapshot = new Map(first.changes.map((change) => [change.key, change.fingerprint]));
    expect(diffAgainstSnapshot([acme, globex], snapshot, 'name').changes).toEqual([]);
  });

  it('sends only the row whose value changed, and ignores the order of detail fields', () => {
    const snapshot = new Map([acme, globex].map((op) => [syncKey(op as never, 'name'), rowFingerprint(op as never)]));
    const reordered = profile(2, 'Acme', [
      { name: 'Phone Number', values: ['1'] },
      { name: 'Region', values: ['EMEA'] },
    ]);
    const changed = profile(3, 'Globex', [{ name: 'Region', values: ['LATAM'] }]);
    const diff = diffAgainstSnapshot([reordered, changed], snapshot, 'name');
    expect(diff).toMatchObject({ compared: 2, changes: [{ key: 'name:globex', operation: changed }] });
  });

  it('matches by id when asked and the row has one; resends drifted keys', () => {
    const withId = profile(2, 'Acme Ltd', [], '17');
    expect(syncKey(withId as never, 'id')).toBe('id:17');
    expect(syncKey(withId as never, 'name')).toBe('name:acme ltd');
    const snapshot = new Map([['id:17', rowFingerprint(withId as never)]]);
    expect(diffAgainstSnapshot([withId], snapshot, 'id', new Set(['id:17'])).changes).toHaveLength(1);
  });

  it('stores a large snapshot in parts that each fit a storage value, and reads it back whole', () => {
    const snapshot = new Map(
      Array.from({ length: 20_000 }, (_, i) => [`name:organization "${i}" ü`, i.toString(16).padStart(16, '0')]),
    );
    const parts = encodeSnapshot(snapshot);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(JSON.stringify(part))).toBeLessThan(240 * 1024);
    expect(parts.every((part) => Buffer.byteLength(JSON.stringify(part)) <= TEXT_PART_MAX_BYTES)).toBe(true);
    expect(decodeSnapshot(parts)).toEqual(snapshot);
  });
});

describe('sync schedules (UTC)', () => {
  const at = (iso: string) => Date.parse(iso);

  it('finds the latest hourly, daily and weekly occurrence', () => {
    const now = at('2026-11-28T12:34:00Z'); // a Saturday
    expect(latestOccurrence({ every: 'hour' }, now)).toBe(at('2026-11-28T12:00:00Z'));
    expect(latestOccurrence({ every: 'day', hour: 2 }, now)).toBe(at('2026-11-28T02:00:00Z'));
    expect(latestOccurrence({ every: 'day', hour: 20 }, now)).toBe(at('2026-11-27T20:00:00Z'));
    expect(latestOccurrence({ every: 'week', weekday: 1, hour: 9 }, now)).toBe(at('2026-11-23T09:00:00Z'));
    expect(latestOccurrence({ every: 'week', weekday: 6, hour: 13 }, now)).toBe(at('2026-11-21T13:00:00Z'));
  });

  it('is due when enabled and not run since the last occurrence', () => {
    const now = at('2026-11-28T12:34:00Z');
    const daily = { every: 'day' as const, hour: 2 };
    expect(isDue({ enabled: true, schedule: daily }, now)).toBe(true);
    expect(isDue({ enabled: false, schedule: daily }, now)).toBe(false);
    expect(isDue({ enabled: true, schedule: daily, lastRunAt: at('2026-11-28T02:05:00Z') }, now)).toBe(false);
    expect(isDue({ enabled: true, schedule: daily, lastRunAt: at('2026-11-27T02:05:00Z') }, now)).toBe(true);
    expect(isDue({ enabled: true, schedule: { every: 'hour' }, lastRunAt: at('2026-11-28T11:59:00Z') }, now)).toBe(
      true,
    );
  });
});

describe('drift: what changed in CSM since a run applied it', () => {
  const applied = (row: number, name: string, details: { name: string; values: string[] }[]) => ({
    key: syncKey(
      { index: row, row, kind: 'profiles', item: { operationType: 'UPSERT', payload: { name, details } } },
      'name',
    ),
    operation: {
      index: row,
      row,
      kind: 'profiles' as const,
      item: { operationType: 'UPSERT' as const, payload: { name, details } },
    },
  });
  const live = (id: string, name: string, details: Record<string, string[]>) => ({
    id,
    name,
    details,
    customerIds: [],
    productIds: [],
  });

  it('names the organization gone and each field whose values differ, comparing only the fields the row names', () => {
    const drifted = findDrift(
      [
        applied(2, 'Acme', [{ name: 'Region', values: ['EMEA'] }]),
        applied(3, 'Globex', [{ name: 'Tier', values: ['Gold', 'Silver'] }]),
        applied(4, 'Initech', [{ name: 'Region', values: ['APAC'] }]),
        applied(5, 'Umbrella', [{ name: 'Notes', values: [] }]),
      ],
      [
        live('1', 'Acme', { Region: ['APAC'], Phone: ['+1'] }),
        live('2', 'Globex', { Tier: ['Silver', 'Gold'] }),
        live('4', 'Umbrella', { Notes: ['x'] }),
      ],
    );
    expect(drifted).toEqual([
      { row: 2, key: expect.any(String), name: 'Acme', differences: ['Region: expected EMEA, found APAC'] },
      { row: 4, key: expect.any(String), name: 'Initech', differences: ['the organization does not exist'] },
      { row: 5, key: expect.any(String), name: 'Umbrella', differences: ['Notes: expected (empty), found x'] },
    ]);
  });
  it('finds an organization renamed in CSM when its row matches it by id, and not when it matches by name', () => {
    const byId = (row: number, id: string, name: string) => {
      const operation = {
        index: row,
        row,
        kind: 'profiles' as const,
        item: {
          operationType: 'UPSERT' as const,
          payload: { id, name, details: [{ name: 'Region', values: ['EMEA'] }] },
        },
      };
      return { operation, key: syncKey(operation, 'id') };
    };
    const drifted = findDrift(
      [byId(2, '1', 'Acme'), byId(3, '2', 'Globex'), applied(4, 'Initech', [])],
      [
        live('1', 'Acme Corp', { Region: ['APAC'] }),
        live('2', 'Globex', { Region: ['EMEA'] }),
        live('3', 'INITECH', {}),
      ],
    );
    expect(drifted).toEqual([
      {
        row: 2,
        key: 'id:1',
        id: '1',
        name: 'Acme',
        differences: ['Name: expected Acme, found Acme Corp', 'Region: expected EMEA, found APAC'],
      },
    ]);
  });
});

describe("a plan's run history", () => {
  const plan = {
    id: 'p',
    name: 'CRM',
    ownerAccountId: 'a',
    source: { kind: 'file' as const },
    schedule: { every: 'hour' as const },
    kind: 'profiles' as const,
    matchBy: 'name' as const,
    removedFromSource: 'leave' as const,
    enabled: true,
    createdAt: 0,
    updatedAt: 0,
    history: [],
  };
  const run = (at: number, jobId?: string) => ({
    at,
    trigger: 'manual' as const,
    status: 'RUNNING' as const,
    compared: 1,
    changed: 1,
    succeeded: 0,
    failed: 0,
    jobId,
  });

  it('keeps the newest 20 runs, newest first, and settles the run of a finished job in place', () => {
    let withRuns: SyncPlan = plan;
    for (let at = 1; at <= 25; at += 1) withRuns = withRun(withRuns, run(at, `job-${at}`));
    expect(withRuns.history.map((r) => r.at)).toEqual(Array.from({ length: 20 }, (_, i) => 25 - i));
    expect(withRuns.lastRunAt).toBe(25);
    const settled = withSettledRun(withRuns, 'job-24', (r) => ({ ...r, status: 'APPLIED', succeeded: 1 }));
    expect(settled.history[1]).toMatchObject({ jobId: 'job-24', status: 'APPLIED', succeeded: 1 });
    expect(settled.history.filter((r) => r.status === 'APPLIED')).toHaveLength(1);
  });
});
