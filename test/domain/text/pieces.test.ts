import { PIECE_CHARS, PieceGatherer } from '../../../src/domain/text/pieces';

/**
 * A source is gathered into pieces of about PIECE_CHARS characters that end at line ends: the CSV parser then reads
 * each piece as it is, instead of copying it joined to the row the last one cut (a copy held beside the piece).
 */
describe('gathering a text into pieces', () => {
  const gather = (parts: string[]) => {
    const gatherer = new PieceGatherer();
    for (const part of parts) gatherer.add(part);
    return gatherer.done();
  };
  const row = (i: number) => `Organization ${i},${'x'.repeat(90)}\r\n`;
  const text = Array.from({ length: 30_000 }, (_, i) => row(i)).join('');

  it('cuts pieces of about a megabyte at line ends, whatever the parts it arrives in; joined, they are the text', () => {
    for (const size of [1, 997, 65_536, 200_000, 3_000_000]) {
      const parts = text.match(new RegExp(`[^]{1,${size}}`, 'g')) ?? [];
      const pieces = gather(size === 1 ? parts.slice(0, 5_000) : parts);
      const whole = size === 1 ? parts.slice(0, 5_000).join('') : text;
      expect(pieces.join('')).toBe(whole);
      for (const piece of pieces.slice(0, -1)) {
        expect(piece.endsWith('\r\n')).toBe(true);
        expect(piece.length).toBeGreaterThanOrEqual(PIECE_CHARS - row(0).length);
        expect(piece.length).toBeLessThan(PIECE_CHARS + Math.max(size, row(0).length) + 1);
      }
    }
    expect(gather(text.match(/[^]{1,65536}/g) ?? []).length).toBe(Math.ceil(text.length / PIECE_CHARS));
  });

  it('cuts a file of lone CRs at its CRs, a text with no line end (minified JSON) where it must, and gives an empty text one piece', () => {
    const cr = text.replace(/\r\n/g, '\r');
    const pieces = gather(cr.match(/[^]{1,65536}/g) ?? []);
    expect(pieces.join('')).toBe(cr);
    expect(pieces.slice(0, -1).every((piece) => piece.endsWith('\r'))).toBe(true);
    const line = 'x'.repeat(2 * PIECE_CHARS + 5);
    const cut = gather(line.match(/[^]{1,65536}/g) ?? []);
    expect(cut.join('')).toBe(line);
    expect(cut.length).toBe(2);
    expect(gather([])).toEqual(['']);
    expect(gather(['', ''])).toEqual(['']);
  });
});
