import { fnv1a64Hex, utf8ByteLength } from '../../../src/domain/plan';

describe('hashing and sizing', () => {
  it('computes FNV-1a 64 over UTF-8 bytes (published test vectors)', () => {
    expect(fnv1a64Hex('')).toBe('cbf29ce484222325');
    expect(fnv1a64Hex('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64Hex('foobar')).toBe('85944171f73967e8');
    expect(fnv1a64Hex('é')).not.toBe(fnv1a64Hex('e'));
    expect(fnv1a64Hex('😀')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('counts UTF-8 bytes', () => {
    expect(utf8ByteLength('abc')).toBe(3);
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('€')).toBe(3);
    expect(utf8ByteLength('😀')).toBe(4);
    expect(utf8ByteLength('a😀é€')).toBe(new TextEncoder().encode('a😀é€').length);
  });
});

describe('hashing a text in pieces', () => {
  const text = 'Organization Name,Notes\r\nO’Brien Ltd,😀 ünïcode – €\r\nAcme,"a\r\nb"\r\n\uD800 lone\uDC00';
  const cuts = (pieces: number, seed: number) => {
    const at = new Set<number>();
    for (let i = 1; i < pieces; i += 1) at.add(Math.floor((((seed * 7919 * i) % 9973) / 9973) * text.length));
    const points = [0, ...[...at].sort((a, b) => a - b), text.length];
    return points.slice(1).map((end, i) => text.slice(points[i], end));
  };

  it('hashes the pieces as their join, wherever they are cut (a surrogate pair and a CRLF cut in two included)', () => {
    const whole = fnv1a64Hex(text);
    for (let seed = 1; seed <= 40; seed += 1) expect(fnv1a64Hex(cuts(1 + (seed % 9), seed))).toBe(whole);
    const pair = text.indexOf('😀');
    expect(fnv1a64Hex([text.slice(0, pair + 1), text.slice(pair + 1)])).toBe(whole);
    expect(fnv1a64Hex([text.slice(0, pair + 1), '', '', text.slice(pair + 1)])).toBe(whole);
    expect(fnv1a64Hex([])).toBe(fnv1a64Hex(''));
  });

  it('encodes a high surrogate left alone at a cut, or at the end, as U+FFFD, as the whole text does', () => {
    expect(fnv1a64Hex(['a\uD83D', 'b'])).toBe(fnv1a64Hex('a\uD83Db'));
    expect(fnv1a64Hex(['a\uD83D'])).toBe(fnv1a64Hex('a\uFFFD'));
    expect(fnv1a64Hex(['a\uD83D', '\uD83D', '\uDE00'])).toBe(fnv1a64Hex('a\uD83D\uD83D\uDE00'));
  });
});
