import { piecesOf, type SomeText, type TextPieces } from '../text/pieces';
import type { ImportFormat } from './types';

const BYTE_ORDER_MARK = '\uFEFF';

/** The text without its byte order mark; pieces (the reader's to take: text/pieces.ts) lose it in place. */
export function stripByteOrderMark<T extends string | TextPieces>(text: T): T;
export function stripByteOrderMark(text: string | TextPieces): string | TextPieces {
  if (typeof text === 'string') return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  const first = text.findIndex((piece) => piece !== '');
  if (first >= 0 && text[first].startsWith(BYTE_ORDER_MARK)) text[first] = text[first].slice(1);
  return text;
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
