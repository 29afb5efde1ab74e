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
  const page = readFileSync(path.join(appRoot, 'static/playground/index.html'), 'utf8');
  const styles = readFileSync(path.join(appRoot, 'static/playground/playground.css'), 'utf8');
  const bundle = await buildPageBundle(appRoot);
  // Encoded once: the script is about 14 MB (its source map inline), and each load of the page sent it as a string
  // encoded anew.
  const script = Buffer.from(bundle.script);

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
        return send(res, 200, 'text/html; charset=utf-8', page);
      case '/playground.css':
        return send(res, 200, 'text/css; charset=utf-8', styles);
      case '/app.js':
        return send(res, 200, 'text/javascript; charset=utf-8', script);
      case '/app.css':
        return send(res, 200, 'text/css; charset=utf-8', bundle.styles);
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

function send(res: ServerResponse, status: number, type: string, body: string | Buffer) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}
