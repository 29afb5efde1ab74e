/**
 * Large texts (an uploaded file, a sync plan's source) travel and are stored in parts. Both limits are counted in
 * bytes of JSON: Forge KVS keeps a value of at most 240 KiB of it, and a front-end invoke carries at most 500 KB.
 * A part of 200,000 bytes fits both, with room for the rest of the value or the request. Counting characters is
 * not enough: a Japanese character takes 3 bytes, and a quote or line break in the file is escaped by JSON.
 */
export const TEXT_PART_MAX_BYTES = 200_000;

/**
 * The most parts one upload may have: 250 parts of 200,000 bytes, 50 MB. A file of MAX_JOB_ROWS (100,000) rows
 * with 500 bytes each fits; reading a larger one in one invocation would take more memory than a function has (a
 * 240 MB upload took 2.6 GB to preview).
 */
export const MAX_UPLOAD_PARTS = 250;
export const MAX_UPLOAD_MB = (MAX_UPLOAD_PARTS * TEXT_PART_MAX_BYTES) / 1_000_000;

/** What to tell the admin when a file is larger than an upload may be. */
export function uploadTooLargeMessage(bytes?: number): string {
  const size = bytes === undefined ? '' : ` (this one is ${Math.ceil(bytes / 1_000_000).toLocaleString('en-US')} MB)`;
  return `The file is larger than the ${MAX_UPLOAD_MB} MB a file may be${size}. Split it into files of at most ${MAX_UPLOAD_MB} MB (for example 50,000 rows each) and import them one after the other.`;
}

/**
 * Bytes `text` takes once written as a JSON string (quotes and escapes included), as the UTF-8 bytes of
 * JSON.stringify(text) would be counted, but in one pass and without that copy of the text (a file of up to 50 MB
 * is sized so before it is sent).
 */
export function jsonStringBytes(text: string): number {
  let bytes = 2; // the quotes
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      bytes += 4;
      i += 1;
    } else bytes += charJsonBytes(code);
  }
  return bytes;
}

/**
 * Cuts `text` into parts of at most `maxBytes` bytes of JSON each, in order; joined, they give `text` back. A
 * surrogate pair is never cut. An empty text is one empty part.
 */
export function splitTextByBytes(text: string, maxBytes = TEXT_PART_MAX_BYTES): string[] {
  if (maxBytes < 8)
    throw new Error(`A text part must allow at least 8 bytes (quotes and one escaped character), not ${maxBytes}.`);
  const parts: string[] = [];
  let start = 0;
  let bytes = 2; // the quotes
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1));
    const size = pair ? 4 : charJsonBytes(code);
    if (bytes + size > maxBytes) {
      parts.push(text.slice(start, i));
      start = i;
      bytes = 2;
    }
    bytes += size;
    if (pair) i += 1;
  }
  parts.push(text.slice(start));
  return parts;
}

/** Bytes one UTF-16 unit (not part of a pair) takes inside a JSON string. */
function charJsonBytes(code: number): number {
  if (code === 0x22 || code === 0x5c) return 2; // \" \\
  if (code < 0x20) return code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d ? 2 : 6; // \n … \u0001
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdfff) return 6; // a lone surrogate: JSON.stringify writes \udxxx
  return 3;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
