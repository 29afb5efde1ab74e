import { kvs, WhereConditions } from '@forge/kvs';
import { createLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { ManualClock } from '../../local/runtime/clock';
import { FIXTURE_APP } from './echoServer';

async function queried(prefix: string): Promise<Record<string, unknown>> {
  const page = await kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100).getMany();
  return Object.fromEntries(page.results.map((result) => [result.key, result.value]));
}

describe('KVS queries are eventually consistent; gets and batches are not', () => {
  let runtime: LocalRuntime;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    runtime = await createLocalRuntime({ appRoot: FIXTURE_APP, csmUrl: 'http://127.0.0.1:9', clock });
  });
  afterEach(() => runtime.close());

  it('hides from a query, for 1 s by default, a key just written, the new value of a key just changed and the delete of a key', async () => {
    await kvs.set('part:old', 'before');
    await kvs.set('part:gone', 'still here');
    await clock.advance(1001);
    await kvs.set('part:new', 'fresh');
    await kvs.set('part:old', 'after');
    await kvs.delete('part:gone');

    expect(await queried('part:')).toEqual({ 'part:gone': 'still here', 'part:old': 'before' });
    // get and batchGet read what was written.
    expect(await kvs.get('part:new')).toBe('fresh');
    const batch = await kvs.batchGet([{ key: 'part:new' }, { key: 'part:old' }]);
    expect(batch.successfulKeys.map((item) => item.value)).toEqual(['fresh', 'after']);

    await clock.advance(999);
    expect(Object.keys(await queried('part:'))).toEqual(['part:gone', 'part:old']);
    await clock.advance(1);
    expect(await queried('part:')).toEqual({ 'part:new': 'fresh', 'part:old': 'after' });
  });

  it('takes the moment from the queryLagMs knob, 0 making queries consistent', async () => {
    await runtime.close();
    runtime = await createLocalRuntime({ appRoot: FIXTURE_APP, csmUrl: 'http://127.0.0.1:9', clock, queryLagMs: 0 });
    await kvs.set('part:1', 'one');
    expect(await queried('part:')).toEqual({ 'part:1': 'one' });

    await runtime.close();
    runtime = await createLocalRuntime({
      appRoot: FIXTURE_APP,
      csmUrl: 'http://127.0.0.1:9',
      clock,
      queryLagMs: 60_000,
    });
    await kvs.set('part:2', 'two');
    await clock.advance(59_999);
    expect(await queried('part:')).toEqual({});
    await clock.advance(1);
    expect(await queried('part:')).toEqual({ 'part:2': 'two' });
  });
});

describe('the batch fault switch', () => {
  let runtime: LocalRuntime;
  const failing = new Set(['b:2', 'b:4']);

  beforeEach(async () => {
    runtime = await createLocalRuntime({
      appRoot: FIXTURE_APP,
      csmUrl: 'http://127.0.0.1:9',
      batchItemFault: (_operation, key) => failing.has(key),
    });
  });
  afterEach(() => runtime.close());

  const failed = (key: string) => ({
    key,
    error: { code: 'INTERNAL_SERVER_ERROR', message: expect.any(String) },
  });

  it('reports chosen items of a batchSet, batchGet and batchDelete in failedKeys, in @forge/kvs shape, and applies the rest', async () => {
    for (const key of ['b:2', 'b:4']) await kvs.set(key, 'stored before');
    const set = await kvs.batchSet(['b:1', 'b:2', 'b:3', 'b:4'].map((key) => ({ key, value: 'new' })));
    expect(set.successfulKeys).toEqual([{ key: 'b:1' }, { key: 'b:3' }]);
    expect(set.failedKeys).toEqual([failed('b:2'), failed('b:4')]);
    expect(await kvs.get('b:2')).toBe('stored before');

    // A key that is there but failed is reported failed, not absent; an absent key is KEY_NOT_FOUND.
    const get = await kvs.batchGet(['b:1', 'b:2', 'b:9'].map((key) => ({ key })));
    expect(get.successfulKeys).toEqual([expect.objectContaining({ key: 'b:1', value: 'new' })]);
    expect(get.failedKeys).toEqual([
      failed('b:2'),
      { key: 'b:9', error: expect.objectContaining({ code: 'KEY_NOT_FOUND' }) },
    ]);

    const deleted = await kvs.batchDelete(['b:1', 'b:4'].map((key) => ({ key })));
    expect(deleted.failedKeys).toEqual([failed('b:4')]);
    expect(await kvs.get('b:1')).toBeUndefined();
    expect(await kvs.get('b:4')).toBe('stored before');
  });
});
