import { fetch, type APIResponse } from '@forge/api';
import { PIECE_CHARS, PieceGatherer, type TextPieces } from '../domain/text/pieces';

/**
 * Reads a sync plan's URL source, in pieces as it arrives (never joined: see domain/text/pieces.ts). Forge lets the
 * app reach only origins declared under permissions.external.fetch.backend.
 */
export type SourceFetcher = (url: string) => Promise<TextPieces>;

export class SourceUnavailableError extends Error {}

export interface SourceLimits {
  /** The whole read, from the request to the last byte. */
  timeoutMs: number;
  /** Bytes of the body as read (after any gzip is undone): CSM's own import takes files of at most 80 MB. */
  maxBytes: number;
  /** Redirects followed, each only to the same origin. */
  maxRedirects: number;
}

export const SOURCE_LIMITS: SourceLimits = { timeoutMs: 20_000, maxBytes: 80 * 1024 * 1024, maxRedirects: 3 };

/** Characters a piece of a source gathers (about a megabyte, ending at a line end: domain/text/pieces.ts). */
export const SOURCE_PIECE_CHARS = PIECE_CHARS;

/**
 * How a run holds a source once read: in its pieces (`whole: false`, the app), or joined into one string first, as
 * runs did before issue 26 (only the memory benchmark sets it, to measure both in one run: local/bench/memory.ts).
 */
export const SOURCE_HOLDING = { whole: false };

/** What a source may be served as: the native CSV, JSON, or plain text. */
const CONTENT_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/json', 'text/json'];

const why = (url: string, what: string) => new SourceUnavailableError(`The source URL ${url} ${what}`);

/**
 * What an admin can do when the app may not read an address: Forge lets an app fetch only from the origins its
 * developer declared in its manifest, and only a redeploy (approved on the site) adds one. Said for an admin, who
 * cannot change the app: not "run forge deploy".
 */
export function mayNotRead(url: string): string {
  const origin = originOf(url);
  return (
    `Check that the address is right and that ${origin} answers. An app reads only the addresses its developer ` +
    `declared: if ${origin} is not one of them, ask the app's developer to declare ${origin} and redeploy the app; ` +
    'once a site admin approves the update, run the plan again.'
  );
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * Reads a URL source the way a careful admin would want it read: https only, within 20 s, at most 80 MB however it
 * is compressed, redirects only within the same origin, and only CSV, JSON or plain text. A source that breaks any
 * of these is a failed run that says which, never a run that hangs or fills the function's memory.
 */
export function sourceFetcher(limits: SourceLimits = SOURCE_LIMITS): SourceFetcher {
  return async (url) => {
    let target = parsed(url);
    if (target.protocol !== 'https:') throw why(url, 'is not an https address: only https sources are read.');
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), limits.timeoutMs);
    try {
      for (let redirects = 0; ; redirects += 1) {
        const response = await request(target.href, abort.signal, url, limits);
        if (response.status >= 300 && response.status < 400) {
          const location = response.headers.get('location');
          const next = location ? new URL(location, target) : undefined;
          if (!next || next.origin !== target.origin) {
            throw why(
              url,
              `redirects to ${next?.origin ?? 'nowhere'}: only redirects within ${target.origin} are followed.`,
            );
          }
          if (redirects >= limits.maxRedirects) throw why(url, `redirects more than ${limits.maxRedirects} times.`);
          target = next;
          continue;
        }
        if (!response.ok) {
          throw why(
            url,
            `answered ${response.status} ${response.statusText}. Check the address and that the export is published.`,
          );
        }
        const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
        if (!CONTENT_TYPES.includes(type)) {
          throw why(
            url,
            `is served as ${type || 'nothing in particular (no Content-Type)'}, not as CSV, JSON or plain text: serve the export as text/csv.`,
          );
        }
        return await readBody(response, limits.maxBytes, url);
      }
    } catch (error) {
      if (abort.signal.aborted) throw why(url, `did not answer within ${limits.timeoutMs / 1000} s.`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

export const forgeSourceFetcher = sourceFetcher();

function parsed(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw why(url, 'is not an address.');
  }
}

/** @forge/api's fetch returns the runtime's own Response, which streams its body; its types declare less. */
type SourceResponse = APIResponse & { body?: ReadableStream<Uint8Array> | null };

async function request(
  url: string,
  signal: AbortSignal,
  original: string,
  limits: SourceLimits,
): Promise<SourceResponse> {
  try {
    return await fetch(url, {
      headers: { Accept: 'text/csv, application/json;q=0.9, text/plain;q=0.8' },
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw why(original, `did not answer within ${limits.timeoutMs / 1000} s.`);
    const reason = error instanceof Error ? error.message : String(error);
    throw why(original, `could not be fetched (${reason}). ${mayNotRead(original)}`);
  }
}

/** The body, counted as it arrives: past the cap the read stops at once. Decoded as it comes, into pieces. */
async function readBody(response: SourceResponse, maxBytes: number, url: string): Promise<TextPieces> {
  const tooLarge = () =>
    why(
      url,
      `is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, the most CSM imports at once: split the export.`,
    );
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const pieces = new Pieces();
  if (!response.body) {
    const whole = new Uint8Array(await response.arrayBuffer());
    if (whole.byteLength > maxBytes) throw tooLarge();
    for (let start = 0; start < whole.byteLength; start += SOURCE_PIECE_CHARS)
      pieces.decode(whole.subarray(start, start + SOURCE_PIECE_CHARS));
    return pieces.done();
  }
  const reader = response.body.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    pieces.decode(value);
  }
  return pieces.done();
}

/** UTF-8 decoded as it arrives (a character cut between two chunks is kept whole), gathered into pieces. */
class Pieces {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly gatherer = new PieceGatherer();

  decode(bytes: Uint8Array): void {
    this.gatherer.add(this.decoder.decode(bytes, { stream: true }));
  }

  done(): TextPieces {
    this.gatherer.add(this.decoder.decode());
    return this.gatherer.done();
  }
}
