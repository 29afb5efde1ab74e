import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CsmEmulator, EmulatorOptions, EmulatorState } from './types';
import { resolveOptions } from './options';
import { EmulatorCore } from './core';
import { StateFile } from './stateFile';
import { readBody } from './http/readBody';
import { restError, type Reply } from './http/reply';
import { dispatch } from './dispatch';
import { parseState } from './schemas/stateSchema';

export async function startEmulator(opts: EmulatorOptions = {}): Promise<CsmEmulator> {
  const options = resolveOptions(opts);
  const stateFile = options.statePath ? new StateFile(options.statePath) : undefined;
  const core = new EmulatorCore(options);
  const saved = stateFile?.read();
  if (saved !== undefined) {
    const parsed = parseState(saved, core.startState());
    if (!parsed.ok) {
      const problems = parsed.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
      throw new Error(
        `Emulator state file ${options.statePath} is not a valid state (${problems}): fix it or delete it to start empty.`,
      );
    }
    core.load(parsed.state);
  }
  let savedVersion = core.version;
  const persist = () => {
    if (!stateFile || core.version === savedVersion) return;
    savedVersion = core.version;
    stateFile.schedule(() => core.state());
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      // Only a failure to write the response lands here; the socket is the one thing left to clean up.
      process.stderr.write(`CSM emulator: could not answer ${req.method} ${req.url}: ${(err as Error).message}\n`);
      res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    let reply: Reply;
    try {
      reply = dispatch(core, req, body);
    } catch (err) {
      core.stats.rejection('serverError');
      reply = restError(500, `The emulator failed while handling ${req.method} ${req.url}: ${(err as Error).message}`);
    }
    persist();
    send(req, res, reply);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const within = <T>(fn: () => T): T => {
    const result = fn();
    persist();
    return result;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state: () => within(() => core.state()),
    setState: (s: EmulatorState) => within(() => core.replaceState(s)),
    reset: () => within(() => core.reset()),
    stats: () =>
      within(() => {
        core.settle();
        return core.stats.snapshot();
      }),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
        stateFile?.flush();
      });
      return closing;
    },
  };
}

function send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  if (reply.drop) {
    req.socket.destroy();
    return;
  }
  const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...reply.headers,
  });
  res.end(text);
}
