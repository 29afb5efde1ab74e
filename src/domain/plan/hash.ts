/**
 * FNV-1a 64-bit over the UTF-8 bytes of `text`, as 16 hex characters. Pure JS (runs in the browser too); the 64-bit
 * state is kept in four 16-bit limbs so every step stays in small integers. The FNV prime is 2^40 + 0x1b3.
 * A text in pieces hashes as their join, without joining them (a surrogate pair cut between two pieces included).
 */
export function fnv1a64Hex(text: string | readonly string[]): string {
  const state: HashState = { limbs: [0x2325, 0x8422, 0x9ce4, 0xcbf2], high: -1 };
  if (typeof text === 'string') hashInto(state, text);
  else for (const piece of text) hashInto(state, piece);
  // A high surrogate last of all had no pair: encoded as U+FFFD.
  if (state.high >= 0) hashCode(state, 0xfffd);
  const [h0, h1, h2, h3] = state.limbs;
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
}

interface HashState {
  limbs: [number, number, number, number];
  /** A high surrogate that ended the last piece, waiting for the next piece's first unit; -1 when none. */
  high: number;
}

function hashInto(state: HashState, text: string): void {
  let start = 0;
  if (state.high >= 0 && text.length > 0) {
    const next = text.charCodeAt(0);
    const paired = next >= 0xdc00 && next <= 0xdfff;
    hashCode(state, paired ? 0x10000 + ((state.high - 0xd800) << 10) + (next - 0xdc00) : 0xfffd);
    if (paired) start = 1;
  }
  let [h0, h1, h2, h3] = state.limbs;
  const pending = [0, 0, 0, 0];
  for (let i = start; i < text.length; i++) {
    let code = text.charCodeAt(i);
    let count = 1;
    if (code < 0x80) {
      pending[0] = code;
    } else {
      if (code >= 0xd800 && code <= 0xdbff && i + 1 === text.length) {
        state.high = code;
        break;
      }
      if (code >= 0xd800 && code <= 0xdbff) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
          i += 1;
        }
      }
      if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // a lone surrogate is encoded as U+FFFD
      count = utf8Bytes(code, pending);
    }
    for (let k = 0; k < count; k++) {
      h0 ^= pending[k];
      const t0 = h0 * 0x1b3;
      const t1 = h1 * 0x1b3 + (t0 >>> 16);
      const t2 = h2 * 0x1b3 + (t1 >>> 16) + (h0 << 8);
      const t3 = h3 * 0x1b3 + (t2 >>> 16) + (h1 << 8);
      h0 = t0 & 0xffff;
      h1 = t1 & 0xffff;
      h2 = t2 & 0xffff;
      h3 = t3 & 0xffff;
    }
  }
  state.limbs = [h0, h1, h2, h3];
}

/** One code point's UTF-8 bytes into `bytes`; how many. */
function utf8Bytes(code: number, bytes: number[]): number {
  if (code < 0x80) {
    bytes[0] = code;
    return 1;
  }
  if (code < 0x800) {
    bytes[0] = 0xc0 | (code >> 6);
    bytes[1] = 0x80 | (code & 0x3f);
    return 2;
  }
  if (code < 0x10000) {
    bytes[0] = 0xe0 | (code >> 12);
    bytes[1] = 0x80 | ((code >> 6) & 0x3f);
    bytes[2] = 0x80 | (code & 0x3f);
    return 3;
  }
  bytes[0] = 0xf0 | (code >> 18);
  bytes[1] = 0x80 | ((code >> 12) & 0x3f);
  bytes[2] = 0x80 | ((code >> 6) & 0x3f);
  bytes[3] = 0x80 | (code & 0x3f);
  return 4;
}

/** One code point (a pair joined across two pieces, or U+FFFD) hashed outside the loop. */
function hashCode(state: HashState, code: number): void {
  state.high = -1;
  hashInto(state, String.fromCodePoint(code));
}
