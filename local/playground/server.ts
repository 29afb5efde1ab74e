import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startEmulator, type CsmEmulator } from '../emulator';
import { createLocalRuntime, DEFAULT_ACCOUNT_ID, uiContextOf, type LocalRuntime } from '../runtime';
import { buildPageBundle } from './bundle';
import type { PlaygroundOptions } from './options';
import { proxyToEmulator } from './proxy';

export interface Playground {
  url: string;
  port: number;
  emulator: CsmEmulator;
  runtime: LocalRuntime;
  close(): Promise<void>;
}

export interface PlaygroundConfig extends Partial<PlaygroundOptions> {
  appRoot: string;
  /** Where the store and the emulator's site are kept across restarts (ignored with `fresh`). */
  stateDir?: string;
  log?: (line: string) => void;
}

const MAX_INVOKE_BYTES = 8 * 1024 * 1024;

/** The emulator, the local runtime with its clock, and the admin page, behind one origin on 127.0.0.1. */
export async function startPlayground(config: PlaygroundConfig): Promise<Playground> {
  const appRoot = path.resolve(config.appRoot);
  const stateDir = path.resolve(config.stateDir ?? path.join(appRoot, '.local'));
  const fresh = config.fresh ?? false;
  const read = (file: string) => readFileSync(path.join(appRoot, 'static/playground', file), 'utf8');
  const page = asset('text/html; charset=utf-8', read('index.html'));
  const styles = asset('text/css; charset=utf-8', read('playground.css'));
  const bundle = await buildPageBundle(appRoot);
  const script = asset('text/javascript; charset=utf-8', bundle.script);
  const bundleStyles = asset('text/css; charset=utf-8', bundle.styles);

  const emulator = await startEmulator({
    taskMs: config.taskMs ?? 1500,
    maxActiveTasks: config.maxActiveTasks,
    faultRate: config.faultRate,
    detailFields: config.detailFields,
    statePath: fresh ? undefined : path.join(stateDir, 'emulator-state.json'),
  });
  let runtime: LocalRuntime;
  try {
    runtime = await createLocalRuntime({
      appRoot,
      csmUrl: emulator.url,
      store: fresh ? { kind: 'memory' } : { kind: 'file', path: path.join(stateDir, 'store') },
      log: config.log,
    });
  } catch (err) {
    await emulator.close();
    throw err;
  }
  const stopClock = runtime.startClock();
  const context = uiContextOf(runtime).productContext(DEFAULT_ACCOUNT_ID);

  const server = createServer((req, res) => {
    route(req, res).catch((err: Error) =>
      sendJson(res, 500, { error: `The playground failed on ${req.method} ${req.url}: ${err.message}` }),
    );
  });
  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/_emulator/')) return proxyToEmulator(req, res, emulator.url);
    if (req.method === 'POST' && url.pathname === '/_invoke') return invoke(req, res);
    if (req.method !== 'GET') return sendJson(res, 405, { error: `${req.method} ${url.pathname} is not served here.` });
    switch (url.pathname) {
      case '/':
      case '/index.html':
        return sendAsset(req, res, page);
      case '/playground.css':
        return sendAsset(req, res, styles);
      case '/app.js':
        return sendAsset(req, res, script);
      case '/app.css':
        return sendAsset(req, res, bundleStyles);
      case '/favicon.ico':
        return send(res, 204, 'image/x-icon', '');
      case '/_context':
        return sendJson(res, 200, context);
      default:
        return sendJson(res, 404, { error: `Nothing at ${url.pathname}: the page is at /.` });
    }
  }
  async function invoke(req: IncomingMessage, res: ServerResponse) {
    let call: { functionKey?: unknown; payload?: unknown };
    try {
      call = JSON.parse(await readBody(req));
    } catch (err) {
      return sendJson(res, 400, {
        error: `POST /_invoke needs a JSON body {functionKey, payload}: ${(err as Error).message}`,
      });
    }
    if (typeof call.functionKey !== 'string')
      return sendJson(res, 400, { error: 'POST /_invoke needs a string functionKey.' });
    try {
      const body = await runtime.invokeResolver(call.functionKey, call.payload);
      return sendJson(res, 200, { body });
    } catch (err) {
      // 200 with an error: the bridge turns it into a rejected invoke(), as the Forge host does.
      return sendJson(res, 200, { error: (err as Error).message });
    }
  }

  await listen(server, config.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    emulator,
    runtime,
    async close() {
      if (closed) return;
      closed = true;
      stopClock();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
      await emulator.close();
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`Port ${port} is in use: pick another with --port N, or leave it out for a free one.`)
          : err,
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_INVOKE_BYTES) {
        reject(new Error(`the body is over ${MAX_INVOKE_BYTES} characters`));
        req.destroy();
      }
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** A file the server holds from its start to its end: encoded once, and named by a hash of it. */
interface Asset {
  type: string;
  body: Buffer;
  etag: string;
}

function asset(type: string, text: string): Asset {
  return { type, body: Buffer.from(text), etag: `"${createHash('sha256').update(text).digest('base64url')}"` };
}

/**
 * The page's files change only when the playground restarts (the bundle is built at start: 14 MB with its inline
 * source map). The browser keeps them and asks at each load whether they changed (no-cache, ETag): the same
 * answer is a 304, not the whole bundle sent, encoded and read again; a restart with other sources has other hashes.
 */
function sendAsset(req: IncomingMessage, res: ServerResponse, file: Asset) {
  const headers = { 'content-type': file.type, 'cache-control': 'no-cache', etag: file.etag };
  const known = req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === file.etag);
  res.writeHead(known ? 304 : 200, headers);
  res.end(known ? undefined : file.body);
}

function send(res: ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}
