import { readImport } from '../../../src/domain/import';
import type { ImportKind } from '../../../src/domain/operations';
import { SITE } from '../fixtures';

/**
 * A sync plan's source is read in the pieces it arrived in, never joined (issue 26: an 80 MB export joined is held at
 * two bytes a character as soon as one character is beyond U+00FF). Read in pieces, a file must read exactly as its
 * join: the same rows, operations and problems, however it is cut.
 */
const FILES: Record<string, { text: string; kind?: ImportKind }> = {
  crlf: { text: 'Organization Name,Region,Notes\r\nAcme,EMEA,O’Brien – €5\r\n"Globex, Inc",APAC,"a\r\nb"\r\n' },
  lf: { text: '\uFEFFOrganization Name;Region\nAcme;EMEA\n\nGlobex;APAC\n' },
  mixed: { text: 'Organization Name,Notes\r\nAcme,"one\ntwo"\nGlobex,x\r\nInitech,😀\r\n' },
  'lone CR': { text: 'Organization Name,Region\rAcme,EMEA\rGlobex,APAC' },
  tabs: { text: 'Organization Name\tRegion\r\nAcme\tEMEA\r\nGlobex\tMars\r\n' },
  'unterminated quote': { text: 'Organization Name,Notes\r\nAcme,"never closed\r\nGlobex,x\r\n' },
  'bad quote and too many cells': { text: 'Organization Name,Region\nAcme,"EMEA"x\nGlobex,APAC,extra\n' },
  'not UTF-8': { text: 'Organization Name\nAcme\nSoci\uFFFDt\u00e9\n' },
  'NUL bytes': { text: 'Organization Name\nAc\u0000me\n' },
  empty: { text: ' \r\n\t ' },
  'header only': { text: 'Organization Name,Region\r\n' },
  json: { text: ' [{"name":"Acme","details":[{"name":"Region","values":["EMEA"]}]},{"name":"O’Brien"}]' },
  memberships: {
    text: 'Organization Name,Customer Email\r\nAcme,a@example.com\r\nGlobex,b@example.com\r\n',
    kind: 'memberships',
  },
};

/** The text cut at `points`, some pieces empty. */
function cut(text: string, points: number[]): string[] {
  const at = [0, ...points, text.length];
  return at.slice(1).map((end, i) => text.slice(at[i], end));
}

describe('reading a file in pieces', () => {
  it.each(Object.keys(FILES))('reads %s as its join, cut anywhere', (name) => {
    const { text, kind = 'profiles' } = FILES[name];
    const whole = readImport({ text, kind }, SITE, { maxRows: 2 });
    for (let a = 0; a <= text.length; a += 1) {
      // Cut in two at every position (a CRLF, a surrogate pair, the header line, the byte order mark), and in four.
      expect(readImport({ text: cut(text, [a]), kind }, SITE, { maxRows: 2 })).toEqual(whole);
      const b = Math.min(text.length, a + 3);
      expect(readImport({ text: cut(text, [a, a, b]), kind }, SITE, { maxRows: 2 })).toEqual(whole);
    }
  });

  it('reads a file of many pieces of one character each, and one of no pieces as an empty file', () => {
    const { text } = FILES.mixed;
    expect(readImport({ text: [...text], kind: 'profiles' }, SITE)).toEqual(
      readImport({ text, kind: 'profiles' }, SITE),
    );
    expect(readImport({ text: [], kind: 'profiles' }, SITE)).toEqual(readImport({ text: '', kind: 'profiles' }, SITE));
  });

  it('reads thousands of pieces without nesting a call a piece', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `Org ${i},EMEA`);
    const text = ['Organization Name,Region', ...rows].join('\r\n');
    const pieces = text.match(/[^]{1,7}/g) ?? [];
    expect(pieces.length).toBeGreaterThan(40_000);
    const read = readImport({ text: pieces, kind: 'profiles' }, SITE);
    expect(read.rowCount).toBe(20_000);
    expect(read.operations).toEqual(readImport({ text, kind: 'profiles' }, SITE).operations);
  });

  it('takes the pieces it reads: each is let go once read, CSV or JSON', () => {
    for (const name of ['crlf', 'mixed', 'json']) {
      const pieces = cut(FILES[name].text, [5, 20, 40]);
      readImport({ text: pieces, kind: 'profiles' }, SITE);
      expect(pieces.join('')).toBe('');
    }
  });
});
