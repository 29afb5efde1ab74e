import { createLocalRuntime, type LocalRuntimeOptions } from '../../local/runtime';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A stand-in product API for the runtime tests: records every request and answers with who called. */
export interface RecordedRequest {
  method: string;
  path: string;
  principal?: string;
  accountId?: string;
  body: string;
}

export interface EchoServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export const FIXTURE_APP = join(__dirname, 'fixture-app');

/** The fixture app in a local runtime whose product calls go nowhere (tests of the platform's own rules). */
export const fixtureRuntime = (options: Partial<LocalRuntimeOptions> = {}) =>
  createLocalRuntime({ appRoot: FIXTURE_APP, csmUrl: 'http://127.0.0.1:9', ...options });

export async function startEchoServer(): Promise<EchoServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Uint8Array[] = [];
    req.on('data', (c: Uint8Array) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        principal: req.headers['x-local-forge-principal'] as string | undefined,
        accountId: req.headers['x-local-forge-account-id'] as string | undefined,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(recorded));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
