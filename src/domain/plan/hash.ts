/**
 * FNV-1a 64-bit over the UTF-8 bytes of `text`, as 16 hex characters. Pure JS (runs in the browser too); the 64-bit
 * state is kept in four 16-bit limbs so every step stays in small integers. The FNV prime is 2^40 + 0x1b3.
 */
export function fnv1a64Hex(text: string): string {
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const pending = [0, 0, 0, 0];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    let count = 1;
    if (code < 0x80) {
      pending[0] = code;
    } else {
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
          i += 1;
        }
      }
      if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // a lone surrogate is encoded as U+FFFD
      if (code < 0x800) {
        pending[0] = 0xc0 | (code >> 6);
        pending[1] = 0x80 | (code & 0x3f);
        count = 2;
      } else if (code < 0x10000) {
        pending[0] = 0xe0 | (code >> 12);
        pending[1] = 0x80 | ((code >> 6) & 0x3f);
        pending[2] = 0x80 | (code & 0x3f);
        count = 3;
      } else {
        pending[0] = 0xf0 | (code >> 18);
        pending[1] = 0x80 | ((code >> 12) & 0x3f);
        pending[2] = 0x80 | ((code >> 6) & 0x3f);
        pending[3] = 0x80 | (code & 0x3f);
        count = 4;
      }
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
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
}
