import { jsonStringBytes, splitTextByBytes, TEXT_PART_MAX_BYTES } from '../../../src/domain/text/parts';
import { utf8ByteLength } from '../../../src/domain/text/utf8';

describe('texts cut into parts of bounded bytes', () => {
  it('counts the bytes of a text written as a JSON string, escapes included', () => {
    expect(jsonStringBytes('abc')).toBe(5);
    expect(jsonStringBytes('日本')).toBe(8);
    expect(jsonStringBytes('"\\\n')).toBe(8);
    expect(jsonStringBytes('\u0001')).toBe(8);
    expect(jsonStringBytes('😀')).toBe(6);
    expect(jsonStringBytes('\ud800')).toBe(8);
    expect(utf8ByteLength('é日😀\ud800')).toBe(2 + 3 + 4 + 3);
  });

  it('cuts a text into parts of at most the given bytes of JSON, in order, never inside a character', () => {
    expect(splitTextByBytes('abcdefghijklm', 8)).toEqual(['abcdef', 'ghijkl', 'm']);
    expect(splitTextByBytes('', 8)).toEqual(['']);
    // "日" takes 3 bytes, a quote 2 once escaped, an emoji 4 (a surrogate pair, never cut), a control character 6.
    const text = '日本"語😀,テスト\\n\u0001\t\ud800x'.repeat(50);
    for (const max of [8, 9, 16, 17, 23, 64, 300]) {
      const parts = splitTextByBytes(text, max);
      expect(parts.join('')).toBe(text);
      for (const part of parts) {
        expect(jsonStringBytes(part)).toBeLessThanOrEqual(max);
        expect(/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(part) && !part.endsWith('\ud800')).toBe(false);
      }
    }
  });

  it('keeps a part within Forge storage and invoke limits by default, and refuses a size that fits no character', () => {
    expect(TEXT_PART_MAX_BYTES).toBeLessThanOrEqual(240 * 1024);
    const parts = splitTextByBytes('株'.repeat(200_000));
    expect(parts.length).toBe(Math.ceil((600_000 + 2) / (TEXT_PART_MAX_BYTES - 2)));
    expect(() => splitTextByBytes('abc', 7)).toThrow(/at least 8 bytes/);
  });
});
