import type { IncomingHttpHeaders } from 'node:http';
import type { FaultKind } from '../types';
import type { Caller } from '../identity';
import type { EmulatorCore } from '../core';
import type { Reply } from '../http/reply';
import { restError } from '../http/reply';

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  bodyText: string;
  now: number;
  caller: Caller;
  /** Path parameters in the order the route template names them. */
  params: string[];
  /** A fault drawn for this request that strikes after it is accepted (bulk submits only). */
  lateFault?: FaultKind;
}

export type ApiHandler = (core: EmulatorCore, req: ApiRequest) => Reply;

export type JsonBody = { ok: true; value: unknown } | { ok: false; reply: Reply };

export function parseJsonBody(text: string): JsonBody {
  if (text.trim() === '')
    return { ok: false, reply: restError(400, 'The request body is empty: send a JSON object.', 'invalidJson') };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      reply: restError(400, `The request body is not valid JSON: ${(err as Error).message}.`, 'invalidJson'),
    };
  }
  // No valid request nests deeply; refusing here keeps recursive steps further on within the stack.
  if (nestingDepth(text) > MAX_NESTING) {
    return {
      ok: false,
      reply: restError(
        400,
        `The request body nests deeper than ${MAX_NESTING} levels: no request of this API does.`,
        'invalidJson',
      ),
    };
  }
  return { ok: true, value };
}

const MAX_NESTING = 64;

function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}
