/**
 * A large text held in pieces, in order: a sync plan's URL source as it arrived (about a megabyte a piece), or its
 * stored file. Joined, it is the text; it is never joined whole. The reader that parses it takes it: each piece is
 * emptied once read, so that the source is let go as its rows are read (readImport), where a whole string is held
 * until every row read from it is. Held whole, one character beyond U+00FF anywhere (a ’, a –, a €, a name in
 * Japanese) also makes all of it two bytes a character: an 80 MB export takes 160 MB.
 */
export type TextPieces = string[];

/** A text whole or in pieces, only looked at. */
export type SomeText = string | readonly string[];

/** A text whole or in pieces to be read once: the reader takes the pieces. */
export type SourceText = string | TextPieces;

export const piecesOf = (text: SomeText): readonly string[] => (typeof text === 'string' ? [text] : text);

/** The text in one string: only for what needs it whole (JSON.parse). */
export const joined = (text: SomeText): string => (typeof text === 'string' ? text : text.join(''));

/** The text in one string, its pieces let go (emptied): for what needs it whole, once. */
export function takeJoined(text: string | TextPieces): string {
  if (typeof text === 'string') return text;
  const whole = text.join('');
  text.length = 0;
  return whole;
}

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

/**
 * Characters a piece gathers before the next one starts: network chunks (16 to 64 KB) or stored parts (200 KB)
 * gathered into pieces of about a megabyte, few enough to parse one after another, small enough that a character
 * beyond U+00FF makes only its own piece two bytes a character.
 */
export const PIECE_CHARS = 1_000_000;

/**
 * Gathers a text that arrives in parts into pieces of about PIECE_CHARS characters, each ending at a line end when
 * the text has one: the CSV parser (papaparse) then reads each piece as it is, where a piece that cuts a row in two
 * would be copied, joined to the rest of that row, and the copy held beside the piece.
 */
export class PieceGatherer {
  private readonly pieces: string[] = [];
  private gathering: string[] = [];
  private gathered = 0;

  add(text: string): void {
    if (text === '') return;
    this.gathering.push(text);
    this.gathered += text.length;
    if (this.gathered >= PIECE_CHARS) this.cut(false);
  }

  done(): TextPieces {
    this.cut(true);
    return this.pieces.length > 0 ? this.pieces : [''];
  }

  private cut(last: boolean): void {
    if (this.gathering.length === 0) return;
    const text = this.gathering.join('');
    // After the last LF; in a file of lone CRs (old Macs), after the last CR.
    const lf = text.lastIndexOf('\n');
    const lineEnd = (lf >= 0 ? lf : text.lastIndexOf('\r')) + 1;
    // No line end in a megabyte (minified JSON is one line): cut where it is, rather than gather on and join again.
    const end = last || lineEnd === 0 ? text.length : lineEnd;
    this.pieces.push(end === text.length ? text : text.slice(0, end));
    const rest = end === text.length ? '' : text.slice(end);
    this.gathering = rest === '' ? [] : [rest];
    this.gathered = rest.length;
  }
}
