import { Agent, request, STATUS_CODES, type IncomingHttpHeaders } from 'node:http';

/**
 * How the local runtime sends a product call on to the emulator (or another local CSM at an http address): node:http
 * over kept-alive connections, answered as the fetch Response @forge/api reads. The global fetch did the same at
 * about twice the CPU a call (undici's Request, Headers, streams and abort signal for each), and a job makes one call
 * to CSM for every 25 to 50 rows. An https address, or anything this does not handle, goes to fetch as before.
 */
export function productSend(fallback: typeof fetch): typeof fetch {
  // An idle connection is dropped after 4 s, before the emulator's 5 s keep-alive ends it (undici keeps the same
  // second's margin): a call never goes out on a connection the server is closing. Idle connections do not hold the
  // process open, and a call still on its way when the runtime closes ends as it would have with fetch.
  const agent = new Agent({ keepAlive: true, timeout: 4_000 });
  const productSend = (input: string | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const body = init?.body;
    if (url.protocol !== 'http:' || (body !== undefined && body !== null && typeof body !== 'string'))
      return fallback(input, init);
    return send(agent, url, init?.method ?? 'GET', new Headers(init?.headers), body ?? undefined);
  };
  // productFetch.ts sends a URL string, a method, Headers and a text body: the part of fetch's signature used.
  return productSend as typeof fetch;
}

function send(agent: Agent, url: URL, method: string, headers: Headers, body: string | undefined): Promise<Response> {
  // As fetch: a text body without a type of its own is text/plain, and its length is given.
  if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
  if (body !== undefined) headers.set('content-length', String(Buffer.byteLength(body)));
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers: plain(headers), agent }, (incoming) => {
      const chunks: Uint8Array[] = [];
      incoming.on('data', (chunk: Uint8Array) => chunks.push(chunk));
      incoming.on('error', (err) => reject(new TypeError('fetch failed', { cause: err })));
      incoming.on('end', () => {
        const status = incoming.statusCode ?? 500;
        const noBody = status === 204 || status === 205 || status === 304 || method === 'HEAD';
        resolve(
          new Response(noBody ? null : new Uint8Array(Buffer.concat(chunks)), {
            status,
            statusText: incoming.statusMessage ?? STATUS_CODES[status] ?? '',
            headers: headersOf(incoming.headers),
          }),
        );
      });
    });
    // As fetch: a connection refused or dropped is a TypeError('fetch failed') whose cause says what happened.
    outgoing.on('error', (err) => reject(new TypeError('fetch failed', { cause: err })));
    outgoing.end(body);
  });
}

function plain(headers: Headers): Record<string, string> {
  const fields: Record<string, string> = {};
  headers.forEach((value, name) => (fields[name] = value));
  return fields;
}

function headersOf(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const each of value) headers.append(name, each);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}
