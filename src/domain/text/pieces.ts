/**
 * A large text held in pieces, in order: a sync plan's URL source as it arrived (about a megabyte a piece), or its
 * stored file as its parts. Joined, it is the text. Held apart, each piece is stored by V8 at one byte a character
 * unless that piece has a character beyond U+00FF; joined, one such character anywhere (a ’, a –, a €, a name in
 * Japanese) makes the whole string two bytes a character: an 80 MB export would take 160 MB.
 */
export type TextPieces = readonly string[];

/** A text whole or in pieces. */
export type SomeText = string | TextPieces;

export const piecesOf = (text: SomeText): TextPieces => (typeof text === 'string' ? [text] : text);

/** The text in one string: only for what needs it whole (JSON.parse). */
export const joined = (text: SomeText): string => (typeof text === 'string' ? text : text.join(''));

/** Whether the text has nothing but white space (what String.prototype.trim removes). */
export function isBlankText(text: SomeText): boolean {
  return piecesOf(text).every((piece) => piece.trim() === '');
}

/** Where `char` (one UTF-16 unit) first occurs: its piece and its index there; undefined when nowhere. */
export function findChar(text: SomeText, char: string): { piece: number; index: number } | undefined {
  const pieces = piecesOf(text);
  for (let piece = 0; piece < pieces.length; piece += 1) {
    const index = pieces[piece].indexOf(char);
    if (index >= 0) return { piece, index };
  }
  return undefined;
}

/** How many times `char` (one UTF-16 unit) occurs before a position findChar gave. */
export function countBefore(text: SomeText, char: string, at: { piece: number; index: number }): number {
  const pieces = piecesOf(text);
  let count = 0;
  for (let piece = 0; piece <= at.piece; piece += 1) {
    const end = piece === at.piece ? at.index : pieces[piece].length;
    for (let i = pieces[piece].indexOf(char); i >= 0 && i < end; i = pieces[piece].indexOf(char, i + 1)) count += 1;
  }
  return count;
}
