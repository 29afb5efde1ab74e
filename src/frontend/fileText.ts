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
  if (looksLikeBase64(data)) return decodeBase64(data);
  return data;
}

function looksLikeBase64(data: string): boolean {
  const compact = data.replace(/\s+/g, '');
  return compact.length > 0 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact);
}

function decodeBase64(body: string): string {
  const binary = atob(body.replace(/\s+/g, ''));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}
