import { noChanges } from '../../src/domain/preview';
import { CsmError } from '../../src/csm/errors';
import type { LookupRecord } from '../../src/domain/lookup';
import { fnv1a64Hex } from '../../src/domain/plan';
import type { EngineDeps } from '../../src/jobs/deps';
import {
  LOOKUP_BATCH,
  LOOKUP_SLICE_MS,
  LOOKUP_STALLED_MS,
  LOOKUP_UNWATCHED_MS,
  restartStalledLookups,
  runLookup,
  startLookup,
  stopLookup,
  watchLookup,
} from '../../src/jobs/preview/lookup';
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
  const enqueued: { lookupId: string; slice: string; delaySeconds?: number }[] = [];
  let seed = 0;
  let reads = 0;
  const csm = {
    getDetailFields: async () => [
      { name: 'Region', type: 'SELECT', options: ['AMER', 'APAC', 'Asia', 'EMEA', 'LATAM'] },
    ],
    fetchProfiles: async ({ names }: { ids: string[]; names: string[] }) => {
      now += options.readMs ?? 10;
      reads += 1;
      // The page keeps asking (every 2 s) while the slice reads.
      for (const id of seen.keys()) seen.set(id, now);
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
    random: () => (seed = (seed + 0.6180339887) % 1),
    csm: () => csm,
    queue: {
      enqueueLookup: async (lookupId: string, slice: string, delaySeconds?: number) =>
        void enqueued.push({ lookupId, slice, ...(delaySeconds ? { delaySeconds } : {}) }),
    },
    store: {
      lookups: {
        get: async (id: string) => structuredClone(lookups.get(id)),
        put: async (lookup: LookupRecord) => void lookups.set(lookup.id, structuredClone(lookup)),
        markSeen: async (id: string, at: number) => void seen.set(id, at),
        seenAt: async (id: string) => seen.get(id),
        delete: async (id: string) => void lookups.delete(id),
        startedBefore: async () => [],
        running: async () => [...lookups.values()].filter((lookup) => lookup.status === 'RUNNING'),
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
const EXPECTED = { ...noChanges(), create: 1000, update: 500, unchanged: 500 };
const start = (deps: EngineDeps) =>
  startLookup(deps, {
    kind: 'profiles',
    ignoreColumns: [],
    source: { text: TEXT },
    total: 2000,
    ownerAccountId: OWNER,
  });

/** Runs the slice the lookup's record names, as the queue delivers its event. */
const runNext = (fake: ReturnType<typeof fakeDeps>, id: string) => runLookup(fake.deps, id, fake.lookup(id).slice);

describe('a background lookup, slice by slice', () => {
  it('hands on to a new invocation after its slice of time, and the slices add up to the whole file once', async () => {
    // Each batch's read takes 5 s of the fake clock: a slice looks up a few batches, then hands on.
    const fake = fakeDeps({ readMs: 5_000 });
    const { id } = await start(fake.deps);
    expect(fake.enqueued).toEqual([{ lookupId: id, slice: fake.lookup(id).slice }]);
    let slices = 0;
    while (fake.lookup(id).status === 'RUNNING' && slices < 100) {
      fake.enqueued.length = 0;
      await watchLookup(fake.deps, id, OWNER);
      await runNext(fake, id);
      slices += 1;
      // A lookup still running has queued its next slice; a finished one queues nothing.
      const next = fake.lookup(id).status === 'RUNNING' ? [{ lookupId: id, slice: fake.lookup(id).slice }] : [];
      expect(fake.enqueued).toEqual(next);
    }
    expect(slices).toBeGreaterThan(1);
    expect(fake.lookup(id)).toMatchObject({ status: 'DONE', looked: 2000, total: 2000, counts: EXPECTED });
    expect(fake.reads()).toBe(2000 / LOOKUP_BATCH);
    // A slice delivered again after the end changes nothing.
    await runNext(fake, id);
    expect(fake.lookup(id).counts).toEqual(EXPECTED);
    expect(LOOKUP_SLICE_MS).toBeLessThan(60_000);
  });

  it('goes on after the rows the preview looked up itself, from their counts', async () => {
    const fake = fakeDeps();
    const first = { looked: 250, counts: { ...noChanges(), create: 125, update: 62, unchanged: 63 } };
    const { id } = await startLookup(fake.deps, {
      kind: 'profiles',
      ignoreColumns: [],
      source: { text: TEXT },
      total: 2000,
      ownerAccountId: OWNER,
      first,
    });
    await runNext(fake, id);
    expect(fake.lookup(id)).toMatchObject({ status: 'DONE', looked: 2000, counts: EXPECTED });
    expect(fake.reads()).toBe(1750 / LOOKUP_BATCH);
  });

  it('a slice delivered twice, or a stale one, reads nothing: one chain of slices reads the site', async () => {
    const fake = fakeDeps({ readMs: 5_000 });
    const { id } = await start(fake.deps);
    const event = fake.lookup(id).slice;
    await runLookup(fake.deps, id, event);
    const afterOne = { ...fake.lookup(id), reads: fake.reads(), enqueued: fake.enqueued.length };
    expect(afterOne.status).toBe('RUNNING');
    await watchLookup(fake.deps, id, OWNER);
    await runLookup(fake.deps, id, event);
    await runLookup(fake.deps, id, 'not-a-slice');
    expect(fake.lookup(id)).toMatchObject({ looked: afterOne.looked, counts: afterOne.counts });
    expect([fake.reads(), fake.enqueued.length]).toEqual([afterOne.reads, afterOne.enqueued]);
  });

  it('stops when nobody has asked about it for a while (another file, the job started, the page closed)', async () => {
    const fake = fakeDeps();
    const { id } = await start(fake.deps);
    fake.advance(LOOKUP_UNWATCHED_MS + 1);
    await runNext(fake, id);
    expect(fake.lookup(id)).toMatchObject({ status: 'STOPPED', looked: 0, reason: expect.stringMatching(/closed/) });
    expect(fake.reads()).toBe(0);
  });

  it('tries again later after a passing CSM fault, saying so; stops, saying why, when its file is gone or on any other error', async () => {
    const fake = fakeDeps({ failReads: 1 });
    const { id } = await start(fake.deps);
    fake.enqueued.length = 0;
    await runNext(fake, id);
    expect(fake.lookup(id)).toMatchObject({ status: 'RUNNING', looked: 0, lastError: expect.stringMatching(/.+/) });
    expect(fake.enqueued).toEqual([{ lookupId: id, slice: fake.lookup(id).slice, delaySeconds: 5 }]);
    await runNext(fake, id);
    expect(fake.lookup(id)).toMatchObject({ status: 'DONE', counts: EXPECTED });
    expect(fake.lookup(id).lastError).toBeUndefined();

    const again = await start(fake.deps);
    fake.uploads.delete(fake.lookup(again.id).uploadId);
    await runNext(fake, again.id);
    expect(fake.lookup(again.id)).toMatchObject({ status: 'STOPPED', reason: expect.stringMatching(/no longer kept/) });

    const broken = await start(fake.deps);
    (fake.deps.csm as unknown as () => { getDetailFields(): Promise<never> })().getDetailFields = async () => {
      throw new TypeError('boom');
    };
    await runNext(fake, broken.id);
    expect(fake.lookup(broken.id)).toMatchObject({ status: 'STOPPED', reason: 'It failed: boom' });
  });

  it('the watchdog hands on a followed lookup whose invocation was lost, and stops one nobody follows', async () => {
    const fake = fakeDeps();
    const followed = await start(fake.deps);
    const unfollowed = await start(fake.deps);
    const lost = fake.lookup(followed.id).slice;
    fake.advance(LOOKUP_STALLED_MS + 1);
    await watchLookup(fake.deps, followed.id, OWNER);
    fake.enqueued.length = 0;
    expect(await restartStalledLookups(fake.deps)).toBe(1);
    expect(fake.lookup(followed.id).slice).not.toBe(lost);
    expect(fake.enqueued).toEqual([{ lookupId: followed.id, slice: fake.lookup(followed.id).slice }]);
    expect(fake.lookup(unfollowed.id)).toMatchObject({ status: 'STOPPED' });
    await runNext(fake, followed.id);
    expect(fake.lookup(followed.id)).toMatchObject({ status: 'DONE', counts: EXPECTED });
  });

  it('is shown to its owner only, and stopped by its owner only', async () => {
    const fake = fakeDeps();
    const { id } = await start(fake.deps);
    expect(await watchLookup(fake.deps, id, 'someone-else')).toBeUndefined();
    expect(await watchLookup(fake.deps, id, OWNER)).toMatchObject({ id, status: 'RUNNING', total: 2000 });
    expect(fnv1a64Hex(TEXT)).toBe(fake.uploads.get(fake.lookup(id).uploadId)!.meta.hash);
    await stopLookup(fake.deps, id, 'someone-else');
    expect(fake.lookup(id).status).toBe('RUNNING');
    await stopLookup(fake.deps, id, OWNER);
    expect(fake.lookup(id).status).toBe('STOPPED');
  });
});
