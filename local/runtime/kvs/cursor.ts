import { KvsError } from './limits';

/** Cursors are opaque to callers; here they carry the last key returned, so pages stay stable while keys change. */
export function encodeCursor(lastKey: string): string {
  return Buffer.from(JSON.stringify({ after: lastKey })).toString('base64url');
}

export function decodeCursor(cursor: unknown): string | undefined {
  if (cursor === undefined || cursor === null || cursor === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through to the error below
  }
  throw new KvsError(
    400,
    'INVALID_CURSOR',
    `The cursor '${String(cursor)}' was not returned by a query of this store: pass nextCursor unchanged.`,
  );
}

/** One page of sorted entries after the cursor. */
export function page<T>(
  sorted: Array<[string, T]>,
  cursor: unknown,
  limit: number,
): { items: Array<[string, T]>; cursor?: string } {
  const after = decodeCursor(cursor);
  const start = after === undefined ? 0 : firstAfter(sorted, after);
  const items = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  return { items, cursor: more && items.length ? encodeCursor(items[items.length - 1][0]) : undefined };
}

function firstAfter<T>(sorted: Array<[string, T]>, after: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid][0] <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
