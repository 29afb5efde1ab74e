import { kvs } from '@forge/kvs';
import type { LocalRuntime } from '../../local/runtime';
import { ManualClock } from '../../local/runtime/clock';
import { FORGE_KVS_QUOTA } from '../../local/runtime/kvs/quota';
import { fixtureRuntime } from './echoServer';

/** A string whose stored JSON takes about `kb` thousand bytes. */
const valueOf = (kb: number) => 'x'.repeat(kb * 1000 - 200);

describe("the installation's storage quota (4,000 reads and 4,000 writes a minute, 10 KB units)", () => {
  let runtime: LocalRuntime;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    runtime = await fixtureRuntime({ clock, kvsQuota: FORGE_KVS_QUOTA });
  });
  afterEach(() => runtime.close());

  it('counts a request by its size rounded up to 10 KB, a batch by each item, a read by what it returns', async () => {
    await kvs.set('q:65', valueOf(65));
    expect(runtime.kvsUsage().total).toEqual({ read: 0, write: 7 });
    await kvs.get('q:65');
    await kvs.get('q:absent');
    expect(runtime.kvsUsage().total).toEqual({ read: 8, write: 7 });
    await kvs.batchSet(Array.from({ length: 25 }, (_, i) => ({ key: `q:small:${i}`, value: i })));
    expect(runtime.kvsUsage().total.write).toBe(7 + 25);
  });

  it('refuses a write past 4,000 units in a minute with 429 RATE_LIMIT_EXCEEDED, unapplied, and takes it a minute later', async () => {
    const big = valueOf(100); // 10 units
    for (let i = 0; i < 400; i += 1) await kvs.set(`w:${i % 5}`, big);
    await expect(kvs.set('w:over', 'small')).rejects.toMatchObject({
      code: 'RATE_LIMIT_EXCEEDED',
      responseDetails: expect.objectContaining({ status: 429 }),
    });
    expect(runtime.kvsDump()['w:over']).toBeUndefined();
    expect(await kvs.get('w:0')).toBe(big); // reads have their own quota
    await clock.advance(59_999);
    await expect(kvs.set('w:over', 'small')).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
    await clock.advance(1);
    await kvs.set('w:over', 'small');
    expect(runtime.kvsUsage()).toMatchObject({ peakPerMinute: { write: 4000 }, refused: { write: 2 } });
  });

  it('refuses a read past 4,000 units in a minute', async () => {
    await kvs.set('r:big', valueOf(200)); // 20 units a read
    for (let i = 0; i < 200; i += 1) await kvs.get('r:big');
    await expect(kvs.get('r:big')).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
    await clock.advance(60_000);
    expect(await kvs.get('r:big')).toHaveLength(200 * 1000 - 200);
  });
});
