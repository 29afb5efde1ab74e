/**
 * Characters that do not show, or that change the direction text is shown in: control characters (a bell, an
 * escape, a line break) and the bidirectional marks, embeddings, overrides and isolates. Never wanted in an
 * organization's name, and a way to make one name look like another or to send a terminal escape sequences.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const HIDDEN_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Characters that show nothing at all (format characters: zero-width space, joiners, word joiner, soft hyphen, a
 * byte order mark inside the text), the line and paragraph separators, and halves of a surrogate pair standing alone
 * (not a character: JSON sends them as `\udxxx`, and CSM or a browser may show, drop or refuse them). A name holding
 * one looks like the same name without it, so two organizations could look the same.
 */
const INVISIBLE_CHARACTER =
  /[\u00ad\u180e\u200b\u200c\u2028\u2029\u2060-\u2064\ufeff]|\u034f|\u200d|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

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

const INVISIBLE_NAMES: Record<number, string> = {
  0x00ad: 'a soft hyphen',
  0x200b: 'a zero-width space',
  0x200c: 'a zero-width non-joiner',
  0x200d: 'a zero-width joiner',
  0x2028: 'a line separator',
  0x2029: 'a paragraph separator',
  0x2060: 'a word joiner',
  0xfeff: 'a byte order mark (zero-width no-break space)',
};

/**
 * The first hidden character of `text` (a control, a direction mark, an invisible character or a lone surrogate):
 * what it is, its code point, and where (1-based).
 */
export function hiddenCharacter(text: string): { what: string; code: string; position: number } | undefined {
  const control = HIDDEN_CHARACTER.exec(text);
  const invisible = INVISIBLE_CHARACTER.exec(text);
  const match = control && (!invisible || control.index <= invisible.index) ? control : invisible;
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  const surrogate = code >= 0xd800 && code <= 0xdfff;
  return {
    what: surrogate
      ? 'half of a character (a lone surrogate, left by a text cut in the middle of an emoji or a rare character)'
      : (DIRECTION_MARKS[code] ??
        INVISIBLE_NAMES[code] ??
        (match === control ? 'a control character' : 'an invisible character')),
    code: codePointOf(match[0]),
    position: match.index + 1,
  };
}
