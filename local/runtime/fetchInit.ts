import { STATUS_CODES } from 'node:http';

/** What the @forge packages pass as the third argument of `__forge_fetch__`, normalised. */
export interface ForgeFetchInit {
  method?: string;
  headers?: HeadersInit;
  body?: BodyInit | null;
}

export function methodOf(init: ForgeFetchInit | undefined): string {
  return (init?.method ?? 'GET').toUpperCase();
}

export async function bodyText(init: ForgeFetchInit | undefined): Promise<string | undefined> {
  const body = init?.body;
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  return new Response(body).text();
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const noBody = status === 204 || body === undefined;
  return new Response(noBody ? null : JSON.stringify(body), {
    status,
    statusText: STATUS_CODES[status] ?? '',
    headers: noBody ? headers : { 'content-type': 'application/json', ...headers },
  });
}
