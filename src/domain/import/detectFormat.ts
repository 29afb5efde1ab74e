import type { ImportFormat } from './types';

const BYTE_ORDER_MARK = '\uFEFF';

export function stripByteOrderMark(text: string): string {
  return text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
}

/** JSON when the first non-blank character opens a list or an object; CSV otherwise. */
export function detectFormat(text: string): ImportFormat {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === BYTE_ORDER_MARK) continue;
    return char === '[' || char === '{' ? 'json' : 'csv';
  }
  return 'csv';
}
