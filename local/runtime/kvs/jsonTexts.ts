/**
 * The JSON of what one storage request carries, each value serialised once. The request's size (4 MB), the quota's
 * units (the size of each item) and each value's size (240 KiB) and depth all measure the same values: serialising
 * them once for each was most of what the local KVS spent on a write. Sizes are the bytes of `JSON.stringify`
 * exactly, put together from the parts' sizes where a value sits inside an item or a list. The values are a request
 * body as parsed, never changed while it is handled.
 */
export class JsonTexts {
  private readonly texts = new Map<unknown, string>();

  /** JSON.stringify(value), remembered for the request (`value` is not undefined). */
  text(value: unknown): string {
    let text = this.texts.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      this.texts.set(value, text);
    }
    return text;
  }

  /** The bytes of JSON.stringify(value); 0 for undefined (nothing to send). */
  bytes(value: unknown): number {
    return value === undefined ? 0 : Buffer.byteLength(this.text(value));
  }

  /**
   * The bytes of an item that carries a value (`{ key, value, options }`): its own fields serialised with the value
   * left out, and the value's serialised once for all who measure it.
   */
  itemBytes(item: unknown): number {
    if (!isRecord(item) || !Object.hasOwn(item, 'value') || item.value === undefined) return this.bytes(item);
    // A one-byte stand-in where the value goes, so the fields keep their order.
    return Buffer.byteLength(JSON.stringify({ ...item, value: 0 })) - 1 + this.bytes(item.value);
  }

  /** The bytes of a list of items, from the items' own (`[`, the items and the commas between them, `]`). */
  listBytes(list: readonly unknown[]): number {
    let bytes = 2 + Math.max(0, list.length - 1);
    for (const item of list) bytes += this.itemBytes(item);
    return bytes;
  }

  /** The bytes of an object whose `lists` are lists of items (a transaction's set, delete and check). */
  bodyBytes(body: unknown, lists: readonly string[]): number {
    if (!isRecord(body)) return this.bytes(body);
    const shell: Record<string, unknown> = { ...body };
    let bytes = 0;
    for (const name of lists) {
      const list = body[name];
      if (!Object.hasOwn(body, name) || !Array.isArray(list)) continue;
      // The one-byte stand-in again: the list's bytes are counted from its items.
      shell[name] = 0;
      bytes += this.listBytes(list) - 1;
    }
    return bytes + Buffer.byteLength(JSON.stringify(shell));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Whether a value's JSON nests objects and arrays deeper than `limit` levels (a flat object is 1), read from its
 * text: brackets inside strings are skipped with the strings.
 */
export function nestsDeeperThan(json: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (code === QUOTE) {
      // On to the string's closing quote: the next one not escaped by an odd run of backslashes.
      for (;;) {
        i = json.indexOf('"', i + 1);
        if (i === -1) return false;
        let backslashes = 0;
        while (json.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
      }
    } else if (code === OPEN_LIST || code === OPEN_OBJECT) {
      depth++;
      if (depth > limit) return true;
    } else if (code === CLOSE_LIST || code === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
