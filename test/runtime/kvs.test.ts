import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kvs, WhereConditions, ForgeKvsAPIError, Filter, FilterConditions } from '@forge/kvs';
import { createLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { FIXTURE_APP } from './echoServer';

async function kvsErrorOf(promise: Promise<unknown>): Promise<{ code: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ForgeKvsAPIError);
    const e = err as ForgeKvsAPIError;
    return { code: e.code, status: e.responseDetails.status, message: e.message };
  }
  throw new Error('expected the kvs call to be refused');
}

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { next: value };
  return value;
}

describe('the embedded KVS behind the real @forge/kvs', () => {
  let runtime: LocalRuntime;

  beforeEach(async () => {
    // Queries here are about paging and filters: consistent (kvsConsistency.test.ts tests the lag).
    runtime = await createLocalRuntime({ appRoot: FIXTURE_APP, csmUrl: 'http://127.0.0.1:9', queryLagMs: 0 });
  });
  afterEach(() => runtime.close());

  it('sets, gets and deletes values', async () => {
    await kvs.set('job:1', { status: 'RUNNING', rows: [1, 2] });
    expect(await kvs.get('job:1')).toEqual({ status: 'RUNNING', rows: [1, 2] });
    await kvs.delete('job:1');
    expect(await kvs.get('job:1')).toBeUndefined();
    await expect(kvs.delete('never-there')).resolves.toBeUndefined();
  });

  it('returns metadata when asked and honours FAIL_IF_EXISTS', async () => {
    await kvs.set('job:2', 'a');
    const withMeta = await kvs.get<string>('job:2', { metadataFields: ['CREATED_AT' as never, 'UPDATED_AT' as never] });
    expect(withMeta).toMatchObject({ key: 'job:2', value: 'a' });
    expect(typeof withMeta?.createdAt).toBe('number');
    const refused = await kvsErrorOf(kvs.set('job:2', 'b', { keyPolicy: 'FAIL_IF_EXISTS' }));
    expect(refused.code).toBe('KEY_ALREADY_EXISTS');
    expect(await kvs.get('job:2')).toBe('a');
  });

  it('pages a beginsWith query over more than 100 keys with the cursor, from inside a resolver', async () => {
    await kvs.set('other:1', 'not counted');
    const result = await runtime.invokeResolver('saveAndCount', { prefix: 'item:', count: 230 });
    expect(result).toEqual({ pages: 3, keys: 230, first: 'item:0000', last: 'item:0229' });
  });

  it('pages from test code too, in key order, with no cursor on the last page', async () => {
    for (let i = 0; i < 12; i++) await kvs.set(`row:${String(i).padStart(2, '0')}`, i);
    const first = await kvs.query().where('key', WhereConditions.beginsWith('row:')).limit(5).getMany();
    expect(first.results.map((r) => r.value)).toEqual([0, 1, 2, 3, 4]);
    const second = await kvs
      .query()
      .where('key', WhereConditions.beginsWith('row:'))
      .limit(10)
      .cursor(first.nextCursor!)
      .getMany();
    expect(second.results.map((r) => r.value)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('refuses a query limit above 100 and a forged cursor', async () => {
    expect((await kvsErrorOf(kvs.query().limit(101).getMany())).code).toBe('LIST_QUERY_LIMIT_EXCEEDED');
    expect((await kvsErrorOf(kvs.query().cursor('not-a-cursor').getMany())).code).toBe('INVALID_CURSOR');
  });

  it('refuses keys outside the pattern or longer than 500 characters', async () => {
    const bad = await kvsErrorOf(kvs.set('job/1', 1));
    expect(bad).toMatchObject({ code: 'INVALID_KEY', status: 400 });
    expect(bad.message).toContain('job/1');
    expect((await kvsErrorOf(kvs.set('   ', 1))).code).toBe('INVALID_KEY');
    expect((await kvsErrorOf(kvs.set('k'.repeat(501), 1))).code).toBe('KEY_TOO_LONG');
    await expect(kvs.set('k'.repeat(500), 1)).resolves.toBeUndefined();
    expect((await kvsErrorOf(kvs.get(''))).code).toBe('KEY_TOO_SHORT');
  });

  it('refuses a value over 240 KiB serialized and keeps the old one', async () => {
    await kvs.set('blob', 'small');
    const tooBig = 'x'.repeat(241 * 1024);
    const refused = await kvsErrorOf(kvs.set('blob', tooBig));
    expect(refused.code).toBe('MAX_SIZE');
    expect(await kvs.get('blob')).toBe('small');
    const fits = 'x'.repeat(240 * 1024 - 2); // the JSON quotes make it exactly 240 KiB
    await expect(kvs.set('blob', fits)).resolves.toBeUndefined();
  });

  it('refuses values nested deeper than 31 levels', async () => {
    expect((await kvsErrorOf(kvs.set('deep', nested(32)))).code).toBe('MAX_DEPTH');
    await kvs.set('deep', nested(31));
    expect(await kvs.get('deep')).toEqual(nested(31));
  });

  it('applies a transaction whole, and refuses one over 25 operations whole', async () => {
    await kvs.set('t:old', 1);
    await kvs.transact().set('t:a', 'A').delete('t:old').execute();
    expect(runtime.kvsDump()).toEqual({ 't:a': 'A' });

    let tx = kvs.transact();
    for (let i = 0; i < 26; i++) tx = tx.set(`t:n${i}`, i);
    expect((await kvsErrorOf(tx.execute())).code).toBe('TOO_MANY_OPERATIONS');
    expect(Object.keys(runtime.kvsDump())).toEqual(['t:a']);
  });

  it('reports each failed item of a batch set and stores the rest', async () => {
    const result = await kvs.batchSet([
      { key: 'b:1', value: 1 },
      { key: 'b/2', value: 2 },
    ]);
    expect(result.successfulKeys).toEqual([{ key: 'b:1' }]);
    expect(result.failedKeys).toEqual([{ key: 'b/2', error: expect.objectContaining({ code: 'INVALID_KEY' }) }]);
    expect(await kvs.get('b:1')).toBe(1);
  });

  it('refuses a batch of more than 25 items, or over 4 MB, whole', async () => {
    const items = (count: number, bytes: number) =>
      Array.from({ length: count }, (_, i) => ({ key: `big:${i}`, value: 'x'.repeat(bytes) }));
    expect((await kvsErrorOf(kvs.batchSet(items(26, 10)))).message).toMatch(/at most 25 items/);
    expect((await kvsErrorOf(kvs.batchSet(items(20, 220_000)))).code).toBe('MAX_SIZE');
    await kvs.batchSet(items(25, 10));
    expect(Object.keys(runtime.kvsDump())).toHaveLength(25);
  });

  it('enforces the attribute types a custom entity declares, and refuses undeclared attributes', async () => {
    const tasks = kvs.entity<Record<string, unknown>>('task-record');
    await tasks.set('t1', { status: 'open', createdAt: 2_000_000_000 });
    expect((await kvsErrorOf(tasks.set('t2', { status: 'open', createdAt: Date.now() }))).code).toBe(
      'INVALID_ENTITY_VALUE',
    );
    expect((await kvsErrorOf(tasks.set('t3', { status: '  ', createdAt: 1 }))).code).toBe('INVALID_ENTITY_VALUE');
    expect((await kvsErrorOf(tasks.set('t4', { status: 'open', colour: 'red' }))).message).toMatch(
      /'colour' is not an attribute/,
    );
    expect(await tasks.get('t1')).toEqual({ status: 'open', createdAt: 2_000_000_000 });
  });

  it('applies a conditional entity write only when its condition holds', async () => {
    const tasks = kvs.entity<Record<string, unknown>>('task-record');
    await tasks.set('t1', { status: 'open', createdAt: 1 });
    const onlyIfOpen = {
      entityName: 'task-record',
      conditions: new Filter<{ status: string }>().and('status', FilterConditions.equalTo('open')),
    };
    await kvs.transact().set('t1', { status: 'done', createdAt: 2 }, onlyIfOpen).execute();
    const refused = await kvsErrorOf(
      kvs.transact().set('t1', { status: 'reopened', createdAt: 3 }, onlyIfOpen).execute(),
    );
    expect(refused.status).toBe(409);
    expect(await tasks.get('t1')).toEqual({ status: 'done', createdAt: 2 });
  });

  it('keeps secrets apart from plain keys', async () => {
    await kvs.setSecret('token', 's3cret');
    expect(await kvs.getSecret('token')).toBe('s3cret');
    expect(await kvs.get('token')).toBeUndefined();
    expect(runtime.kvsDump()).toEqual({});
  });

  it('stores custom entities and queries them by a declared index', async () => {
    const tasks = kvs.entity<{ status: string; createdAt: number }>('task-record');
    await tasks.set('t1', { status: 'OPEN', createdAt: 3 });
    await tasks.set('t2', { status: 'OPEN', createdAt: 1 });
    await tasks.set('t3', { status: 'DONE', createdAt: 2 });
    const open = await tasks
      .query()
      .index('by-status', { partition: ['OPEN'] })
      .getMany();
    expect(open.results.map((r) => r.key)).toEqual(['t2', 't1']);
    const filtered = await tasks
      .query()
      .index('by-status', { partition: ['OPEN'] })
      .filters(new Filter<{ status: string; createdAt: number }>().and('createdAt', FilterConditions.greaterThan(2)))
      .getMany();
    expect(filtered.results.map((r) => r.key)).toEqual(['t1']);
    expect((await kvsErrorOf(kvs.entity('undeclared').set('x', {}))).code).toBe('ENTITY_NOT_FOUND');
  });
});

describe('storage without the storage:app scope', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'local-forge-app-'));
    writeFileSync(
      join(root, 'manifest.yml'),
      [
        'modules:',
        '  function:',
        '    - key: noop',
        '      handler: index.noop',
        'app:',
        '  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000002',
        '',
      ].join('\n'),
    );
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'index.js'), 'exports.noop = () => undefined;');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is refused, naming the scope to add', async () => {
    const runtime = await createLocalRuntime({ appRoot: root, csmUrl: 'http://127.0.0.1:9' });
    try {
      const refused = await kvsErrorOf(kvs.set('job:1', 1));
      expect(refused).toMatchObject({ code: 'MISSING_SCOPE', status: 403 });
      expect(refused.message).toContain('storage:app');
      expect(runtime.stats().refusedScopes).toEqual(['storage:app']);
    } finally {
      await runtime.close();
    }
  });
});

describe('the file-backed KVS', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'local-forge-kvs-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps values across runtimes and writes the file atomically on close', async () => {
    const path = join(dir, '.local', 'kvs.json');
    const first = await createLocalRuntime({
      appRoot: FIXTURE_APP,
      csmUrl: 'http://127.0.0.1:9',
      store: { kind: 'file', path },
    });
    await kvs.set('job:9', { status: 'DONE' });
    await kvs.setSecret('token', 'kept');
    await first.close();
    expect(existsSync(path)).toBe(true);
    expect(readdirSync(join(dir, '.local'))).toEqual(['kvs.json']);

    const second = await createLocalRuntime({
      appRoot: FIXTURE_APP,
      csmUrl: 'http://127.0.0.1:9',
      store: { kind: 'file', path },
    });
    try {
      expect(await kvs.get('job:9')).toEqual({ status: 'DONE' });
      expect(await kvs.getSecret('token')).toBe('kept');
    } finally {
      await second.close();
    }
  });
});
