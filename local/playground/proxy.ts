import { request, type IncomingMessage, type ServerResponse } from 'node:http';

/** Forwards `/_emulator/*` as is, so the inspection endpoints answer on the page's own origin. */
export function proxyToEmulator(req: IncomingMessage, res: ServerResponse, emulatorUrl: string): Promise<void> {
  return new Promise((resolve) => {
    const target = new URL(req.url ?? '/', emulatorUrl);
    const upstream = request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => resolve());
      },
    );
    upstream.on('error', (err) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: `The embedded emulator did not answer ${req.method} ${target.pathname}: ${err.message}`,
        }),
      );
      resolve();
    });
    req.pipe(upstream);
  });
}
