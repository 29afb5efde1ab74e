import { fnv1a64Hex } from '../../src/domain/plan';
import { profilesCsv, startHarness, type EngineHarness } from './harness';

/** Issue 14: the preview's create / update / unchanged counts cover the whole file, looked up in the background. */
describe('the preview looks up the whole file', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  async function lookedUp(lookupId: string) {
    for (const until = Date.now() + 60_000; Date.now() < until;) {
      // Asking is what keeps the lookup going, as the page does while it shows the preview.
      const lookup = await harness.call('getLookup', { lookupId });
      if (lookup.status !== 'RUNNING') return lookup;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`lookup ${lookupId} still running after 60 s`);
  }

  it('counts every row of a file larger than a resolver looks up, in the background, sent inline or in parts', async () => {
    harness = await startHarness({ taskMs: 20 });
    await harness.waitForJob((await harness.call('startJob', { kind: 'profiles', text: profilesCsv(600) })).id);
    // 1,000 rows: 100 of the 600 organizations get another Region, 500 stay as they are, 400 are new.
    const text = profilesCsv(1000, (i) => (i >= 100 && i < 200 ? 'LATAM' : ['AMER', 'APAC', 'Asia', 'EMEA'][i % 4]));
    const site = profilesCsv(600);
    const regions = new Map(site.split('\n').map((line) => [line.split(',')[0], line.split(',')[1]]));
    const expected = { create: 0, update: 0, unchanged: 0, error: 0 };
    for (const line of text.split('\n').slice(1)) {
      const [name, region] = line.split(',');
      if (!regions.has(name)) expected.create += 1;
      else if (regions.get(name) === region) expected.unchanged += 1;
      else expected.update += 1;
    }
    expect(expected.create).toBe(400);

    const preview = await harness.call('previewImport', { kind: 'profiles', text, lookUpAll: true });
    expect(preview.rowsClassified).toBe(250);
    expect(preview.lookup).toMatchObject({ status: 'RUNNING', total: 1000 });
    const inline = await lookedUp(preview.lookup!.id);
    expect(inline).toMatchObject({ status: 'DONE', total: 1000, looked: 1000, counts: expected });

    // The same file uploaded in parts, as the page sends a large one.
    const uploadId = 'up-lookup-test-1';
    const half = text.indexOf('\n', text.length / 2);
    const parts = [text.slice(0, half), text.slice(half)];
    for (const [part, partText] of parts.entries())
      await harness.call('uploadPart', { uploadId, part, parts: 2, fileHash: fnv1a64Hex(text), text: partText });
    const uploaded = await harness.call('previewImport', { kind: 'profiles', uploadId, lookUpAll: true });
    expect(await lookedUp(uploaded.lookup!.id)).toMatchObject({ status: 'DONE', counts: expected });
  });

  it('looks up nothing in the background for a file the preview looked up whole, or unasked, and knows no one else’s lookup', async () => {
    harness = await startHarness({ taskMs: 20 });
    const small = await harness.call('previewImport', { kind: 'profiles', text: profilesCsv(250), lookUpAll: true });
    expect(small.rowsClassified).toBe(250);
    expect(small.lookup).toBeUndefined();
    // Only when asked (the page asks; a caller paging the problems of a file does not).
    const unasked = await harness.call('previewImport', { kind: 'profiles', text: profilesCsv(600) });
    expect(unasked.rowsClassified).toBe(250);
    expect(unasked.lookup).toBeUndefined();
    expect(await harness.raw('getLookup', { lookupId: 'lk-nothing-here' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect(await harness.raw('getLookup', { lookupId: '../etc' })).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
    });
  });
});
