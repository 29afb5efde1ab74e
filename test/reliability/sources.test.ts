import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { sourceFetcher, SOURCE_LIMITS, SOURCE_PIECE_CHARS } from '../../src/sources/fetchSource';
import { sourceHash } from '../../src/domain/sync';
import { startHarness, writeRequests, type EngineHarness } from '../engine/harness';

/** The origin manifest.yml declares for sync sources; the local runtime routes it to a server of this test. */
const CRM = 'https://crm.example.com';
const CSV = 'Organization Name,Region\nAcme,EMEA\nGlobex,APAC\n';
/** Over a megabyte, so it arrives in more than one piece, and with characters of 2, 3 and 4 bytes. */
const LARGE = [
  'Organization Name,Region',
  ...Array.from({ length: 6_000 }, (_, i) => `"O’Brien – Süd ${i} 😀 ${'x'.repeat(150)}",EMEA`),
].join('\r\n');

type Route = (request: IncomingMessage, response: ServerResponse) => void;

const ROUTES: Record<string, Route> = {
  '/orgs.csv': (_, res) => res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8' }).end(CSV),
  '/moved.csv': (_, res) => res.writeHead(302, { Location: '/orgs.csv' }).end(),
  '/elsewhere.csv': (_, res) => res.writeHead(302, { Location: 'https://evil.example.org/orgs.csv' }).end(),
  '/loop.csv': (_, res) => res.writeHead(302, { Location: '/loop.csv' }).end(),
  '/page.html': (_, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>log in</html>'),
  '/untyped.csv': (_, res) => res.writeHead(200).end(CSV),
  '/huge.csv': (_, res) => {
    res.writeHead(200, { 'Content-Type': 'text/csv' });
    const row = 'Organization Name\n' + 'x'.repeat(64 * 1024);
    let sent = 0;
    const more = () => {
      while (sent < 4 * 1024 * 1024 && res.write(row)) sent += row.length;
      if (sent < 4 * 1024 * 1024) res.once('drain', more);
      else res.end();
    };
    more();
  },
  '/declared-huge.csv': (_, res) =>
    res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': String(900 * 1024 * 1024) }).end(),
  '/bomb.csv': (_, res) =>
    res
      .writeHead(200, { 'Content-Type': 'text/csv', 'Content-Encoding': 'gzip' })
      .end(gzipSync(new Uint8Array(4 * 1024 * 1024).fill(97))),
  '/slow.csv': () => undefined, // never answers
  '/gone.csv': (_, res) => res.writeHead(404).end(),
  '/empty.csv': (_, res) => res.writeHead(200, { 'Content-Type': 'text/csv' }).end('Organization Name,Region\n'),
  // In writes of 1,001 bytes: a character's bytes are cut between two chunks over and over.
  '/large.csv': (_, res) => {
    res.writeHead(200, { 'Content-Type': 'text/csv' });
    const bytes = Buffer.from(LARGE);
    for (let at = 0; at < bytes.length; at += 1_001) res.write(bytes.subarray(at, at + 1_001));
    res.end();
  },
};

/**
 * Sync sources as a careful admin would want them read (issue: no timeout, no size cap, redirects anywhere, http
 * and HTML accepted). Each source is served by a local server standing in for the declared https origin.
 */
describe('reading sync sources', () => {
  let server: Server;
  let harness: EngineHarness;
  let hits: string[];
  beforeAll(async () => {
    hits = [];
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      (ROUTES[req.url ?? ''] ?? ROUTES['/gone.csv'])(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    harness = await startHarness({}, { externalRoutes: { [CRM]: local } });
  });
  afterAll(async () => {
    await harness.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  // Small limits, so that the test does not wait 20 s or read 80 MB; the rules are the same.
  const fetchSource = sourceFetcher({ ...SOURCE_LIMITS, timeoutMs: 500, maxBytes: 1024 * 1024 });
  const read = (path: string) => harness.runtime.runAsFunction(() => fetchSource(`${CRM}${path}`));

  it('reads CSV from the declared https origin, following a redirect within it', async () => {
    await expect(read('/orgs.csv')).resolves.toEqual([CSV]);
    await expect(read('/moved.csv')).resolves.toEqual([CSV]);
  });

  it.each([
    ['/elsewhere.csv', /redirects to https:\/\/evil\.example\.org: only redirects within https:\/\/crm\.example\.com/],
    ['/loop.csv', /redirects more than 3 times/],
    ['/page.html', /served as text\/html, not as CSV, JSON or plain text/],
    ['/untyped.csv', /no Content-Type/],
    ['/huge.csv', /larger than 1 MB/],
    ['/declared-huge.csv', /larger than 1 MB/],
    ['/bomb.csv', /larger than 1 MB/],
    ['/slow.csv', /did not answer within 0\.5 s/],
    ['/gone.csv', /answered 404/],
  ])('refuses %s, saying why', async (path, message) => {
    await expect(read(path)).rejects.toThrow(message);
  });

  it('refuses an http address and never calls it', async () => {
    const before = hits.length;
    await expect(harness.runtime.runAsFunction(() => fetchSource('http://crm.example.com/orgs.csv'))).rejects.toThrow(
      /not an https address/,
    );
    expect(hits.length).toBe(before);
    const saved = await harness.raw('saveSyncPlan', {
      name: 'plain',
      source: { kind: 'url', url: 'http://crm.example.com/orgs.csv' },
    });
    expect(saved).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
      message: expect.stringMatching(/https address/),
    });
  });

  it('speaks of the URL, not a file, and says what an admin can do when the app may not read it', async () => {
    const refused = harness.runtime.runAsFunction(() => fetchSource('https://undeclared.example.org/orgs.csv'));
    await expect(refused).rejects.toThrow(
      /^The source URL https:\/\/undeclared\.example\.org\/orgs\.csv could not be fetched \(.*\)\. .*ask the app's developer to declare https:\/\/undeclared\.example\.org and redeploy the app/s,
    );
    await expect(refused).rejects.not.toThrow(/manifest\.yml|forge deploy|permissions\.external/);

    const plan = await harness.call('saveSyncPlan', {
      name: 'empty',
      source: { kind: 'url', url: `${CRM}/empty.csv` },
    });
    const { run } = await harness.call('runSyncNow', { planId: plan.id });
    expect(run.status).toBe('FAILED');
    expect(run.reasons).toEqual([
      expect.stringMatching(
        /^What https:\/\/crm\.example\.com\/empty\.csv serves has a header row but no organizations/,
      ),
    ]);
    await harness.call('deleteSyncPlan', { planId: plan.id });
  });

  it('runs each due plan in its own invocation: a source that hangs holds up no other plan', async () => {
    const slow = await harness.call('saveSyncPlan', {
      name: 'slow',
      schedule: { every: 'hour' },
      source: { kind: 'url', url: `${CRM}/slow.csv` },
    });
    const fast = await harness.call('saveSyncPlan', {
      name: 'fast',
      schedule: { every: 'hour' },
      source: { kind: 'url', url: `${CRM}/orgs.csv` },
    });
    await harness.runtime.fireTrigger('organization-sync-trigger');
    const until = Date.now() + 15_000;
    let fastRun;
    while (Date.now() < until) {
      const plans = (await harness.call('listSyncPlans', {})).plans;
      fastRun = plans.find((plan) => plan.id === fast.id)?.history[0];
      if (fastRun?.status === 'APPLIED') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(fastRun).toMatchObject({ status: 'APPLIED', changed: 2 });
    const slowPlan = (await harness.call('listSyncPlans', {})).plans.find((plan) => plan.id === slow.id);
    expect(slowPlan?.history).toEqual([]);
    expect(writeRequests(harness.emulator.stats())).toBe(1);
  });

  it('reads a large source in pieces of about a megabyte, never joined, and hashes it as the whole text', async () => {
    const pieces = await harness.runtime.runAsFunction(() => sourceFetcher()(`${CRM}/large.csv`));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(LARGE);
    for (const piece of pieces) expect(piece.length).toBeLessThan(SOURCE_PIECE_CHARS + 70_000);

    // A run reads it in pieces and records the hash of the whole text, as runs before did: a source read whole
    // then and in pieces now is the same source (its next run is UNCHANGED, not a run that reads CSM again).
    const plan = await harness.call('saveSyncPlan', {
      name: 'large',
      source: { kind: 'url', url: `${CRM}/large.csv` },
    });
    const { run } = await harness.call('runSyncNow', { planId: plan.id });
    expect(run).toMatchObject({ status: 'RUNNING', compared: 6_000, changed: 6_000 });
    expect(run.sourceHash).toBe(sourceHash(LARGE, { kind: 'profiles', matchBy: 'name' }));
    await harness.waitForJob(run.jobId!);
    const until = Date.now() + 15_000;
    let next = await harness.raw('runSyncNow', { planId: plan.id });
    while (!next.ok && next.code === 'RUN_GOING' && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      next = await harness.raw('runSyncNow', { planId: plan.id });
    }
    expect(next).toMatchObject({ ok: true, data: { run: { status: 'UNCHANGED', changed: 0 } } });
  }, 60_000);
});
