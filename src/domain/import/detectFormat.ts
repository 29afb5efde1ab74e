import { piecesOf, type SomeText, type TextPieces } from '../text/pieces';
import type { ImportFormat } from './types';

const BYTE_ORDER_MARK = '\uFEFF';

export function stripByteOrderMark<T extends SomeText>(text: T): T;
export function stripByteOrderMark(text: SomeText): SomeText {
  if (typeof text === 'string') return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  const first = text.findIndex((piece) => piece !== '');
  if (first === -1 || !text[first].startsWith(BYTE_ORDER_MARK)) return text;
  const pieces: string[] = [...text];
  pieces[first] = pieces[first].slice(1);
  return pieces satisfies TextPieces;
}

/** JSON when the first non-blank character opens a list or an object; CSV otherwise. */
export function detectFormat(text: SomeText): ImportFormat {
  for (const piece of piecesOf(text)) {
    for (let i = 0; i < piece.length; i++) {
      const char = piece[i];
      if (char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === BYTE_ORDER_MARK) continue;
      return char === '[' || char === '{' ? 'json' : 'csv';
    }
  }
  return 'csv';
}
