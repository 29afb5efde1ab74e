import { CsmError } from '../../src/csm/errors';
import type { LookupRecord } from '../../src/domain/lookup';
import { fnv1a64Hex } from '../../src/domain/plan';
import type { EngineDeps } from '../../src/jobs/deps';
import { LOOKUP_SLICE_MS, LOOKUP_UNWATCHED_MS, runLookup, startLookup, watchLookup } from '../../src/jobs/lookup';
import { profilesCsv } from './harness';

const OWNER = 'owner-1';

/**
 * The background lookup's slices, against fakes at its boundary (store, queue, CSM, clock): time is the test's, so
 * the hand-off between slices, a lookup nobody watches and a passing CSM fault are each made to happen.
 */
function fakeDeps(options: { readMs?: number; failReads?: number } = {}) {
  let now = 1_000_000;
  let failReads = options.failReads ?? 0;
  const lookups = new Map<string, LookupRecord>();
  const seen = new Map<string, number>();
  const uploads = new Map<
    string,
    { meta: { owner: string; parts: number; hash: string; createdAt: number }; parts: Map<number, string> }
  >();
  const enqueued: { lookupId: string; delaySeconds?: number }[] = [];
  let reads = 0;
  const csm = {
    getDetailFields: async () => [
      { name: 'Region', type: 'SELECT', options: ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'] },
    ],
    fetchProfiles: async ({ names }: { ids: string[]; names: string[] }) => {
      now += options.readMs ?? 10;
      reads += 1;
      if (failReads > 0) {
        failReads -= 1;
        throw new CsmError('rateLimited', 'Too many requests', 429);
      }
      // Every even-numbered organization exists with Region AMER.
      return names
        .filter((name) => Number(name.slice(4)) % 2 === 0)
        .map((name) => ({ id: name, name, details: { Region: ['AMER'] } }));
    },
  };
  const deps = {
    clock: { now: () => now, sleep: async (ms: number) => void (now += ms) },
    random: () => 0.5,
    csm: () => csm,
    queue: {
      enqueueLookup: async (lookupId: string, delaySeconds?: number) => void enqueued.push({ lookupId, delaySeconds }),
    },
    store: {
      lookups: {
        get: async (id: string) => structuredClone(lookups.get(id)),
        put: async (lookup: LookupRecord) => void lookups.set(lookup.id, structuredClone(lookup)),
        markSeen: async (id: string, at: number) => void seen.set(id, at),
        seenAt: async (id: string) => seen.get(id),
        delete: async (id: string) => void lookups.delete(id),
        startedBefore: async () => [],
      },
      uploads: {
        getMeta: async (id: string) => uploads.get(id)?.meta,
        claimMeta: async (id: string, meta: never) => {
          if (!uploads.has(id)) uploads.set(id, { meta, parts: new Map() });
          return uploads.get(id)!.meta;
        },
        putPart: async (id: string, part: number, text: string) => void uploads.get(id)!.parts.set(part, text),
        readParts: async (id: string) => uploads.get(id)?.parts ?? new Map(),
        delete: async (id: string) => void uploads.delete(id),
      },
    },
  } as unknown as EngineDeps;
  return {
    deps,
    enqueued,
    uploads,
    reads: () => reads,
    advance: (ms: number) => void (now += ms),
    lookup: (id: string) => lookups.get(id)!,
  };
}

// 2,000 rows: the even ones exist (AMER), so rows with AMER are unchanged, the other even ones updates, odd ones new.
const TEXT = profilesCsv(2000, (i) => (i % 4 === 0 ? 'AMER' : 'EMEA'));
const EXPECTED = { create: 1000, update: 500, unchanged: 500, error: 0 };
const start = (deps: EngineDeps) =>
  startLookup(deps, {
    kind: 'profiles',
    ignoreColumns: [],
    source: { text: TEXT },
    total: 2000,
    ownerAccountId: OWNER,
  });

describe('a background lookup, slice by slice', () => {
  it('hands on to a new invocation after its slice of time, and the slices add up to the whole file once', async () => {
    // Each batch's read takes 5 s of the fake clock: a slice looks up a few batches, then hands on.
    const fake = fakeDeps({ readMs: 5_000 });
    const { id } = await start(fake.deps);
    expect(fake.enqueued).toEqual([{ lookupId: id }]);
    let slices = 0;
    while (fake.lookup(id).status === 'RUNNING' && slices < 100) {
      fake.enqueued.length = 0;
      await watchLookup(fake.deps, id, OWNER);
      await runLookup(fake.deps, id);
      slices += 1;
      if (fake.lookup(id).status === 'RUNNING') expect(fake.enqueued).toEqual([{ lookupId: id }]);
    }
    expect(slices).toBeGreaterThan(1);
    expect(fake.lookup(id)).toMatchObject({ status: 'DONE', looked: 2000, total: 2000, counts: EXPECTED });
    // A slice delivered again after the end changes nothing.
    await runLookup(fake.deps, id);
    expect(fake.lookup(id).counts).toEqual(EXPECTED);
    expect(LOOKUP_SLICE_MS).toBeLessThan(60_000);
  });

  it('a slice delivered twice counts no row twice', async () => {
    const fake = fakeDeps({ readMs: 2_000 });
    const { id } = await start(fake.deps);
    const before = fake.lookup(id);
    await runLookup(fake.deps, id);
    const afterOne = fake.lookup(id);
    // The same event again, from the record as it was: the same batches, the same figures.
    await fake.deps.store.lookups.put(before);
    await runLookup(fake.deps, id);
    expect(fake.lookup(id)).toMatchObject({ looked: afterOne.looked, counts: afterOne.counts });
  });

  it('stops when nobody has asked about it for a minute (another file, the job started, the page closed)', async () => {
    const fake = fakeDeps();
    const { id } = await start(fake.deps);
    fake.advance(LOOKUP_UNWATCHED_MS + 1);
    await runLookup(fake.deps, id);
    expect(fake.lookup(id)).toMatchObject({ status: 'STOPPED', looked: 0, reason: expect.stringMatching(/closed/) });
    expect(fake.reads()).toBe(0);
  });

  it('tries again later after a passing CSM fault, saying so; stops, saying why, when its file is gone', async () => {
    const fake = fakeDeps({ failReads: 1 });
    const { id } = await start(fake.deps);
    fake.enqueued.length = 0;
    await runLookup(fake.deps, id);
    expect(fake.lookup(id)).toMatchObject({ status: 'RUNNING', looked: 0, lastError: expect.stringMatching(/.+/) });
    expect(fake.enqueued).toEqual([{ lookupId: id, delaySeconds: 5 }]);
    await runLookup(fake.deps, id);
    expect(fake.lookup(id)).toMatchObject({ status: 'DONE', counts: EXPECTED });
    expect(fake.lookup(id).lastError).toBeUndefined();

    const again = await start(fake.deps);
    fake.uploads.delete(fake.lookup(again.id).uploadId);
    await runLookup(fake.deps, again.id);
    expect(fake.lookup(again.id)).toMatchObject({ status: 'STOPPED', reason: expect.stringMatching(/no longer kept/) });
  });

  it('is shown to its owner only', async () => {
    const fake = fakeDeps();
    const { id } = await start(fake.deps);
    expect(await watchLookup(fake.deps, id, 'someone-else')).toBeUndefined();
    expect(await watchLookup(fake.deps, id, OWNER)).toMatchObject({ id, status: 'RUNNING', total: 2000 });
    expect(fnv1a64Hex(TEXT)).toBe(fake.uploads.get(fake.lookup(id).uploadId)!.meta.hash);
  });
});
