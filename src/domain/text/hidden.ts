/**
 * Characters that do not show, or that change the direction text is shown in: control characters (a bell, an
 * escape, a line break) and the bidirectional marks, embeddings, overrides and isolates. Never wanted in an
 * organization's name, and a way to make one name look like another or to send a terminal escape sequences.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const HIDDEN_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** The same, but line ends and tabs: what a CSV cell or a terminal line may hold. */
/* eslint-disable no-control-regex -- matching control characters is the point */
export const HIDDEN_IN_TEXT =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

const DIRECTION_MARKS: Record<number, string> = {
  0x061c: 'an Arabic letter mark',
  0x200e: 'a left-to-right mark',
  0x200f: 'a right-to-left mark',
  0x202a: 'a left-to-right embedding',
  0x202b: 'a right-to-left embedding',
  0x202c: 'a pop directional formatting',
  0x202d: 'a left-to-right override',
  0x202e: 'a right-to-left override',
  0x2066: 'a left-to-right isolate',
  0x2067: 'a right-to-left isolate',
  0x2068: 'a first strong isolate',
  0x2069: 'a pop directional isolate',
};

/** `U+0007` */
export const codePointOf = (char: string) => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The first hidden character of `text`: what it is, its code point, and where (1-based). */
export function hiddenCharacter(text: string): { what: string; code: string; position: number } | undefined {
  const match = HIDDEN_CHARACTER.exec(text);
  if (!match) return undefined;
  return {
    what: DIRECTION_MARKS[match[0].charCodeAt(0)] ?? 'a control character',
    code: codePointOf(match[0]),
    position: match.index + 1,
  };
}
