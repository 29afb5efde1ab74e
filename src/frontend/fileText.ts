/**
 * UI Kit's FilePicker hands the page each file's `data` as a string. Depending on the host it is a
 * data URL or bare base64; plain text is accepted too, so a CSV or JSON file always reads as text.
 */
export function fileText(data: string): string {
  const dataUrl = /^data:[^,]*?(;base64)?,/.exec(data);
  if (dataUrl) {
    const body = data.slice(dataUrl[0].length);
    return dataUrl[1] ? decodeBase64(body) : decodeURIComponent(body);
  }
  if (looksLikeBase64(data)) {
    const text = decodeBase64(data, true);
    if (text !== undefined) return text;
  }
  return data;
}

const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Bare base64 as a host gives it: one line, or lines of one length (76 or 64, MIME style) but the last. Plain text can
 * be made of base64's letters too ("Name\nAcme\nBeta\nGama" is), but its lines are not all one length.
 */
function looksLikeBase64(data: string): boolean {
  const lines = data.replace(/\r?\n$/, '').split(/\r?\n/);
  const width = lines[0].length;
  if (width === 0 || (lines.length > 1 && width % 4 !== 0)) return false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!BASE64_LINE.test(line)) return false;
    if (i < lines.length - 1 ? line.length !== width : line.length > width || line.length === 0) return false;
  }
  return lines.join('').length % 4 === 0;
}

// eslint-disable-next-line no-control-regex -- a text file holds no control characters but tabs and line ends
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/**
 * `strict`: undefined unless the bytes are UTF-8 text (no invalid sequence, no control character): a plain text that
 * happens to look like base64 is then kept as it is rather than decoded into garbage.
 */
function decodeBase64(body: string, strict: true): string | undefined;
function decodeBase64(body: string): string;
function decodeBase64(body: string, strict = false): string | undefined {
  let text: string;
  try {
    const binary = atob(body.replace(/\s+/g, ''));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    text = new TextDecoder('utf-8', { fatal: strict }).decode(bytes);
  } catch (error) {
    if (strict) return undefined;
    throw error;
  }
  if (strict && BINARY.test(text)) return undefined;
  return text.replace(/^\uFEFF/, '');
}
